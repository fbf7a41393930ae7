package io.mpi4j.jni;

/**
 * The native methods for persistent point-to-point requests ({@code src/main/c/persistent.c}):
 * MPI_Send_init and its modes, MPI_Recv_init, MPI_Start, completion and MPI_Request_free. Like
 * {@link Jni}, every method returns the MPI error code and writes its results into {@code out}.
 */
final class JniPersistent {
    private JniPersistent() {
    }

    /** {@code out = {request, datatype to free with the request, or 0}}; mode 0 standard, 1 synchronous, 3 ready. */
    static native int sendInit(long comm, long address, long bytes, int dest, int tag, int mode, long[] out);

    /** {@code out = {request, datatype to free with the request, or 0}}. */
    static native int recvInit(long comm, long address, long bytes, int source, int tag, long[] out);

    static native int start(long request);

    /** MPI_Test, or MPI_Wait with {@code block}; status layout of {@link Jni#test}, without the message. */
    static native int test(long request, boolean block, long[] status);

    static native int cancel(long request);

    static native int free(long request, long type);
}
