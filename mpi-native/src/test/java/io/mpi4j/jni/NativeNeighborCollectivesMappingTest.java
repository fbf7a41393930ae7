package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Datatype;
import io.mpi4j.DistGraphComm;
import org.junit.jupiter.api.Test;

/**
 * Neighbourhood collectives on native are the library's MPI_Neighbor_* where it built the topology
 * and no process has a repeated neighbour (derived datatypes as their signatures included), and the
 * API's point-to-point algorithm where a neighbour repeats (a periodic dimension of size 1). The
 * TCK checks the semantics; this checks which way each call goes.
 */
class NativeNeighborCollectivesMappingTest extends NativeJobTest {
    @Test
    void neighbourhoodCollectivesAreTheLibrarysWhereNoNeighbourRepeats() {
        run(3, world -> {
            int me = world.rank();
            long base = NativeNeighborCollectives.calls();
            try (CartComm ring = world.createCart(new int[] {3}, new boolean[] {true}, false).orElseThrow();
                 CartComm dup = ring.dup()) {
                int r = ring.rank();
                int left = (r + 2) % 3;
                int right = (r + 1) % 3;
                int[] got = new int[2];
                ring.neighborAllgather(Buf.of(new int[] {r}), Buf.of(got));
                assertArrayEquals(new int[] {left, right}, got, "allgather: from the left, then from the right");
                dup.ineighborAlltoall(Buf.of(new int[] {10 * r, 10 * r + 1}), Buf.of(got)).await();
                assertArrayEquals(new int[] {10 * left + 1, 10 * right}, got, "alltoall: each neighbour's block towards me");
                // every other int of three: a derived type, reduced to its signature
                Datatype everyOther = Datatype.vector(2, 1, 2, Datatype.INT).commit();
                int[] plain = new int[4];
                ring.neighborAllgather(Buf.of(new int[] {r, -9, r}).withType(everyOther, 1), Buf.of(plain));
                assertArrayEquals(new int[] {left, left, right, right}, plain, "a derived send type");
                int[] strided = {-1, -1, -1, -1, -1, -1};
                ring.neighborAllgather(Buf.of(new int[] {r, r}), Buf.of(strided).withType(everyOther, 2));
                assertArrayEquals(new int[] {left, -1, left, right, -1, right}, strided, "a derived receive type");
                everyOther.free();
                assertEquals(base + 4, NativeNeighborCollectives.calls(), "calls in the library on a ring of 3");
            }
            long before = NativeNeighborCollectives.calls();
            try (CartComm grid = world.createCart(new int[] {3, 1}, new boolean[] {true, true}, false).orElseThrow()) {
                int[] got = new int[4];
                grid.neighborAllgather(Buf.of(new int[] {grid.rank()}), Buf.of(got));
                int r = grid.rank();
                assertArrayEquals(new int[] {(r + 2) % 3, (r + 1) % 3, r, r}, got, "a periodic dimension of size 1");
                assertEquals(before, NativeNeighborCollectives.calls(), "a repeated neighbour: the API's algorithm");
            }
            // a star: rank 0 sends to the others, nobody sends to rank 0
            int[] dst = me == 0 ? new int[] {1, 2} : new int[0];
            int[] src = me == 0 ? new int[0] : new int[] {0};
            try (DistGraphComm star = world.createDistGraphAdjacent(src, null, dst, null, false)) {
                int[] got = new int[src.length];
                star.neighborAllgather(Buf.of(new int[] {7}), Buf.of(got));
                assertArrayEquals(me == 0 ? new int[0] : new int[] {7}, got);
                assertEquals(before + 1, NativeNeighborCollectives.calls(), "a distributed graph: the library's");
            }
            return null;
        });
    }
}
