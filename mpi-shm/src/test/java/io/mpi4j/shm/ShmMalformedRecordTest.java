package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader of a rank's queue meets malformed records (written straight into the queue, as a
 * corrupted peer would): the rank's next MPI call fails with {@link ErrorClass#ERR_INTERN}
 * promptly, instead of hanging in a receive or crashing the progress loop.
 */
@Timeout(60)
class ShmMalformedRecordTest {
    @Test
    void aMalformedRecordFailsTheWaitingReceiveWithErrIntern(@TempDir Path jobDir) {
        ShmSession session = new ShmSession(jobDir, 0, 1);
        try {
            try (ChronicleQueue q = SingleChronicleQueueBuilder.binary(jobDir.resolve("q").resolve("0"))
                    .rollCycle(ShmTransport.rollCycle()).build()) {
                ExcerptAppender a = q.createAppender();
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(new byte[] {1, 2, 3}); // shorter than any header
                }
            }
            CommEngine world = session.world();
            int[] got = new int[1];
            SpiRequest r = world.irecv(new RecvTarget.Into(Buf.of(got)), 0, 5);
            long t0 = System.nanoTime();
            MpiException e = assertThrows(MpiException.class, () -> session.awaitAny(List.of(r), "recv"));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "noticed too late");
            assertEquals(ErrorClass.ERR_INTERN, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("shorter than the header"), e.getMessage());
            // the failure is sticky: every later call says the same instead of waiting
            assertEquals(ErrorClass.ERR_INTERN, assertThrows(MpiException.class, () -> world.iprobe(0, 5)).errorClass());
        } finally {
            session.close();
        }
    }
}
