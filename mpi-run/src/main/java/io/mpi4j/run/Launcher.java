package io.mpi4j.run;

import io.mpi4j.DeadlockException;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.sim.Sim;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The launcher: runs a program's {@code main} on every rank of a {@code sim} job and turns the
 * outcome into an exit status, as {@code mpiexec} does for a real MPI.
 *
 * <p>Each rank runs on its own thread with its own {@linkplain RankClassLoader class loader} over the
 * program's class path (also set as the thread's context class loader), so that the program's
 * static state is per rank while mpi4j itself is shared; {@code Mpi.init(args)} on a rank's thread
 * joins the job. While the job runs, {@code System.out} and {@code System.err} tag each line with
 * its rank ({@link RankOutput}).
 *
 * <p>If a rank throws, every rank is aborted and the launcher prints
 * {@code mpi4jrun: rank 1 failed: <exception>} with the exception's stack trace. Exit status:
 * {@value #EXIT_SUCCESS} on success; the rank's code on failure (1, or the code given to
 * {@code abort}); {@value #EXIT_USAGE} for bad usage or a main class that cannot be run;
 * {@value #EXIT_DEADLOCK} after a deadlock (the report is printed); {@value #EXIT_TIMEOUT} after
 * the time limit; {@value #EXIT_FAILURE}, with a message, when the JVM exits before the job has
 * finished (a rank called {@code System.exit}, which ends every rank since they share the JVM, or
 * a signal).
 *
 * {@snippet :
 * int status = Launcher.run(new String[] {"-n", "4", "-cp", "app.jar", "com.example.Main"},
 *         System.out, System.err);
 * }
 *
 * <p>A launch changes JVM-wide state while it runs ({@code System.out}, {@code System.err}), so
 * launches in one JVM must not overlap.
 */
public final class Launcher {
    /** Exit status of a job whose ranks all returned normally. */
    public static final int EXIT_SUCCESS = 0;
    /** Exit status of a job a rank failed without a code of its own. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status for bad usage, or a main class or main method that was not found. */
    public static final int EXIT_USAGE = 2;
    /** Exit status of a job that deadlocked. */
    public static final int EXIT_DEADLOCK = 3;
    /** Exit status of a job that ran past its time limit. */
    public static final int EXIT_TIMEOUT = 4;


    private Launcher() {
    }

    /**
     * Parses a command line and runs the job it describes.
     *
     * @param argv the command line, without the command name:
     *     {@code -n N [options] MAIN_CLASS [ARGS...]}
     * @param out where the program's standard output (and the help text) goes
     * @param err where the program's standard error and the launcher's messages go
     * @return the exit status
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        return RunCommand.commandLine(spec -> launch(spec, out, err))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(argv);
    }

    /**
     * Runs a job.
     *
     * @param spec what to run
     * @param out where the program's standard output goes
     * @param err where the program's standard error and the launcher's messages go
     * @return the exit status
     */
    public static int launch(LaunchSpec spec, PrintStream out, PrintStream err) {
        for (String missing : spec.classPath().missing()) {
            err.println("mpi4jrun: warning: class path entry '" + missing + "' does not exist; ignoring it");
        }
        ClassLoader parent = Launcher.class.getClassLoader();
        URL[] urls = spec.classPath().urls();
        try {
            checkMainClass(spec, urls, parent);
        } catch (ReflectiveOperationException | LinkageError e) {
            err.println("mpi4jrun: " + describeNotRunnable(spec, e));
            return EXIT_USAGE;
        }
        if (spec.provider().equals("shm")) {
            return ShmRun.launch(spec, out, err);
        }

        Sim.Builder builder = Sim.builder()
                .ranks(spec.ranks())
                .buffering(spec.buffering())
                .threads(spec.threads())
                .timeout(spec.timeout())
                .name(spec.mainClass());
        spec.seed().ifPresent(builder::deterministic);
        Sim sim = builder.build();
        AtomicReferenceArray<RankClassLoader> loaders = new AtomicReferenceArray<>(spec.ranks());
        String[] args = spec.args().toArray(String[]::new);
        RuntimeException failure = null;
        RankOutput output = RankOutput.install(out, err, spec.tagOutput());
        // The ranks are threads of this JVM: a rank's System.exit ends every rank, as a signal does.
        // Under mpirun a process leaving without MPI_Finalize fails the job; so does this, loudly,
        // instead of ending with the status the rank chose (0 from exit(0), or 3, read as deadlock).
        Thread exitWatch = new Thread(() -> {
            System.out.flush();
            System.err.flush();
            err.println("mpi4jrun: the JVM is exiting before the job finished (System.exit in a rank's code, or a"
                    + " signal): the ranks still running end with it; the job failed");
            err.flush();
            Runtime.getRuntime().halt(EXIT_FAILURE);
        }, "mpi4jrun-exit-watch");
        Runtime.getRuntime().addShutdownHook(exitWatch);
        try {
            sim.launch(rank -> {
                output.bind(rank);
                RankClassLoader loader = new RankClassLoader("rank-" + rank, urls, parent);
                loaders.set(rank, loader);
                Thread.currentThread().setContextClassLoader(loader);
                Class<?> mainClass = Class.forName(spec.mainClass(), true, loader);
                MainMethod.find(mainClass).invoke(args);
            });
        } catch (RankFailedException | MpiException e) {
            failure = e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(exitWatch);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the watch reports it
            }
            output.close();
            closeAll(loaders, err);
        }
        return report(failure, err);
    }

    /** Loads the main class once, without initializing it, to fail early with exit status 2. */
    private static void checkMainClass(LaunchSpec spec, URL[] urls, ClassLoader parent) throws ReflectiveOperationException {
        try (RankClassLoader probe = new RankClassLoader("mpi4jrun-probe", urls, parent)) {
            MainMethod.find(Class.forName(spec.mainClass(), false, probe));
        } catch (IOException e) {
            // closing the probe loader failed: harmless, the class was found
        }
    }

    private static String describeNotRunnable(LaunchSpec spec, Throwable e) {
        return switch (e) {
            case ClassNotFoundException _ -> "main class '" + spec.mainClass() + "' was not found on the class path ("
                    + (spec.classPath().entries().isEmpty() ? "empty" : spec.classPath()) + "); check -cp and give the"
                    + " fully qualified class name, such as com.example.Main";
            case NoSuchMethodException m -> m.getMessage();
            default -> "cannot load main class '" + spec.mainClass() + "': " + e;
        };
    }

    private static void closeAll(AtomicReferenceArray<RankClassLoader> loaders, PrintStream err) {
        for (int r = 0; r < loaders.length(); r++) {
            RankClassLoader loader = loaders.get(r);
            if (loader != null) {
                try {
                    loader.close();
                } catch (IOException e) {
                    err.println("mpi4jrun: warning: cannot close the class loader of rank " + r + ": " + e.getMessage());
                }
            }
        }
    }

    private static int report(RuntimeException failure, PrintStream err) {
        switch (failure) {
            case null -> {
                return EXIT_SUCCESS;
            }
            case RankFailedException f -> {
                err.println("mpi4jrun: " + f.getMessage());
                if (f.getCause() != null) {
                    f.getCause().printStackTrace(err);
                }
                for (Throwable other : f.getSuppressed()) {
                    err.print("mpi4jrun: another rank failed too: ");
                    other.printStackTrace(err);
                }
                err.flush();
                return f.exitCode();
            }
            case DeadlockException d -> {
                err.println("mpi4jrun: deadlock: no rank can make progress");
                err.println(d.report());
                err.flush();
                return EXIT_DEADLOCK;
            }
            default -> {
                err.println("mpi4jrun: " + failure.getMessage());
                err.flush();
                return EXIT_TIMEOUT;
            }
        }
    }
}
