package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rank that closes MPI normally while another still waits for it does not hang an shm job: the
 * waiting call fails within the grace period (here 300 ms) plus a check interval, naming the closed
 * rank and the call, and the job ends with a non-zero status, leaving no files or processes. A
 * rank that closes after sending, while the messages are still unread, or after taking its part in
 * a collective, is not reported, nor is a wildcard receive that a live rank will satisfy (see
 * {@link Closing} for the programs). Also: {@code Mpi.init} is refused while a handle is open and
 * after it was closed.
 */
@Timeout(120)
class ShmClosingTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CP = System.getProperty("java.class.path");
    private static final long GRACE_MS = 300;

    /** The output of a job, its status and how long it took. */
    private record Job(int status, String output, long millis) {
    }

    private static Job run(Path tmp, int n, String mode) {
        String marker = UUID.randomUUID().toString();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("-n", Integer.toString(n), "--timeout", "60", "--tmpdir", tmp.toString(),
                "--exec", JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-D" + ShmTransport.CLOSING_GRACE_PROPERTY + "=" + GRACE_MS,
                "-cp", CP, Closing.class.getName(), mode, Long.toString(GRACE_MS), marker));
        long t0 = System.nanoTime();
        int status = ShmLauncher.run(args.toArray(String[]::new), both, both);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String out = captured.toString(StandardCharsets.UTF_8);
        System.err.println("--- " + mode + ": status " + status + " after " + ms + " ms\n" + out);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "files left in the job directory's parent");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false)), "a rank JVM outlived the job");
        return new Job(status, out, ms);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"recv", "barrier", "outOfStep", "waitAll", "ssend", "probe", "anySourceAllClosed"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWaitOnAClosedRankFailsTheJob(String mode, @TempDir Path tmp) {
        Job job = run(tmp, 2, mode);
        assertNotEquals(0, job.status(), job.output());
        assertNotEquals(124, job.status(), "the job ran into its time limit instead of failing: " + job.output());
        assertTrue(job.output().contains("rank 1 has closed MPI while rank 0 (world ranks) waits for it in "), job.output());
        String call = switch (mode) {
            case "recv" -> "recv(source=1, tag=0, comm=WORLD)";
            case "barrier" -> "barrier(comm=WORLD)";
            case "outOfStep" -> "bcast(";
            case "waitAll" -> "waitAll";
            case "ssend" -> "ssend(dest=1, tag=0, comm=WORLD)";
            case "probe" -> "probe(source=1, tag=0, comm=WORLD)";
            default -> "recv(source=ANY_SOURCE, tag=0, comm=WORLD)";
        };
        assertTrue(job.output().contains("waits for it in " + call), "names the call: " + job.output());
        assertTrue(job.output().contains("mpi4j-shm: rank 0 exited with status 1"), job.output());
        assertTrue(job.output().contains("[1] rank 1 done"), "rank 1 closed normally: " + job.output());
        // start-up, the grace (four of them for the wildcard), the check interval; well under the time limit
        assertTrue(job.millis() < 30_000, "took " + job.millis() + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sendThenClose", "bcastRootCloses", "anySource"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRankThatClosesAfterDoingItsPartIsNotReported(String mode, @TempDir Path tmp) {
        int n = mode.equals("sendThenClose") ? 2 : 3;
        Job job = run(tmp, n, mode);
        assertEquals(0, job.status(), job.output());
        for (int r = 0; r < n; r++) {
            assertTrue(job.output().contains("[" + r + "] rank " + r + " done"), job.output());
        }
        assertFalse(job.output().contains("has closed MPI"), job.output());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void initIsRefusedWhileOpenAndAfterClose(@TempDir Path tmp) {
        Job job = run(tmp, 2, "initTwice");
        assertEquals(0, job.status(), job.output());
        assertTrue(job.output().contains("[0] both refused") && job.output().contains("[1] both refused"), job.output());
    }
}
