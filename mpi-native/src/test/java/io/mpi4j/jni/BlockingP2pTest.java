package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settings of blocking point-to-point: Java arrays read in place only under a collector that
 * pins regions; FFM downcalls on unless turned off.
 */
class BlockingP2pTest {
    @Test
    void pinsUnderG1Only() {
        assertTrue(BlockingP2p.pinHeapArrays("auto", List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation")));
        assertFalse(BlockingP2p.pinHeapArrays("auto", List.of("Copy", "MarkSweepCompact")));
        assertFalse(BlockingP2p.pinHeapArrays("auto", List.of("ZGC Cycles", "ZGC Pauses")));
    }

    @Test
    void settingOverrides() {
        assertTrue(BlockingP2p.pinHeapArrays(" TRUE ", List.of("Copy")));
        assertFalse(BlockingP2p.pinHeapArrays("false", List.of("G1 Young Generation")));
        assertThrows(IllegalArgumentException.class, () -> BlockingP2p.pinHeapArrays("sometimes", List.of()));
    }

    @Test
    void downcallsAreOnUnlessTurnedOff() {
        assertTrue(Downcalls.enabled("true"));
        assertTrue(Downcalls.enabled(" True "));
        assertFalse(Downcalls.enabled("false"));
        assertThrows(IllegalArgumentException.class, () -> Downcalls.enabled("maybe"));
    }
}
