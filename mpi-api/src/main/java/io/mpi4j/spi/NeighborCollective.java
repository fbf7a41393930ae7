package io.mpi4j.spi;

import io.mpi4j.Buf;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;

/**
 * One call of a neighbourhood collective (MPI-4.1 §8.6) on a communicator with a topology, as the
 * API hands it to a provider that runs them itself ({@link CommEngine#takesNeighborCollective}).
 *
 * <p>Blocks are in the topology's neighbour order: for a Cartesian communicator, for each
 * dimension the neighbour behind then the one ahead; for a graph, the node's neighbours; for a
 * distributed graph, its sources (receive side) and destinations (send side). The API has checked
 * the buffers against the degrees: a send or receive buffer holds whole blocks, a v or w buffer one
 * block per neighbour. A block whose neighbour is {@link io.mpi4j.Mpi#PROC_NULL} is neither sent
 * nor written.
 */
public sealed interface NeighborCollective {
    /**
     * Returns the name of the operation, for reports.
     *
     * @return the MPI name without prefix, in lower case: {@code "neighbor_allgather"}, ...
     */
    String name();

    /**
     * MPI_Neighbor_allgather: the same block to every out-neighbour, one block from each in-neighbour.
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     */
    record Allgather(Buf send, Buf recv) implements NeighborCollective {
        @Override
        public String name() {
            return "neighbor_allgather";
        }
    }

    /**
     * MPI_Neighbor_allgatherv: the same block to every out-neighbour, blocks of their own counts and
     * displacements from the in-neighbours.
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     */
    record Allgatherv(Buf send, VBuf recv) implements NeighborCollective {
        @Override
        public String name() {
            return "neighbor_allgatherv";
        }
    }

    /**
     * MPI_Neighbor_alltoall: block {@code i} to out-neighbour {@code i}, block {@code j} from
     * in-neighbour {@code j}.
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     */
    record Alltoall(Buf send, Buf recv) implements NeighborCollective {
        @Override
        public String name() {
            return "neighbor_alltoall";
        }
    }

    /**
     * MPI_Neighbor_alltoallv: as {@link Alltoall}, with counts and displacements per block.
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     */
    record Alltoallv(VBuf send, VBuf recv) implements NeighborCollective {
        @Override
        public String name() {
            return "neighbor_alltoallv";
        }
    }

    /**
     * MPI_Neighbor_alltoallw: as {@link Alltoallv}, with a datatype and a byte displacement per block.
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     */
    record Alltoallw(WBuf send, WBuf recv) implements NeighborCollective {
        @Override
        public String name() {
            return "neighbor_alltoallw";
        }
    }
}
