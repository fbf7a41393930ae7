package io.mpi4j;

/**
 * The kind of virtual topology attached to a communicator (MPI-4.1 §8.5.5, MPI_Topo_test).
 */
public enum Topology {
    /** No topology (MPI_UNDEFINED). */
    NONE,
    /** A Cartesian grid: {@link CartComm} (MPI_CART). */
    CART,
    /** A graph given in full on every rank: {@link GraphComm} (MPI_GRAPH). */
    GRAPH,
    /** A distributed graph, each rank knowing its own edges: {@link DistGraphComm} (MPI_DIST_GRAPH). */
    DIST_GRAPH
}
