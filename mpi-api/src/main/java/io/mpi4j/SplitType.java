package io.mpi4j;

/**
 * How {@link Intracomm#splitType} groups processes (MPI-4.1 §7.4.2, MPI_Comm_split_type).
 */
public enum SplitType {
    /**
     * Processes that can share memory (MPI_COMM_TYPE_SHARED): all ranks of a {@code sim} job; the
     * processes of one host elsewhere.
     */
    SHARED,
    /** Takes part in the collective call without joining any new communicator (MPI_UNDEFINED). */
    UNDEFINED
}
