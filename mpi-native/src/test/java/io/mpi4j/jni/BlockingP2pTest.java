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
        assertTrue(NativeSettings.pinHeapArrays("auto", List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation")));
        assertFalse(NativeSettings.pinHeapArrays("auto", List.of("Copy", "MarkSweepCompact")));
        assertFalse(NativeSettings.pinHeapArrays("auto", List.of("ZGC Cycles", "ZGC Pauses")));
    }

    @Test
    void settingOverrides() {
        assertTrue(NativeSettings.pinHeapArrays(" TRUE ", List.of("Copy")));
        assertFalse(NativeSettings.pinHeapArrays("false", List.of("G1 Young Generation")));
        assertThrows(IllegalArgumentException.class, () -> NativeSettings.pinHeapArrays("sometimes", List.of()));
    }

    @Test
    void downcallsAreOnUnlessTurnedOff() {
        assertTrue(NativeSettings.downcalls("true"));
        assertTrue(NativeSettings.downcalls(" True "));
        assertFalse(NativeSettings.downcalls("false"));
        assertThrows(IllegalArgumentException.class, () -> NativeSettings.downcalls("maybe"));
    }
}
