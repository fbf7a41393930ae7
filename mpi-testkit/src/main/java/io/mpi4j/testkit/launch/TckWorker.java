package io.mpi4j.testkit.launch;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * The program every process of a TCK job runs: it initializes MPI once, connects to the
 * {@link MpirunTckRunner} that launched the job, and runs the cases it is sent on the world
 * communicator, until told to quit. Cases share the world: the launching side replaces the job
 * after any case that failed, so that what a failed case left behind never reaches the next one.
 *
 * <p>A case is replayed by name: the worker instantiates the same test class, invokes the same
 * method with the same arguments, and the class' runner, seeing it runs inside a worker, runs the
 * rank body on this process and stops the method there (the launching side checks the results).
 */
public final class TckWorker {
    private static volatile Worker current;

    /** The system property naming the thread level the worker asks for (default MULTIPLE). */
    public static final String THREAD_LEVEL = "mpi4j.tck.threadLevel";

    private TckWorker() {
    }

    /** The state of a worker process while it runs a case. */
    record Worker(Intracomm world, CaseCapture.Case running, java.util.concurrent.atomic.AtomicInteger jobs) {
    }

    /** The worker state, or {@code null} outside a worker process. */
    static Worker current() {
        return current;
    }

    /**
     * Runs the worker.
     *
     * @param args the port of the launching runner on the loopback interface
     * @throws Exception if the connection or MPI fails
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // -Dmpi4j.tck.threadLevel (in mpi4j.tck.workerOptions) runs the cases at a lower thread level
        // than MULTIPLE: no case calls MPI from two threads at once
        io.mpi4j.ThreadLevel level = io.mpi4j.ThreadLevel.valueOf(System.getProperty(THREAD_LEVEL, "MULTIPLE").strip());
        try (Mpi mpi = Mpi.init(io.mpi4j.MpiOptions.builder().args(args).threadLevel(level).build());
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            Intracomm world = mpi.world();
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeObject(world.rank());
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream()));
            for (;;) {
                Object msg = in.readObject();
                if (!(msg instanceof CaseCapture.Case c)) {
                    break;
                }
                Object[] reply;
                try {
                    current = new Worker(world, c, new java.util.concurrent.atomic.AtomicInteger());
                    reply = runCase(c);
                } finally {
                    current = null;
                }
                if (!serializes(reply)) {
                    // a result or failure that does not serialize travels as its text (checked
                    // first: a writeObject that fails part-way leaves its bytes in the stream, and
                    // the launcher then reads garbage and the job dies)
                    reply = new Object[] {reply[0], reply[0].equals("ok")
                            ? String.valueOf(reply[1]) : portable((Throwable) reply[1])};
                }
                out.reset();
                out.writeObject(reply);
                out.flush();
            }
        }
    }

    /** Whether {@code value} serializes whole (into a scratch stream). */
    private static boolean serializes(Object value) {
        try (ObjectOutputStream o = new ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
            o.writeObject(value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Object[] runCase(CaseCapture.Case c) {
        try {
            Class<?> type = Class.forName(c.className());
            Method method = find(type, c.method(), c.parameterTypes());
            Constructor<?> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            Object test = ctor.newInstance();
            method.setAccessible(true);
            Object[] args = c.arguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = CaseCapture.restore(args[i]);
            }
            method.invoke(test, args);
            return new Object[] {"fail", new AssertionError("the case returned without running job #"
                    + c.previous().size() + " in the worker")};
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Stop s) {
                return s.failure == null ? new Object[] {"ok", s.result} : new Object[] {"fail", s.failure};
            }
            return new Object[] {"fail", e.getCause()};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Object[] {"fail", e};
        }
    }

    private static Method find(Class<?> type, String name, String[] params) throws NoSuchMethodException {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Method m : t.getDeclaredMethods()) {
                if (m.getName().equals(name) && Arrays.equals(params,
                        Arrays.stream(m.getParameterTypes()).map(Class::getName).toArray(String[]::new))) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + Arrays.toString(params));
    }

    /** A copy of a throwable that surely serializes: its text and stack trace. */
    static AssertionError portable(Throwable t) {
        AssertionError e = new AssertionError(t.toString());
        e.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            e.initCause(portable(t.getCause()));
        }
        return e;
    }

    /** Ends the replayed case method in a worker once its rank body has run. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Object result;
        final transient Throwable failure;

        Stop(Object result, Throwable failure) {
            super(null, null, false, false);
            this.result = result;
            this.failure = failure;
        }
    }

    /** Results of earlier jobs of the case, replayed without running. */
    static List<Object> previous(CaseCapture.Case c, int index) {
        return c.previous().get(index);
    }
}
