package io.mpi4j.jni;

/**
 * The native methods for persistent collectives ({@code src/main/c/pcollectives.c}): the MPI-4
 * {@code MPI_*_init} collectives, or Open MPI's {@code MPIX_*_init} extension. Arguments are those
 * of the collectives of {@link Jni}; each method writes {@code out = {request, mapped}} and returns
 * the MPI error code. The request is started, completed and freed with {@link JniPersistent}'s
 * methods.
 */
final class JniPersistentCollectives {
    private JniPersistentCollectives() {
    }

    /** Whether the library has persistent collectives; when not, no other method exists. */
    static native boolean available();

    static native int barrier(long comm, long[] out);

    static native int bcast(long comm, long buf, int count, int type, int root, long[] out);

    static native int gather(long comm, long send, int sendCount, int sendType, long recv, int recvCount, int recvType,
            int root, long[] out);

    static native int gatherv(long comm, long send, int sendCount, int sendType, long recv, long counts, long displs,
            int recvType, int root, long[] out);

    static native int scatter(long comm, long send, int sendCount, int sendType, long recv, int recvCount, int recvType,
            int root, long[] out);

    static native int scatterv(long comm, long send, long counts, long displs, int sendType, long recv, int recvCount,
            int recvType, int root, long[] out);

    static native int allgather(long comm, long send, int sendCount, int sendType, long recv, int recvCount,
            int recvType, long[] out);

    static native int allgatherv(long comm, long send, int sendCount, int sendType, long recv, long counts,
            long displs, int recvType, long[] out);

    static native int alltoall(long comm, long send, int sendCount, int sendType, long recv, int recvCount,
            int recvType, long[] out);

    static native int alltoallv(long comm, long send, long sendCounts, long sendDispls, int sendType, long recv,
            long recvCounts, long recvDispls, int recvType, long[] out);

    static native int alltoallw(long comm, int n, long send, long sendCounts, long sendDispls, long sendTypes,
            long recv, long recvCounts, long recvDispls, long recvTypes, long[] out);

    static native int reduce(long comm, int kind, long send, long recv, int count, int type, int op, int root,
            long[] out);

    static native int reduceScatter(long comm, long send, long recv, long counts, int type, int op, long[] out);
}
