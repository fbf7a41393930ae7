package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of an shm job: a rank that throws, a rank killed with SIGKILL (also while it writes a
 * long message that the other rank is waiting to copy out).
 */
@Timeout(120)
class ShmFaultTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CP = System.getProperty("java.class.path");

    private static boolean anyAlive(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false));
    }

    @Test
    void rankThatThrowsFailsTheJobNamingIt(@TempDir Path tmp) throws Exception {
        String marker = UUID.randomUUID().toString();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        long t0 = System.nanoTime();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = ShmLauncher.run(new String[] {"-n", "3", "--timeout", "60", "--tmpdir", tmp.toString(),
                    "-cp", CP, Faulty.class.getName(), "throw", marker});
        } finally {
            System.setErr(err);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String text = captured.toString(StandardCharsets.UTF_8);
        err.println(text);
        assertNotEquals(0, status);
        assertNotEquals(124, status, "the job ran into its time limit instead of failing: " + text);
        assertTrue(text.contains("rank 1 exited with status"), text);
        assertTrue(ms < 30_000, "took " + ms + " ms");
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "files left in the job directory's parent");
        }
        assertFalse(anyAlive(marker), "a rank JVM outlived the launcher");
    }

    @Test
    void killedRankIsNoticedWithinTwoSeconds(@TempDir Path jobDir) throws Exception {
        killRank1(jobDir, 3, "hang");
    }

    @Test
    void senderKilledWhileWritingALongMessageIsNoticedWithinTwoSeconds(@TempDir Path jobDir) throws Exception {
        killRank1(jobDir, 2, "big");
    }

    /** Waits (at most 10 s) until the side-band folder holds a file: the long message is being written. */
    private static void awaitSidebandFile(Path big) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            if (Files.isDirectory(big)) {
                try (var s = Files.list(big)) {
                    if (s.findAny().isPresent()) {
                        return;
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no side-band file appeared in " + big);
    }

    /**
     * Starts {@code n} ranks of {@link Faulty} as a user's own script would (the documented
     * variables, no launcher), kills rank 1 with SIGKILL once they are ready (for {@code big}: once
     * it starts sending its long message) and checks that every other rank fails within 2 s,
     * naming rank 1.
     */
    private static void killRank1(Path jobDir, int n, String scenario) throws Exception {
        String marker = UUID.randomUUID().toString();
        List<Process> ranks = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        try {
            for (int r = 0; r < n; r++) {
                List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
                cmd.addAll(ShmJob.JVM_FLAGS);
                cmd.addAll(List.of("-cp", CP, Faulty.class.getName(), scenario, marker));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put(ShmJob.ENV_JOB_DIR, jobDir.toString());
                pb.environment().put(ShmJob.ENV_RANK, Integer.toString(r));
                pb.environment().put(ShmJob.ENV_SIZE, Integer.toString(n));
                Process p = pb.start();
                ranks.add(p);
                outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (int r = 0; r < n; r++) {
                String line;
                while ((line = outs.get(r).readLine()) != null && !line.equals("ready")) {
                    // Chronicle's start-up chatter
                }
                assertEquals("ready", line, "rank " + r + " did not start");
            }
            if (scenario.equals("big")) {
                assertEquals("sending", outs.get(1).readLine(), "rank 1 did not start sending");
                awaitSidebandFile(jobDir.resolve("big"));
                Thread.sleep(10); // the record follows the file at once; copying 256 MiB takes far longer
            } else {
                Thread.sleep(300); // the other ranks are blocked in recv from rank 1
            }
            long t0 = System.nanoTime();
            ranks.get(1).destroyForcibly(); // SIGKILL
            for (int r = 0; r < n; r++) {
                if (r == 1) {
                    continue;
                }
                assertTrue(ranks.get(r).waitFor(10, TimeUnit.SECONDS), "rank " + r + " did not notice");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                String rest = new String(ranks.get(r).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(3, ranks.get(r).exitValue(), rest);
                assertTrue(rest.contains("noticed: ERR_PROC_ABORTED") && rest.contains("rank 1"), rest);
                assertTrue(ms < 2000, "rank " + r + " noticed after " + ms + " ms");
            }
        } finally {
            ranks.forEach(Process::destroyForcibly);
        }
        assertFalse(anyAlive(marker));
    }
}
