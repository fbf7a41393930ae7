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

/** Failures of an shm job: a rank that throws, a rank killed with SIGKILL. */
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
        // started as a user's own script would: the documented variables, no launcher
        String marker = UUID.randomUUID().toString();
        int n = 3;
        List<Process> ranks = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        try {
            for (int r = 0; r < n; r++) {
                List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
                cmd.addAll(ShmJob.JVM_FLAGS);
                cmd.addAll(List.of("-cp", CP, Faulty.class.getName(), "hang", marker));
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
            Thread.sleep(300); // ranks 0 and 2 are blocked in recv from rank 1
            long t0 = System.nanoTime();
            ranks.get(1).destroyForcibly(); // SIGKILL
            for (int r : new int[] {0, 2}) {
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
