package io.mpi4j.testkit.launch;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One running {@code mpirun} job of {@link TckWorker}s and the connections to its ranks. */
final class MpirunJob {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** How long the other ranks may still take once one rank has failed. */
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static volatile Boolean openMpi;

    private final int ranks;
    private final Process process;
    private final Path log;
    private final Socket[] sockets;
    private final ObjectOutputStream[] outs;
    private final ObjectInputStream[] ins;
    private volatile boolean alive = true;

    private MpirunJob(int ranks, Process process, Path log) {
        this.ranks = ranks;
        this.process = process;
        this.log = log;
        this.sockets = new Socket[ranks];
        this.outs = new ObjectOutputStream[ranks];
        this.ins = new ObjectInputStream[ranks];
    }

    /** The worker JVMs' extra options: {@code mpi4j.tck.workerOptions}, split at white space. */
    static List<String> workerOptions() {
        String v = System.getProperty("mpi4j.tck.workerOptions", "-XX:+UseSerialGC").strip();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    static MpirunJob start(String provider, int ranks) {
        Path log = null;
        try (ServerSocket server = new ServerSocket(0, ranks, InetAddress.getLoopbackAddress())) {
            log = Files.createTempFile("mpi4j-tck-" + ranks + "-", ".log");
            List<String> cmd = new ArrayList<>(launchPrefix(ranks));
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            // the collector and provider settings are options: the native provider reads heap arrays
            // in place under G1 only and calls MPI through FFM downcalls unless told not to, so the
            // build runs its TCK once with each setting (mpi4j.tck.workerOptions)
            cmd.addAll(workerOptions());
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss1m", "-XX:-UsePerfData",
                    "--enable-native-access=ALL-UNNAMED", "-Dmpi4j.provider=" + provider,
                    "-cp", System.getProperty("java.class.path"),
                    TckWorker.class.getName(), Integer.toString(server.getLocalPort())));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            MpirunJob job = new MpirunJob(ranks, pb.start(), log);
            server.setSoTimeout((int) STARTUP.toMillis());
            for (int i = 0; i < ranks; i++) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    String tail = job.logTail();
                    job.stop();
                    throw new MpiException(ErrorClass.ERR_OTHER, "TCK job of " + ranks + " ranks did not start within "
                            + STARTUP.toSeconds() + " s (" + e + "); command: " + String.join(" ", cmd) + tail);
                }
                s.setTcpNoDelay(true);
                ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(s.getInputStream()));
                int rank = (Integer) in.readObject();
                job.sockets[rank] = s;
                job.ins[rank] = in;
                job.outs[rank] = new ObjectOutputStream(new BufferedOutputStream(s.getOutputStream()));
            }
            return job;
        } catch (IOException | ClassNotFoundException e) {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            throw new MpiException(ErrorClass.ERR_OTHER, "could not start a TCK job of " + ranks + " ranks: " + e, e);
        }
    }

    /**
     * The launcher and its options for a job of {@code ranks} processes, before the program:
     * Open MPI gets oversubscription, root and no binding (more ranks than cores is the normal case
     * here); {@code mpi4j.tck.mpirunArgs} adds more.
     */
    static List<String> launchPrefix(int ranks) {
        List<String> cmd = new ArrayList<>(List.of(MpirunTckRunner.launcher()));
        if (isOpenMpi()) {
            cmd.addAll(List.of("--oversubscribe", "--allow-run-as-root", "--bind-to", "none"));
        }
        String extra = System.getProperty("mpi4j.tck.mpirunArgs", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-n", Integer.toString(ranks)));
        return cmd;
    }

    private static boolean isOpenMpi() {
        Boolean o = openMpi;
        if (o == null) {
            try {
                Process p = new ProcessBuilder(MpirunTckRunner.launcher(), "--version").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                o = v.contains("Open MPI") || v.contains("OpenRTE");
            } catch (IOException e) {
                o = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                o = false;
            }
            openMpi = o;
        }
        return o;
    }

    boolean alive() {
        return alive && process.isAlive();
    }

    /** Runs a case on every rank and returns the per-rank results. */
    List<Object> runCase(CaseCapture.Case c, Duration timeout) throws IOException {
        for (int r = 0; r < ranks; r++) {
            outs[r].reset();
            outs[r].writeObject(c);
            outs[r].flush();
        }
        List<CompletableFuture<Object[]>> replies = new ArrayList<>(ranks);
        var exec = Executors.newVirtualThreadPerTaskExecutor();
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            replies.add(CompletableFuture.supplyAsync(() -> read(rank), exec));
        }
        exec.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        Object[][] got = new Object[ranks][];
        int firstFailed = -1;
        boolean complete = true;
        for (int r = 0; r < ranks; r++) {
            long left = deadline - System.nanoTime();
            if (firstFailed >= 0) {
                left = Math.min(left, GRACE.toNanos());
            }
            try {
                got[r] = replies.get(r).get(Math.max(left, 1), TimeUnit.NANOSECONDS);
                if (!"ok".equals(got[r][0]) && firstFailed < 0) {
                    firstFailed = r;
                    deadline = Math.min(deadline, System.nanoTime() + GRACE.toNanos());
                }
            } catch (TimeoutException e) {
                complete = false;
                if (firstFailed < 0) {
                    // look for a failure among later ranks before calling it a timeout
                    for (int q = r + 1; q < ranks; q++) {
                        Object[] x = replies.get(q).getNow(null);
                        if (x != null && !"ok".equals(x[0])) {
                            firstFailed = q;
                            got[q] = x;
                            break;
                        }
                    }
                }
                if (firstFailed < 0) {
                    String tail = logTail();
                    stop();
                    throw new MpiException(ErrorClass.ERR_OTHER, "TCK job " + c.method() + " on " + ranks
                            + " ranks exceeded its time limit of " + timeout.toSeconds() + " s; rank " + r
                            + " did not finish" + tail);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new MpiException(ErrorClass.ERR_OTHER, "interrupted", e);
            } catch (ExecutionException e) {
                complete = false;
                if (firstFailed < 0) {
                    String tail = logTail();
                    stop();
                    throw new RankFailedException(r, -1, "rank " + r + " of the TCK job died: " + e.getCause() + tail,
                            e.getCause());
                }
            }
        }
        if (!complete || firstFailed >= 0) {
            // ranks still blocked, or messages a failed case left behind: start afresh
            stop();
        }
        if (firstFailed >= 0) {
            Throwable cause = (Throwable) got[firstFailed][1];
            throw new RankFailedException(firstFailed, -1, "rank " + firstFailed + " failed: " + cause, cause);
        }
        List<Object> results = MpirunTckRunner.slots(ranks);
        for (int r = 0; r < ranks; r++) {
            results.set(r, got[r][1]);
        }
        return results;
    }

    private Object[] read(int rank) {
        try {
            return (Object[]) ins[rank].readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** The end of the job's output, for failure messages. */
    String logTail() {
        try {
            String s = Files.readString(log);
            return s.isBlank() ? "" : "\n--- mpirun output (tail) ---\n" + s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Ends the job: tells the workers to quit, then kills what is left. */
    void stop() {
        if (!alive) {
            return;
        }
        alive = false;
        for (int r = 0; r < ranks; r++) {
            try {
                if (outs[r] != null) {
                    outs[r].writeObject("quit");
                    outs[r].flush();
                }
            } catch (IOException ignored) {
                // the rank is gone
            }
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : sockets) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
