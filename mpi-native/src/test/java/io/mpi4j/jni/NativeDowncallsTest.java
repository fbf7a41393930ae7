package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Blocking point-to-point goes through the FFM downcalls unless they are turned off: a glue whose
 * {@code mpi4j_send}/{@code mpi4j_recv} symbols went missing would otherwise fall back to JNI
 * silently and the TCK would still pass. Checked in the ranks of a job, with a message each way on
 * native memory and on a small heap array (copied through the thread's scratch memory).
 */
class NativeDowncallsTest extends NativeJobTest {
    @Test
    void blockingPointToPointUsesTheDowncallsUnlessTurnedOff() {
        run(2, world -> {
            boolean off = "false".equalsIgnoreCase(System.getProperty("mpi4j.native.downcalls", "true").strip());
            assertEquals(!off, Downcalls.AVAILABLE, "downcalls available in this rank (-Dmpi4j.native.downcalls="
                    + System.getProperty("mpi4j.native.downcalls") + ")");
            int peer = 1 - world.rank();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(ValueLayout.JAVA_LONG, 4);
                int[] small = new int[3];
                if (world.rank() == 0) {
                    for (int i = 0; i < 4; i++) {
                        seg.setAtIndex(ValueLayout.JAVA_LONG, i, 100L + i);
                    }
                    world.send(Buf.of(seg), peer, 1);
                    world.send(new int[] {7, 8, 9}, peer, 2);
                } else {
                    world.recv(Buf.of(seg), peer, 1);
                    world.recv(Buf.of(small), peer, 2);
                    for (int i = 0; i < 4; i++) {
                        assertEquals(100L + i, seg.getAtIndex(ValueLayout.JAVA_LONG, i), "long " + i);
                    }
                    assertArrayEquals(new int[] {7, 8, 9}, small);
                }
            }
            return null;
        });
    }
}
