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

    @Test
    void rankRanges() {
        assertEquals("rank 3", DeadlockReport.ranks(List.of(3)));
        assertEquals("ranks 0, 1", DeadlockReport.ranks(List.of(0, 1)));
        assertEquals("ranks 0-2, 4, 6, 7, 9-11", DeadlockReport.ranks(List.of(0, 1, 2, 4, 6, 7, 9, 10, 11)));
    }
}
