package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import org.junit.jupiter.api.Test;

/**
 * Intercommunicator collectives on native are the library's (MPI_Bcast and the others on the
 * intercommunicator, MPI_I* for the nonblocking forms), derived datatypes and user-defined
 * operations included. The TCK checks the semantics
 * (IntercommTck, IntercommVectorTck); this checks which way each call goes.
 */
class NativeIntercommCollectivesMappingTest extends NativeJobTest {
    @Test
    void intercommunicatorCollectivesAreTheLibrarys() {
        run(4, world -> {
            int me = world.rank();
            boolean low = me < 2;
            try (Intracomm half = world.split(low ? 0 : 1, me).orElseThrow();
                 Intercomm inter = half.createIntercomm(0, world, low ? 2 : 0, 5)) {
                int lr = inter.rank();
                int root = low ? (lr == 1 ? Mpi.ROOT : Mpi.PROC_NULL) : 1;
                int[] remote = inter.remoteGroup().processIds();
                long base = NativeCollectives.intercommCalls();
                int[] data = {low && lr == 1 ? 5 : -1, -1};
                inter.bcast(Buf.of(data), root);
                assertEquals(low && lr == 0 ? -1 : 5, data[0], "bcast from the second rank of the low group");
                int[] sum = {-1};
                inter.ireduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM, root).await();
                assertEquals(low && lr == 1 ? remote[0] + remote[1] : -1, sum[0], "ireduce");
                int[] both = new int[2];
                inter.allgather(Buf.of(new int[] {me}), Buf.of(both));
                assertArrayEquals(remote, both, "allgather");
                // every other int of three: a derived type, which goes to the library as its signature
                Datatype everyOther = Datatype.vector(2, 1, 2, Datatype.INT).commit();
                int[] strided = {-1, -1, -1};
                inter.ialltoall(Buf.of(new int[] {10 * me, 10 * me + 1}), Buf.of(strided).withType(everyOther, 1)).await();
                assertArrayEquals(new int[] {10 * remote[0] + lr, -1, 10 * remote[1] + lr}, strided, "ialltoall into a derived type");
                everyOther.free();
                int[] block = new int[2];
                inter.reduceScatterBlock(Buf.of(new int[] {me, me, me, me}), Buf.of(block), Op.MAX);
                assertArrayEquals(new int[] {remote[1], remote[1]}, block, "reduceScatterBlock");
                inter.barrier();
                assertEquals(base + 6, NativeCollectives.intercommCalls(), "six calls in the library");
                // a user-defined operation, non-commutative: the library's too, applied in rank order
                Op first = Op.ofInts((x, y) -> x, false);
                int[] firstOne = {-1};
                inter.allreduce(Buf.of(new int[] {me}), Buf.of(firstOne), first);
                assertEquals(remote[0], firstOne[0], "allreduce with a user operation, in rank order");
                int[] firstAtRoot = {-1};
                inter.ireduce(Buf.of(new int[] {me}), Buf.of(firstAtRoot), first, root).await();
                assertEquals(low && lr == 1 ? remote[0] : -1, firstAtRoot[0], "ireduce with a user operation");
                assertEquals(base + 8, NativeCollectives.intercommCalls(), "user operations go to the library");
                assertEquals(0, JniOps.inProgress(), "every registration ends with its call");
                // MPI's count rule, checked before the library sees the call
                assertMpiError(ErrorClass.ERR_COUNT, () -> inter.reduceScatterBlock(Buf.of(new int[3]), Buf.of(new int[2]), Op.SUM));
                assertEquals(base + 8, NativeCollectives.intercommCalls(), "a refused call does not reach the library");
                inter.barrier();
            }
            return null;
        });
    }
}
