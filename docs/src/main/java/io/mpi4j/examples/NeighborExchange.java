package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Mpi;
import io.mpi4j.Shift;
import java.util.Arrays;

/**
 * Neighbourhood collectives on a 2-D Cartesian grid: every rank sends one value to each of its
 * four neighbours with a single {@code neighborAlltoall}, and the rank of every neighbour with
 * {@code neighborAllgather}. The first dimension is periodic, the second is not, so that the ranks
 * on its edges have {@link Mpi#PROC_NULL} neighbours, whose receive blocks are left untouched.
 *
 * <p>For a Cartesian grid the neighbours come in the order of {@link CartComm#shift}: for each
 * dimension {@code d}, first the one behind ({@code shift(d, 1).source()}), then the one ahead
 * ({@code shift(d, 1).dest()}).
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 6 -cp docs/target/classes io.mpi4j.examples.NeighborExchange
 * }
 */
public final class NeighborExchange {
    private NeighborExchange() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            int[] dims = CartComm.computeDims(mpi.world().size(), 2);
            // tag::neighbors[]
            try (CartComm grid = mpi.world().createCart(dims, new boolean[] {true, false}, false).orElseThrow()) {
                int me = grid.rank();
                // neighbour order: dimension 0 behind, ahead; dimension 1 behind, ahead
                Shift d0 = grid.shift(0, 1);
                Shift d1 = grid.shift(1, 1);
                int[] neighbours = {d0.source(), d0.dest(), d1.source(), d1.dest()};

                // block k goes to neighbour k: here 100 * my rank + k
                int[] send = new int[4];
                for (int k = 0; k < 4; k++) {
                    send[k] = 100 * me + k;
                }
                int[] recv = {-1, -1, -1, -1};                    // blocks from PROC_NULL neighbours stay -1
                grid.neighborAlltoall(Buf.of(send), Buf.of(recv));

                int[] ranks = {-1, -1, -1, -1};
                grid.neighborAllgather(Buf.of(new int[] {me}), Buf.of(ranks));
                // end::neighbors[]
                System.out.println("coords " + Arrays.toString(grid.coords()) + ", neighbours " + Arrays.toString(neighbours)
                        + ", allgather " + Arrays.toString(ranks) + ", alltoall " + Arrays.toString(recv));
            }
        }
    }
}
