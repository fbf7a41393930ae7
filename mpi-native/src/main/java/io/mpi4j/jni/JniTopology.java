package io.mpi4j.jni;

/**
 * The native topology constructors ({@code src/main/c/topology.c}): MPI_Cart_create and
 * MPI_Graph_create. Each writes {@code out = {communicator or 0, member}} and returns the MPI
 * error code.
 */
final class JniTopology {
    private JniTopology() {
    }

    /** {@code periods}: 1 for a dimension that wraps around, else 0. */
    static native int cartCreate(long comm, int[] dims, int[] periods, boolean reorder, long[] out);

    static native int graphCreate(long comm, int[] index, int[] edges, boolean reorder, long[] out);
}
