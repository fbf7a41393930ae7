package io.mpi4j.jni;

/**
 * The native methods of the C glue ({@code src/main/c}). Handles are 64-bit integers, buffers
 * native addresses ({@code -1} for MPI_IN_PLACE); every method returning {@code int} returns the
 * MPI error code and writes its results into {@code out}.
 */
final class Jni {
    /** The address that stands for MPI_IN_PLACE. */
    static final long IN_PLACE = -1;

    private Jni() {
    }

    // environment
    /**
     * MPI_Init_thread (unless MPI is initialized already).
     *
     * @param requiredLevel the ordinal of the thread level asked for
     * @param out {thread level provided, MPI_COMM_WORLD, MPI_COMM_SELF, MPI_TAG_UB, 1 if a truncated
     *     receive may write past its buffer (Open MPI 4 with its single-copy path on) else 0}
     * @return the MPI error code
     */
    static native int init(int requiredLevel, long[] out);

    /**
     * Favors the calling thread at the gate that serializes MPI calls below MPI_THREAD_MULTIPLE
     * ({@code gate.c}): it then takes a free gate without an atomic instruction, the other threads
     * paying instead. Nothing at MULTIPLE, or where the kernel lacks membarrier(2).
     *
     * @return whether the thread is favored
     */
    static native boolean favorGate();

    static native int finalizeMpi();

    static native int abort(long comm, int code);

    static native double wtime();

    static native double wtick();

    static native String libraryVersion();

    static native String processorName();

    static native int version();

    static native String errorClassName(int code);

    static native String errorString(int code);

    // memory
    static native long stageIn(Object array, long offset, long bytes);

    static native long allocate(long bytes);

    static native void stageOut(long address, Object array, long offset, long bytes);

    static native void free(long address);

    static native void copy(long from, long to, long bytes);

    // communicators
    static native int commRankSize(long comm, long[] out);

    static native int commDup(long comm, long[] out);

    static native int commFree(long comm);

    static native int commSetName(long comm, String name);

    // communicator constructors: out = {handle, 1} for a member, {0, 0} for MPI_COMM_NULL
    static native int commTestInter(long comm, long[] out);

    static native int commWorldRanks(long comm, boolean remote, int[] out);

    static native int commSplit(long comm, int color, int key, long[] out);

    static native int commSplitShared(long comm, boolean join, int key, long[] out);

    static native int commCreate(long comm, int[] worldRanks, boolean byGroup, int tag, long[] out);

    static native int intercommCreate(long local, int localLeader, long peer, int remoteLeader, int tag, long[] out);

    static native int intercommMerge(long comm, boolean high, long[] out);

    // point-to-point
    static native int isend(long comm, long address, long bytes, int dest, int tag, int mode, long[] out);

    static native int irecv(long comm, long address, long bytes, int source, int tag, long[] out);

    static native int test(long request, boolean block, long[] status);

    static native int cancel(long request);

    static native int iprobe(long comm, int source, int tag, boolean block, long[] status);

    static native int improbe(long comm, int source, int tag, boolean block, long[] status);

    static native int imrecv(long message, long address, long bytes, long[] out);

    // collectives
    static native int barrier(long comm, boolean start, long[] out);

    static native int bcast(long comm, long buf, int count, int type, int root, boolean start, long[] out);

    static native int gather(long comm, long send, int sendCount, int sendType, long recv, int recvCount, int recvType,
            int root, boolean start, long[] out);

    static native int gatherv(long comm, long send, int sendCount, int sendType, long recv, long counts, long displs,
            int recvType, int root, boolean start, long[] out);

    static native int scatter(long comm, long send, int sendCount, int sendType, long recv, int recvCount, int recvType,
            int root, boolean start, long[] out);

    static native int scatterv(long comm, long send, long counts, long displs, int sendType, long recv, int recvCount,
            int recvType, int root, boolean start, long[] out);

    static native int allgather(long comm, long send, int sendCount, int sendType, long recv, int recvCount,
            int recvType, boolean start, long[] out);

    static native int allgatherv(long comm, long send, int sendCount, int sendType, long recv, long counts,
            long displs, int recvType, boolean start, long[] out);

    static native int alltoall(long comm, long send, int sendCount, int sendType, long recv, int recvCount,
            int recvType, boolean start, long[] out);

    static native int alltoallv(long comm, long send, long sendCounts, long sendDispls, int sendType, long recv,
            long recvCounts, long recvDispls, int recvType, boolean start, long[] out);

    static native int alltoallw(long comm, int n, long send, long sendCounts, long sendDispls, long sendTypes,
            long recv, long recvCounts, long recvDispls, long recvTypes, boolean start, long[] out);

    /**
     * MPI_Reduce, MPI_Allreduce, MPI_Scan, MPI_Exscan or MPI_Reduce_scatter_block (kind 0 to 4), or
     * their nonblocking forms; a blocking call may pass heap arrays to be pinned ({@link HeapPins}:
     * {@code send} and {@code recv} are then byte offsets into {@code sArr} and {@code rArr}).
     */
    static native int reduce(long comm, int kind, long send, long recv, int count, int type, int op, int root,
            boolean start, Object sArr, Object rArr, long[] out);

    /** MPI_Reduce_scatter, or MPI_Ireduce_scatter; arrays as for {@link #reduce}. */
    static native int reduceScatter(long comm, long send, long recv, long counts, int type, int op, boolean start,
            Object sArr, Object rArr, long[] out);

    /**
     * MPI_Reduce_local over native memory, {@code inout = in op inout}, in calls of at most
     * {@code Integer.MAX_VALUE} elements: the library's (vectorized) kernels, with its workarounds
     * (the operation as the collectives take it).
     *
     * @param in the address of the left operands
     * @param inout the address of the right operands, replaced by the results
     * @param count the elements, of any size
     * @param type the predefined type's code ({@link Types#code(io.mpi4j.Datatype)})
     * @param op the predefined operation's code ({@link Types#code(io.mpi4j.Op)})
     * @return the MPI error code
     */
    static native int reduceLocal(long in, long inout, long count, int type, int op);
}
