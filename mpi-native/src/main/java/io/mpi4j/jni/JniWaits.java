package io.mpi4j.jni;

/**
 * The native methods for waiting without blocking inside MPI ({@code src/main/c/waits.c}), used
 * under {@link WaitPolicy#POLL}.
 */
final class JniWaits {
    private JniWaits() {
    }

    /**
     * MPI_Comm_idup: the new handle is written when the request completes, into a cell of native
     * memory that {@link #takeComm} reads and frees.
     *
     * @param comm the communicator to duplicate
     * @param out {request, cell}
     * @return the MPI error code
     */
    static native int commIdup(long comm, long[] out);

    /**
     * Reads the communicator handle from a cell of {@link #commIdup} and frees the cell.
     *
     * @param cell the cell
     * @return the handle
     */
    static native long takeComm(long cell);
}
