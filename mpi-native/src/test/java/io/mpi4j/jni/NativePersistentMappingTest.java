package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Mpi;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Persistent point-to-point requests on native are the library's own (MPI_Send_init, MPI_Recv_init,
 * MPI_Start), not restarted isend/irecv: each standard, synchronous or ready persistent request
 * holds one MPI request from creation to close, while buffered ones (served from the API's attached
 * buffer) and those to {@code PROC_NULL} hold none. The TCK checks the semantics; this checks the
 * mapping.
 */
class NativePersistentMappingTest extends NativeJobTest {
    @Test
    void persistentRequestsHoldOneMpiRequestEachUntilClosed() {
        run(2, world -> {
            int base = NativePersistent.live();
            int[] out = {world.rank()};
            int[] in = new int[1];
            int other = 1 - world.rank();
            world.mpi().attachBuffer(ByteBuffer.allocate(64 + Mpi.BSEND_OVERHEAD));
            try (PersistentRequest<Status> send = world.sendInit(Buf.of(out), other, 1);
                 PersistentRequest<Status> ssend = world.ssendInit(Buf.of(out), other, 2);
                 PersistentRequest<Status> recv = world.recvInit(Buf.of(in), other, 1);
                 PersistentRequest<Status> recv2 = world.recvInit(Buf.of(in), other, 2);
                 PersistentRequest<Status> bsend = world.bsendInit(Buf.of(out), other, 3);
                 PersistentRequest<Status> nowhere = world.sendInit(Buf.of(out), Mpi.PROC_NULL, 1)) {
                assertEquals(base + 4, NativePersistent.live(), "MPI requests held by 4 persistent requests");
                for (int round = 0; round < 5; round++) {
                    PersistentRequest.startAll(List.of(recv, send, nowhere));
                    Request.waitAll(recv, send, nowhere);
                    assertEquals(other, in[0]);
                    PersistentRequest.startAll(List.of(recv2, ssend));
                    Request.waitAll(recv2, ssend);
                    bsend.start();
                    bsend.await();
                    world.recv(Buf.of(in), other, 3);
                }
                assertEquals(base + 4, NativePersistent.live(), "starts create no MPI requests");
            }
            assertEquals(base, NativePersistent.live(), "close frees every MPI request");
            world.mpi().detachBuffer();
            return null;
        });
    }
}
