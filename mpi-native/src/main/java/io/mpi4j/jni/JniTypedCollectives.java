package io.mpi4j.jni;

/**
 * The native methods of the data-movement collectives with MPI datatypes
 * ({@code src/main/c/typed_collectives.c}). Datatypes are committed handles of the session's
 * {@link TypeHandles} (0: not significant here); counts are element counts of those types, of any
 * size; addresses are native, {@link Jni#IN_PLACE} for MPI_IN_PLACE, or, where a blocking call
 * passes a Java array as {@code sArr} (the send buffer) or {@code rArr} (the receive buffer), the
 * byte offset into that array, which the glue pins for the call. Every method returns the MPI error
 * code and writes the request of a nonblocking call ({@code start}) into {@code out[0]}.
 */
final class JniTypedCollectives {
    private JniTypedCollectives() {
    }

    static native int bcast(long comm, long buf, long count, long type, int root, boolean start, Object sArr, Object rArr, long[] out);

    /** {@code kind}: 0 gather, 1 scatter, 2 allgather, 3 alltoall; counts per rank. */
    static native int blocks(long comm, int kind, long s, long sc, long st, long rb, long rcount, long rt, int root,
            boolean start, Object sArr, Object rArr, long[] out);

    /**
     * {@code kind}: 0 gatherv ({@code counts}, {@code displs}: native ints of the receive side),
     * 1 scatterv (of the send side); {@code sc} is gatherv's send count, {@code rcount} scatterv's
     * receive count.
     */
    static native int rootedv(long comm, int kind, long s, long sc, long counts, long displs, long st, long rb, long rcount,
            long rt, int root, boolean start, Object sArr, Object rArr, long[] out);

    static native int allgatherv(long comm, long s, long sc, long st, long rb, long counts, long displs, long rt,
            boolean start, Object sArr, Object rArr, long[] out);

    static native int alltoallv(long comm, long s, long sc, long sd, long st, long rb, long rcount, long rd, long rt,
            boolean start, Object sArr, Object rArr, long[] out);

    /**
     * MPI_Alltoallw: counts native ints, byte displacements and type handles native longs ({@code n}
     * each), rewritten in place into what MPI takes, so they must live until the request completes.
     */
    static native int alltoallw(long comm, int n, long s, long sc, long sd, long stypes, long rb, long rcount, long rd,
            long rtypes, boolean start, Object sArr, Object rArr, long[] out);
}
