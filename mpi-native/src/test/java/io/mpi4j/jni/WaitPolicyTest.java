package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a rank polls instead of blocking inside MPI. */
class WaitPolicyTest {
    @Test
    void pollsOnlyWhenRanksOutnumberCoresAndTheLibraryDoesNotYield() {
        assertEquals(WaitPolicy.BLOCK, WaitPolicy.choose(null, 2, 2, false));
        assertEquals(WaitPolicy.POLL, WaitPolicy.choose(null, 4, 2, false));
        assertEquals(WaitPolicy.BLOCK, WaitPolicy.choose("auto", 4, 2, true));
    }

    @Test
    void explicitSettingWins() {
        assertEquals(WaitPolicy.POLL, WaitPolicy.choose(" Poll ", 1, 16, false));
        assertEquals(WaitPolicy.BLOCK, WaitPolicy.choose("block", 64, 2, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaitPolicy.choose("spin", 4, 2, false));
        assertTrue(e.getMessage().contains("block, poll or auto"), e.getMessage());
    }

    @Test
    void launcherVariablesGiveTheRanksOnTheNode() {
        assertEquals(4, WaitPolicy.localRanksFromLauncher(Map.of("OMPI_COMM_WORLD_LOCAL_SIZE", "4")::get));
        assertEquals(7, WaitPolicy.localRanksFromLauncher(Map.of("MPI_LOCALNRANKS", "7")::get));
        assertEquals(-1, WaitPolicy.localRanksFromLauncher(Map.of("SLURM_NTASKS_PER_NODE", "2(x3)")::get));
        assertEquals(-1, WaitPolicy.localRanksFromLauncher(Map.<String, String>of()::get));
    }

    @Test
    void openMpiYieldsWhenMpirunKnowsItOversubscribes() {
        assertTrue(WaitPolicy.libraryYields(Map.of("OMPI_MCA_mpi_oversubscribe", "1")::get));
        assertFalse(WaitPolicy.libraryYields(Map.of("OMPI_MCA_mpi_oversubscribe", "0")::get));
        assertFalse(WaitPolicy.libraryYields(Map.of("OMPI_MCA_mpi_oversubscribe", "1",
                "OMPI_MCA_mpi_yield_when_idle", "0")::get));
        assertTrue(WaitPolicy.libraryYields(Map.of("OMPI_MCA_mpi_yield_when_idle", "true")::get));
        assertFalse(WaitPolicy.libraryYields(Map.of("PMI_RANK", "0")::get));
    }

    @Test
    void aRankBoundToItsOwnCoreComparesWithTheNode() {
        // mpirun -n 2 on 2 cores binds each rank to one: the JVM sees 1 processor, the node has 2
        assertEquals(2, WaitPolicy.nodeProcessors(1, 1, 2));
        assertEquals(WaitPolicy.BLOCK, WaitPolicy.choose(null, 2, WaitPolicy.nodeProcessors(1, 1, 2), false));
        // unbound: what the JVM sees (a container's quota included)
        assertEquals(2, WaitPolicy.nodeProcessors(2, 64, 64));
        assertEquals(4, WaitPolicy.nodeProcessors(4, -1, -1));
        assertEquals(4, WaitPolicy.cpuCount("0-3"));
        assertEquals(5, WaitPolicy.cpuCount("0-1,4,6-7\n"));
        assertEquals(-1, WaitPolicy.cpuCount("x"));
    }
}
