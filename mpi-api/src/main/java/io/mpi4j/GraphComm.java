package io.mpi4j;

import io.mpi4j.spi.CommEngine;
import java.util.Arrays;

/**
 * An intracommunicator with a graph topology given in full on every rank (MPI-4.1 §8.5.3,
 * MPI_Graph_create): node {@code i}'s neighbours are {@code edges[index[i-1] .. index[i])}.
 * Created by {@link Intracomm#createGraph}.
 */
public final class GraphComm extends Intracomm {
    private final int[] index;
    private final int[] edges;

    GraphComm(Mpi mpi, CommEngine engine, int[] index, int[] edges) {
        super(mpi, engine, false);
        this.index = index.clone();
        this.edges = edges.clone();
    }

    /**
     * Returns the cumulative neighbour counts (MPI_Graph_get).
     *
     * @return a copy of the index array
     */
    public int[] index() {
        checkOpen("index");
        return index.clone();
    }

    /**
     * Returns the neighbour lists of all nodes, concatenated (MPI_Graph_get).
     *
     * @return a copy of the edges array
     */
    public int[] edges() {
        checkOpen("edges");
        return edges.clone();
    }

    /**
     * Returns the number of neighbours of a rank (MPI_Graph_neighbors_count).
     *
     * @param rank a rank of this communicator
     * @return its neighbour count
     * @throws MpiException with {@link ErrorClass#ERR_RANK} for an invalid rank
     */
    public int neighborCount(int rank) {
        checkOpen("neighborCount");
        return neighbors(rank).length;
    }

    /**
     * Returns the neighbours of a rank, in the order given at creation (MPI_Graph_neighbors).
     *
     * @param rank a rank of this communicator
     * @return its neighbours
     * @throws MpiException with {@link ErrorClass#ERR_RANK} for an invalid rank
     */
    public int[] neighbors(int rank) {
        checkOpen("neighbors");
        if (rank < 0 || rank >= index.length) {
            throw raise(new MpiException(ErrorClass.ERR_RANK, "neighbors: rank=" + rank + " is not a node of the graph (nnodes="
                    + index.length + ")"));
        }
        return Arrays.copyOfRange(edges, rank == 0 ? 0 : index[rank - 1], index[rank]);
    }

    /**
     * Duplicates this communicator with its topology (MPI_Comm_dup). Collective.
     *
     * @return the duplicate, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    @Override
    public GraphComm dup() {
        return (GraphComm) super.dup();
    }

    @Override
    GraphComm sameKind(io.mpi4j.spi.CommEngine duplicate) {
        return new GraphComm(mpi, duplicate, index, edges);
    }

    @Override
    public Topology topology() {
        return Topology.GRAPH;
    }

    @Override
    int[][] neighbourLists() {
        int[] mine = neighbors(rank());
        return new int[][] {mine, mine};
    }
}
