package io.mpi4j.jni;

/**
 * The JNI methods of blocking point-to-point ({@code src/main/c/blocking.c}), for {@link BlockingP2p}:
 * Java arrays read and written in place, and native memory where {@link Downcalls} are not available.
 */
final class JniBlocking {
    private JniBlocking() {
    }

    /**
     * MPI_Send, MPI_Ssend or MPI_Rsend of bytes.
     *
     * @param comm the communicator
     * @param address the data, when {@code array} is {@code null}
     * @param array a Java array read in place, or {@code null}
     * @param offset the byte offset of the data in {@code array}
     * @param bytes the byte count
     * @param dest the destination rank
     * @param tag the tag
     * @param mode 0 standard, 1 synchronous, 3 ready
     * @return the MPI error code
     */
    static native int send(long comm, long address, Object array, long offset, int bytes, int dest, int tag, int mode);

    /**
     * MPI_Recv of bytes, or with {@code guard} MPI_Mprobe and then MPI_Mrecv into the buffer only if
     * the message fits: a longer message is received into scratch memory and reported as
     * MPI_ERR_TRUNCATE, the buffer unchanged.
     *
     * @param comm the communicator
     * @param address the buffer, when {@code array} is {@code null}
     * @param array a Java array written in place, or {@code null}
     * @param offset the byte offset of the buffer in {@code array}
     * @param capacity the buffer's size in bytes
     * @param source the source rank, or -1 for any
     * @param tag the tag, or -1 for any
     * @param guard whether to probe first
     * @param out {source, tag, bytes received (the message's length when truncated), error code}
     * @return the MPI error code
     */
    static native int recv(long comm, long address, Object array, long offset, int capacity, int source, int tag,
            boolean guard, long[] out);
}
