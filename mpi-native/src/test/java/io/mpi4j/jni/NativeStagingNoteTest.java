package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import org.junit.jupiter.api.Test;

/**
 * Where blocking calls must copy large heap arrays through native memory (a collector other than
 * G1, as under mpirun's core binding), the provider logs a warning with the way out
 * (-XX:+UseG1GC), once per process; where it reads them in place it says nothing. The Open MPI TCK
 * run has SerialGC workers, the MPICH run G1 ones.
 */
class NativeStagingNoteTest extends NativeJobTest {
    @Test
    void largeStagedHeapArraysAreMentioned() {
        run(2, world -> {
            JniSession session = JniSession.current();
            boolean before = session.stagingNoted();
            byte[] small = new byte[64 << 10];
            byte[] big = new byte[2 << 20];
            for (byte[] a : new byte[][] {small, big}) {
                if (world.rank() == 0) {
                    world.send(Buf.of(a), 1, 0);
                } else {
                    world.recv(Buf.of(a), 0, 0);
                }
                if (a == small) {
                    assertEquals(before, session.stagingNoted(), "nothing said for 64 KiB");
                }
            }
            boolean staged = !BlockingP2p.PIN_HEAP_ARRAYS
                    && "auto".equalsIgnoreCase(System.getProperty(NativeSettings.PIN_HEAP_ARRAYS, "auto").strip());
            assertEquals(before || staged, session.stagingNoted(), "said where 2 MiB were staged (staged=" + staged + ")");
            return null;
        });
    }
}
