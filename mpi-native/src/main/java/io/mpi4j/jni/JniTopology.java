package io.mpi4j.jni;

/**
 * The native topology constructors ({@code src/main/c/topology.c}): MPI_Cart_create,
 * MPI_Graph_create and MPI_Dist_graph_create_adjacent. Each writes {@code out = {communicator or
 * 0, member, 1 if the library may run the neighbourhood collectives (no process has a repeated
 * neighbour), in-degree, out-degree}} and returns the MPI error code.
 */
final class JniTopology {
    private JniTopology() {
    }

    /** {@code periods}: 1 for a dimension that wraps around, else 0. */
    static native int cartCreate(long comm, int[] dims, int[] periods, boolean reorder, long[] out);

    static native int graphCreate(long comm, int[] index, int[] edges, boolean reorder, long[] out);

    /** The graph goes to MPI unweighted: the API keeps the weights (see topology.c). */
    static native int distGraphCreate(long comm, int[] sources, int[] destinations, boolean reorder, long[] out);
}
