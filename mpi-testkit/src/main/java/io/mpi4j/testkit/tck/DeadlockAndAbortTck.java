package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.DeadlockException;
import io.mpi4j.Mpi;
import io.mpi4j.RankFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of failure handling (DESIGN §5, §6, §9: "never hang"): a job whose ranks can no
 * longer progress fails with a deadlock report instead of hanging; a program that is only correct
 * with buffering passes with unlimited buffering and deadlocks without (MPI-4.1 §3.5, "unsafe"
 * programs); a rank that throws or aborts (MPI-4.1 §11.6, MPI_Abort) ends the job promptly, naming
 * the rank.
 */
public abstract class DeadlockAndAbortTck extends AbstractTck {
    /** How long detection or abort propagation may take. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    /** Creates the test instance. */
    protected DeadlockAndAbortTck() {
    }

    /**
     * DESIGN §5: every rank receives from its left neighbour first — a cycle of receives that can
     * never match. The job fails within a few seconds with a {@link DeadlockException} whose report
     * names each rank's pending call ({@code rank 1 blocked in recv(source=0, tag=42, comm=WORLD)})
     * and the wait-for cycle.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void receiveCycleIsReportedAsDeadlock(int ranks) {
        assumeCapability(Capability.DEADLOCK_DETECTION);
        long start = System.nanoTime();
        DeadlockException e = assertThrows(DeadlockException.class, () -> run(ranks, world -> {
            world.recv(new int[1], left(world), 42);
            world.send(new int[1], right(world), 42);
            return null;
        }));
        assertPrompt(start, "deadlock detection");
        String report = e.report();
        for (int r = 0; r < ranks; r++) {
            String line = "rank " + r + " blocked in recv(source=" + ((r - 1 + ranks) % ranks) + ", tag=42, comm=WORLD)";
            assertTrue(report.contains(line), () -> "the report does not contain '" + line + "':\n" + report);
        }
        assertTrue(report.contains("wait-for cycle: rank"), () -> "the report does not show the wait-for cycle:\n" + report);
    }

    /**
     * MPI-4.1 §3.5 ("unsafe" programs): both ranks of a pair send a 256 KiB message before receiving.
     * The program completes when standard sends are buffered and deadlocks when they are not, and
     * the report then shows both ranks blocked in {@code send}.
     *
     * @param ranks the world size; ranks are paired (0, 1), (2, 3), ...
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void bufferingDependentExchangePassesOnlyWithBuffering(int ranks) {
        assumeRanksAtLeast(ranks, 2);
        assumeCapability(Capability.BUFFERING_MODES);
        assumeCapability(Capability.DEADLOCK_DETECTION);
        RankBody<Integer> sendFirst = world -> {
            int partner = world.rank() ^ 1;
            if (partner >= world.size()) {
                return -1;
            }
            int[] big = new int[64 * 1024];
            big[0] = world.rank();
            world.send(big, partner, 1);
            world.recv(big, partner, 1);
            return big[0];
        };
        List<Integer> got = run(ranks, TckOptions.buffering(TckBuffering.infinite()), sendFirst);
        for (int r = 0; r < ranks; r++) {
            assertEquals((r ^ 1) < ranks ? r ^ 1 : -1, got.get(r), "rank " + r + " under infinite buffering");
        }
        long start = System.nanoTime();
        DeadlockException e = assertThrows(DeadlockException.class,
                () -> run(ranks, TckOptions.buffering(TckBuffering.zero()), sendFirst));
        assertPrompt(start, "deadlock detection");
        assertTrue(e.report().contains("rank 0 blocked in send(dest=1, tag=1, comm=WORLD)"), e::report);
        assertTrue(e.report().contains("rank 1 blocked in send(dest=0, tag=1, comm=WORLD)"), e::report);
        assertThrows(DeadlockException.class, () -> run(ranks, TckOptions.buffering(TckBuffering.eager(1024)), sendFirst),
                "a message above the eager threshold must not be buffered");
    }

    /**
     * DESIGN §6: a rank that throws aborts the job: the other ranks, blocked in {@code recv} and
     * {@code barrier}, are released promptly and the job fails naming the rank, with its exception
     * as the cause.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void rankExceptionAbortsBlockedRanks(int ranks) {
        assumeCapability(Capability.ABORT_PROPAGATION);
        int failing = ranks - 1;
        long start = System.nanoTime();
        RankFailedException e = assertThrows(RankFailedException.class, () -> run(ranks, world -> {
            if (world.rank() == failing) {
                Thread.sleep(100); // let the others block first
                throw new IllegalStateException("boom in rank " + world.rank());
            }
            if (world.rank() % 2 == 0) {
                world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            } else {
                world.barrier();
            }
            return null;
        }));
        assertPrompt(start, "abort propagation");
        assertEquals(failing, e.rank(), e::getMessage);
        assertTrue(e.getMessage().contains("rank " + failing), e::getMessage);
        assertTrue(causeChainContains(e, "boom in rank " + failing), "the rank's exception is the cause");
        assertEquals(1, e.exitCode());
    }

    /**
     * MPI-4.1 §11.6 (MPI_Abort): {@code abort(code)} on one rank ends the job promptly with exit code
     * {@code code}, releasing ranks blocked in receives.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void abortEndsTheJobWithItsExitCode(int ranks) {
        assumeCapability(Capability.ABORT_PROPAGATION);
        long start = System.nanoTime();
        RankFailedException e = assertThrows(RankFailedException.class, () -> run(ranks, world -> {
            if (world.rank() == 0) {
                Thread.sleep(100);
                world.abort(7);
            } else {
                world.recv(new int[1], 0, 0);
            }
            return null;
        }));
        assertPrompt(start, "abort");
        assertEquals(0, e.rank(), e::getMessage);
        assertEquals(7, e.exitCode(), e::getMessage);
    }

    private static void assertPrompt(long startNanos, String what) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(PROMPTLY) < 0, what + " took " + took.toMillis() + " ms; it must take less than "
                + PROMPTLY.toMillis() + " ms");
    }

    private static boolean causeChainContains(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
