package io.mpi4j.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the ranks of an {@code shm} job: N JVMs on this machine sharing a private job directory.
 *
 * <p>Usage: {@code ShmLauncher -n N [--timeout SECONDS] [--no-tag] [--tmpdir DIR] -cp CLASSPATH
 * MAIN [ARGS...]} runs {@code java} (the launcher's own) with {@link ShmJob#JVM_FLAGS}; {@code
 * ShmLauncher -n N ... --exec COMMAND [ARGS...]} runs any command (if it is a {@code java}
 * executable, the flags are inserted after it), as {@code mpiexec} would.
 *
 * <p>The launcher creates the job directory (mode 0700, unique, under {@code --tmpdir}, else
 * {@code /dev/shm} where it is a writable directory, else {@code java.io.tmpdir}), sets the variables of {@link ShmJob} for each rank, prefixes every
 * output line with {@code [rank] } (unless {@code --no-tag}), and waits. When a rank exits with a
 * non-zero status, it names the rank, stops the others (forcibly after 2 s) and exits with that
 * status; on a timeout it stops every rank and exits 124. The job directory is deleted in every
 * case, also when the launcher itself is interrupted (SIGINT/SIGTERM).
 */
public final class ShmLauncher {
    private ShmLauncher() {
    }

    /**
     * Runs a job and exits with its status.
     *
     * @param args the command line, as described above
     */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mpi4j-shm: " + e.getMessage());
            System.err.println("usage: ShmLauncher -n N [--timeout SECONDS] [--no-tag] [--tmpdir DIR]"
                    + " (-cp CLASSPATH MAIN | --exec COMMAND) [ARGS...]");
            status = 2;
        }
        System.exit(status);
    }

    /**
     * Runs a job and returns its status, without exiting.
     *
     * @param args the command line, as for {@link #main}
     * @return 0 if every rank exited with 0; else the status of the first rank that failed, or 124
     *     on a timeout
     * @throws IllegalArgumentException if the command line is invalid
     */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /**
     * Runs a job and returns its status, without exiting, writing the ranks' output (standard
     * output and error together, tagged) to {@code out} and the launcher's messages to {@code err}.
     *
     * @param args the command line, as for {@link #main}
     * @param out where the ranks' output lines go
     * @param err where the launcher's own messages go
     * @return 0 if every rank exited with 0; else the status of the first rank that failed, or 124
     *     on a timeout
     * @throws IllegalArgumentException if the command line is invalid
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int n = -1;
        long timeoutSeconds = 0;
        boolean tag = true;
        Path tmp = defaultParent();
        List<String> command = new ArrayList<>();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-n", "-np" -> n = parseInt(a, value(args, ++i, a));
                case "--timeout" -> timeoutSeconds = parseInt(a, value(args, ++i, a));
                case "--no-tag" -> tag = false;
                case "--tmpdir" -> tmp = Path.of(value(args, ++i, a));
                case "-cp", "-classpath", "--class-path" -> {
                    String cp = value(args, ++i, a);
                    String main = value(args, ++i, "main class");
                    command.add(ProcessHandle.current().info().command().orElse("java"));
                    command.addAll(ShmJob.JVM_FLAGS);
                    command.addAll(List.of("-cp", cp, main));
                    command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                case "--exec" -> {
                    String exe = value(args, ++i, a);
                    command.add(exe);
                    if (Path.of(exe).getFileName().toString().equals("java")) {
                        command.addAll(ShmJob.JVM_FLAGS);
                    }
                    command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("-n N (N >= 1) is required");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: give -cp CLASSPATH MAIN or --exec COMMAND");
        }
        return launch(n, command, tmp, tag, timeoutSeconds, out, err);
    }

    /**
     * Where job directories go by default: {@code /dev/shm} (tmpfs) where there is one, since
     * there the queue and side-band files are pages of memory that are never written back to a
     * disk; else {@code java.io.tmpdir}.
     */
    static Path defaultParent() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + "=" + v + " is not a number");
        }
    }

    private static int launch(int n, List<String> command, Path tmp, boolean tag, long timeoutSeconds, PrintStream out,
            PrintStream err) {
        Path jobDir;
        try {
            Files.createDirectories(tmp);
            jobDir = Files.createTempDirectory(tmp, "mpi4j-shm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            err.println("mpi4j-shm: cannot create the job directory under " + tmp + ": " + e);
            return 1;
        }
        Process[] ranks = new Process[n];
        Thread[] pumps = new Thread[n];
        Thread hook = new Thread(() -> {
            stopAll(ranks);
            deleteTree(jobDir);
        }, "mpi4j-shm-launcher-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = 0;
        try {
            for (int r = 0; r < n; r++) {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().put(ShmJob.ENV_JOB_DIR, jobDir.toString());
                pb.environment().put(ShmJob.ENV_RANK, Integer.toString(r));
                pb.environment().put(ShmJob.ENV_SIZE, Integer.toString(n));
                pb.environment().put(ShmJob.ENV_LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
                pb.environment().put("MPI4J_PROVIDER", "shm");
                try {
                    ranks[r] = pb.start();
                } catch (IOException e) {
                    err.println("mpi4j-shm: cannot start rank " + r + " (" + String.join(" ", command) + "): " + e);
                    return 1;
                }
                String prefix = tag ? "[" + r + "] " : "";
                Process p = ranks[r];
                pumps[r] = Thread.ofPlatform().daemon().name("mpi4j-shm-out-" + r).start(() -> pump(p, prefix, out));
            }
            status = await(ranks, timeoutSeconds, err);
        } finally {
            stopAll(ranks);
            for (Thread t : pumps) {
                if (t != null) {
                    try {
                        t.join(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            deleteTree(jobDir);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs anyway
            }
        }
        return status;
    }

    /** Waits until every rank has exited with 0, one has failed, or the time is up. */
    private static int await(Process[] ranks, long timeoutSeconds, PrintStream err) {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        boolean[] exited = new boolean[ranks.length];
        int left = ranks.length;
        try {
            while (left > 0) {
                for (int r = 0; r < ranks.length; r++) {
                    if (!exited[r] && !ranks[r].isAlive()) {
                        exited[r] = true;
                        left--;
                        int code = ranks[r].exitValue();
                        if (code != 0) {
                            err.println("mpi4j-shm: rank " + r + " exited with status " + code
                                    + "; stopping the other ranks");
                            return code;
                        }
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    err.println("mpi4j-shm: the job exceeded its time limit of " + timeoutSeconds
                            + " s; stopping every rank");
                    return 124;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        return 0;
    }

    private static void pump(Process p, String prefix, PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                synchronized (out) { // whole lines: the pumps of all ranks share the stream
                    out.println(prefix + line);
                }
            }
        } catch (IOException ignored) {
            // the rank is gone
        }
        out.flush();
    }

    /** Stops every rank still running: politely, then forcibly after 2 s, descendants included. */
    static void stopAll(Process[] ranks) {
        for (Process p : ranks) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Process p : ranks) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Deletes a directory and everything under it, best effort. Others may be deleting the same
     * tree at the same time (the launcher's main thread and its shutdown hook, ranks whose
     * launcher died), so a file that vanishes is not an error, and the walk is retried a few times
     * in case a rank wrote a file while it ran.
     */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir, LinkOption.NOFOLLOW_LINKS); attempt++) {
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        deleteQuietly(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // vanished meanwhile
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) {
                        deleteQuietly(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException ignored) {
                // retried
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a directory a rank is still writing into: the next attempt gets it
        }
    }
}
