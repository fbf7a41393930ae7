package io.mpi4j.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.DeadlockException;
import io.mpi4j.sim.Sim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadlock report of a large world names the odd rank out instead of cutting it off. */
class DeadlockReportTest {
    @Test
    @Timeout(60)
    void aLargeWorldGroupsItsRanksByState() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(200, world -> {
            if (world.rank() != 177) {
                world.barrier();
            }
        }));
        String report = e.getMessage();
        assertTrue(report.contains("  rank 177 finished\n"), report);
        assertTrue(report.contains("  ranks 0-176, 178-199 blocked in barrier("), report);
        assertTrue(report.contains("no wait-for cycle: ranks 0-176, 178-199 wait for rank 177 (finished)"), report);
        assertTrue(report.length() < 2_000, "a short report: " + report.length() + " characters");
    }

    /**
     * A receive blocked on tag 2 while a tag-1 message from its source is queued, and a tag-2
     * message waits on a duplicate communicator: the report names both near misses (a tag typo, a
     * send on the wrong communicator), blocking and nonblocking alike.
     */
    @Test
    void aBlockedReceiveNamesTheMessagesItJustMisses() {
        for (boolean nonblocking : new boolean[] {false, true}) {
            DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(2, world -> {
                io.mpi4j.Intracomm dup = world.dup();
                if (world.rank() == 0) {
                    world.send(new int[] {1, 2, 3}, 1, 1);
                    dup.send(new int[] {4}, 1, 2);
                } else if (nonblocking) {
                    world.irecv(io.mpi4j.Buf.of(new int[3]), 0, 2).await();
                } else {
                    world.recv(new int[3], 0, 2);
                }
                dup.close();
            }));
            String call = nonblocking ? "wait(recv(source=0, tag=2, comm=WORLD))" : "recv(source=0, tag=2, comm=WORLD)";
            assertTrue(e.report().contains("rank 1 blocked in " + call + "; queued there unmatched: a message with"
                    + " tag=1 (12 bytes), a message with source=0, tag=2 on dup(WORLD)#"), e.report());
        }
    }

    /**
     * A wildcard receive that takes the message a later named receive waits for: the report says
     * which message the ANY_SOURCE receive took (found under some seed of a deterministic run).
     */
    @Test
    void aDeadlockNamesWhatTheWildcardReceivesTook() {
        String report = null;
        for (long seed = 0; seed < 50 && report == null; seed++) {
            try {
                Sim.builder().ranks(3).deterministic(seed).build().exec(world -> {
                    if (world.rank() == 0) {
                        io.mpi4j.Request<io.mpi4j.Status> any = world.irecv(io.mpi4j.Buf.of(new int[1]), io.mpi4j.Mpi.ANY_SOURCE, 0);
                        world.recv(new int[1], 2, 0);
                        any.await();
                    } else {
                        world.send(new int[] {world.rank()}, 0, 0);
                    }
                });
            } catch (DeadlockException e) {
                report = e.report();
            }
        }
        assertTrue(report != null, "some seed lets the wildcard take rank 2's message");
        assertTrue(report.contains("note: rank 0's ANY_SOURCE receives took the messages of rank 2 (tag=0, WORLD)"), report);
        assertTrue(report.contains("queued there unmatched: a message with source=1"), report);
    }

    @Test
    void rankRanges() {
        assertEquals("rank 3", DeadlockReport.ranks(List.of(3)));
        assertEquals("ranks 0, 1", DeadlockReport.ranks(List.of(0, 1)));
        assertEquals("ranks 0-2, 4, 6, 7, 9-11", DeadlockReport.ranks(List.of(0, 1, 2, 4, 6, 7, 9, 10, 11)));
    }
}
