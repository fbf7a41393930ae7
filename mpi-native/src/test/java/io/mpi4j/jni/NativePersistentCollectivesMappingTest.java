package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Persistent collectives on native are the library's own (MPI_Bcast_init and the others, or Open
 * MPI's MPIX_*_init) where it has them: each request that maps holds one MPI request from creation
 * to close, and those that do not map (a user-defined operation, a boolean[] buffer that the API
 * stages, an object) hold none and are emulated. The TCK checks the semantics; this checks the
 * mapping.
 */
class NativePersistentCollectivesMappingTest extends NativeJobTest {
    @Test
    void mappedPersistentCollectivesHoldOneMpiRequestEachUntilClosed() {
        run(3, world -> {
            if (!NativePersistentCollectives.available()) {
                // a library without (working) persistent collectives: everything stays emulated
                try (PersistentRequest<Status> r = world.barrierInit()) {
                    assertEquals(0, NativePersistentCollectives.live());
                }
                return null;
            }
            int base = NativePersistentCollectives.live();
            long[] in = {world.rank() + 1L, 2};
            long[] sum = new long[2];
            int[] bc = new int[3];
            boolean[] flags = {world.rank() == 0};
            Op userSum = Op.ofLongs(Long::sum, true);
            long[] userOut = new long[2];
            try (PersistentRequest<Status> allreduce = world.allreduceInit(Buf.of(in), Buf.of(sum), Op.SUM);
                 PersistentRequest<Status> bcast = world.bcastInit(Buf.of(bc), 0);
                 PersistentRequest<Status> barrier = world.barrierInit();
                 PersistentRequest<Status> staged = world.bcastInit(Buf.of(flags), 0);
                 PersistentRequest<Status> user = world.allreduceInit(Buf.of(in), Buf.of(userOut), userSum)) {
                assertEquals(base + 3, NativePersistentCollectives.live(), "MPI requests held by 3 mapped persistent collectives");
                for (int round = 0; round < 4; round++) {
                    in[1] = round;
                    if (world.rank() == 0) {
                        bc[0] = round;
                        flags[0] = round % 2 == 0;
                    }
                    PersistentRequest.startAll(List.of(allreduce, bcast, barrier, staged, user));
                    Request.waitAll(allreduce, bcast, barrier, staged, user);
                    assertArrayEquals(new long[] {6, 3L * round}, sum);
                    assertArrayEquals(sum, userOut);
                    assertEquals(round, bc[0]);
                    assertEquals(round % 2 == 0, flags[0]);
                }
                assertEquals(base + 3, NativePersistentCollectives.live(), "starts create no MPI requests");
            }
            assertEquals(base, NativePersistentCollectives.live(), "close frees every MPI request");
            return null;
        });
    }
}
