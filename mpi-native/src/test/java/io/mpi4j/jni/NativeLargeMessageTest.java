package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Message;
import io.mpi4j.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Messages longer than an MPI int count (2 GiB) travel whole on native: a message of 2 GiB + 4 KiB +
 * 3 bytes between native segments, by receive and by matched probe, arrives intact (checked at
 * every 4 KiB and at its last bytes) with its full byte count in the status.
 */
class NativeLargeMessageTest extends NativeJobTest {
    private static final long BYTES = (2L << 30) + 4096 + 3;

    /** The test's byte at {@code i}: varies with the page and the offset, so a misplaced chunk shows. */
    private static byte at(long i) {
        return (byte) (i * 31 + (i >>> 12));
    }

    @Test
    void messagesOverTwoGiBArriveWhole() {
        run(2, world -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment m = arena.allocate(BYTES);
                if (world.rank() == 0) {
                    for (long i = 0; i < BYTES; i += 4096) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i));
                    }
                    for (long i = BYTES - 3; i < BYTES; i++) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i));
                    }
                    world.send(Buf.of(m), 1, 1);
                    world.send(Buf.of(m), 1, 2);
                } else {
                    Status st = world.recv(Buf.of(m), 0, 1);
                    assertEquals(BYTES, st.byteCount(), "bytes received");
                    check(m);
                    m.fill((byte) 0);
                    Message msg = world.mprobe(0, 2);
                    assertEquals(BYTES, msg.status().byteCount(), "bytes probed");
                    assertEquals(BYTES, msg.recv(Buf.of(m)).byteCount(), "bytes received by the matched probe");
                    check(m);
                }
            }
            return null;
        });
    }

    private static void check(MemorySegment m) {
        for (long i = 0; i < BYTES; i += 4096) {
            assertEquals(at(i), m.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
        }
        for (long i = BYTES - 3; i < BYTES; i++) {
            assertEquals(at(i), m.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
        }
    }
}
