package io.mpi4j.jni;

/**
 * The native method of the neighbourhood collectives ({@code src/main/c/neighbors.c}), for
 * {@link NativeNeighborCollectives}.
 */
final class JniNeighbors {
    private JniNeighbors() {
    }

    /**
     * MPI_Neighbor_allgather(v) or MPI_Neighbor_alltoall(v/w), or their nonblocking forms.
     *
     * @param comm the communicator, with a topology
     * @param kind 0 allgather, 1 allgatherv, 2 alltoall, 3 alltoallv, 4 alltoallw
     * @param send the send buffer's address
     * @param sc the send count (per block for alltoall)
     * @param scounts the send counts (native ints), for the v and w forms
     * @param sdispls the send displacements (native ints; MPI_Aint bytes for w)
     * @param st the send datatype's code
     * @param stypes the send datatypes' codes (native 64-bit, rewritten as MPI handles), for w
     * @param outdeg the out-degree
     * @param recv the receive buffer's address
     * @param rc the receive count per block
     * @param rcounts the receive counts (native ints)
     * @param rdispls the receive displacements (native ints; MPI_Aint bytes for w)
     * @param rt the receive datatype's code
     * @param rtypes the receive datatypes' codes, for w
     * @param indeg the in-degree
     * @param start whether to start the nonblocking form
     * @param sArr the Java array {@code send} is a byte offset into (a blocking call's pinned heap
     *     array, {@link HeapPins}), or {@code null}
     * @param rArr the same for {@code recv}
     * @param out {request}
     * @return the MPI error code
     */
    static native int neighbor(long comm, int kind, long send, int sc, long scounts, long sdispls, int st, long stypes,
            int outdeg, long recv, int rc, long rcounts, long rdispls, int rt, long rtypes, int indeg, boolean start,
            Object sArr, Object rArr, long[] out);
}
