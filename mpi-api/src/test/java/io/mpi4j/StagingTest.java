package io.mpi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The API's private copies of buffers: on the heap where an array can hold them, off it beyond 2 GiB. */
class StagingTest {
    @Test
    void smallCopiesLiveOnTheHeap() {
        Buf copy = Staging.copyOf(Buf.of(new int[] {1, 2, 3}));
        assertFalse(copy.segment().isNative());
        assertEquals(3, copy.segment().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 2));
    }

    @Test
    void copiesBeyondTwoGiBLiveInNativeMemory() {
        long bytes = (2L << 30) + 5;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(bytes);
            m.set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 42);
            Buf copy = Staging.copyOf(Buf.of(m));
            assertTrue(copy.segment().isNative());
            assertEquals(bytes, copy.byteSize());
            assertEquals(42, copy.segment().get(ValueLayout.JAVA_BYTE, bytes - 1));
            assertEquals(bytes, Staging.blank(Buf.of(m)).byteSize());
        }
    }
}
