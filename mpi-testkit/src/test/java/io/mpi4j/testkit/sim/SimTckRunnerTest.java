package io.mpi4j.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.testkit.Payloads;
import io.mpi4j.testkit.tck.Capability;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckBuffering;
import io.mpi4j.testkit.tck.TckOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks the sim runner itself: results per rank, failures, time limit, and the payload helper. */
@Timeout(60)
class SimTckRunnerTest {
    private final SimTckRunner runner = new SimTckRunner();

    @Test
    void returnsOneResultPerRankInRankOrder() {
        assertEquals(List.of(0, 1, 2), runner.run(3, world -> world.rank()));
        assertEquals(EnumSet.allOf(Capability.class), runner.capabilities());
    }

    @Test
    void rankFailureBecomesJobFailureWithTheRanksExceptionAsCause() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> runner.run(2, world -> {
            if (world.rank() == 1) {
                throw new IllegalArgumentException("bad");
            }
            return null;
        }));
        assertEquals(1, e.rank());
        assertEquals(1, e.exitCode());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void timeLimitAbortsAStuckJob() {
        long start = System.nanoTime();
        MpiException e = assertThrows(MpiException.class, () -> runner.run(1,
                TckOptions.defaults().withTimeout(Duration.ofMillis(300)), world -> {
                    while (true) {
                        world.iprobe(0, 0); // busy in MPI calls: no deadlock, only the time limit stops it
                        Thread.sleep(1);
                    }
                }));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void bufferingOptionReachesSim() {
        // under zero buffering a lone standard send to self can never complete: sim reports a deadlock
        assertThrows(io.mpi4j.DeadlockException.class, () -> runner.run(1, TckOptions.buffering(TckBuffering.zero()),
                world -> {
                    world.send(new int[1], 0, 0);
                    return null;
                }));
        assertEquals(List.of(7), runner.run(1, TckOptions.buffering(TckBuffering.infinite()), world -> {
            world.send(new int[] {7}, 0, 0);
            int[] in = new int[1];
            world.recv(in, 0, 0);
            return in[0];
        }));
    }

    @Test
    void payloadsDetectCorruptionAndReordering() {
        byte[] a = new byte[100];
        Payloads.fill(a, 0, 100, 3, 17);
        assertEquals(-1, Payloads.firstMismatch(a, 0, 100, 3, 17));
        assertTrue(Payloads.firstMismatch(a, 0, 100, 3, 18) >= 0, "another sequence number gives other bytes");
        assertTrue(Payloads.firstMismatch(a, 0, 100, 4, 17) >= 0, "another stream gives other bytes");
        a[57] ^= 1;
        assertEquals(57, Payloads.firstMismatch(a, 0, 100, 3, 17));
        assertEquals(Payloads.crc32(a, 0, 10), Payloads.crc32(a.clone(), 0, 10));
    }
}
