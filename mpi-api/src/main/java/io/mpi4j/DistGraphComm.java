package io.mpi4j;

import io.mpi4j.spi.CommEngine;

/**
 * An intracommunicator with a distributed graph topology: each rank knows the ranks it receives
 * from (sources) and sends to (destinations), optionally with weights (MPI-4.1 §8.5.4). Created by
 * {@link Intracomm#createDistGraphAdjacent} or {@link Intracomm#createDistGraph}.
 */
public final class DistGraphComm extends Intracomm {
    private final int[] sources;
    private final int[] sourceWeights;
    private final int[] destinations;
    private final int[] destinationWeights;

    DistGraphComm(Mpi mpi, CommEngine engine, int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights) {
        super(mpi, engine, false);
        this.sources = sources.clone();
        this.sourceWeights = sourceWeights == null ? null : sourceWeights.clone();
        this.destinations = destinations.clone();
        this.destinationWeights = destinationWeights == null ? null : destinationWeights.clone();
    }

    /**
     * Returns the ranks this rank receives from (MPI_Dist_graph_neighbors).
     *
     * @return a copy of the sources, in order
     */
    public int[] sources() {
        checkOpen("sources");
        return sources.clone();
    }

    /**
     * Returns the ranks this rank sends to (MPI_Dist_graph_neighbors).
     *
     * @return a copy of the destinations, in order
     */
    public int[] destinations() {
        checkOpen("destinations");
        return destinations.clone();
    }

    /**
     * Returns the weights of the incoming edges.
     *
     * @return a copy of the weights; all 1 for an unweighted graph
     */
    public int[] sourceWeights() {
        checkOpen("sourceWeights");
        return sourceWeights == null ? ones(sources.length) : sourceWeights.clone();
    }

    /**
     * Returns the weights of the outgoing edges.
     *
     * @return a copy of the weights; all 1 for an unweighted graph
     */
    public int[] destinationWeights() {
        checkOpen("destinationWeights");
        return destinationWeights == null ? ones(destinations.length) : destinationWeights.clone();
    }

    /**
     * Tells whether the graph was created with weights (MPI_Dist_graph_neighbors_count).
     *
     * @return {@code true} if weighted
     */
    public boolean isWeighted() {
        checkOpen("isWeighted");
        return sourceWeights != null;
    }

    /**
     * Returns the number of incoming edges (MPI_Dist_graph_neighbors_count).
     *
     * @return the in-degree
     */
    public int inDegree() {
        checkOpen("inDegree");
        return sources.length;
    }

    /**
     * Returns the number of outgoing edges (MPI_Dist_graph_neighbors_count).
     *
     * @return the out-degree
     */
    public int outDegree() {
        checkOpen("outDegree");
        return destinations.length;
    }

    private static int[] ones(int n) {
        int[] w = new int[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    /**
     * Duplicates this communicator with its topology (MPI_Comm_dup). Collective.
     *
     * @return the duplicate, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    @Override
    public DistGraphComm dup() {
        return (DistGraphComm) super.dup();
    }

    @Override
    DistGraphComm sameKind(io.mpi4j.spi.CommEngine duplicate) {
        return new DistGraphComm(mpi, duplicate, sources, sourceWeights, destinations, destinationWeights);
    }

    @Override
    public Topology topology() {
        return Topology.DIST_GRAPH;
    }

    @Override
    int[][] neighbourLists() {
        return new int[][] {sources.clone(), destinations.clone()};
    }
}
