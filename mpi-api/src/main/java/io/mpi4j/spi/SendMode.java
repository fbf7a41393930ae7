package io.mpi4j.spi;

/**
 * The communication mode of a send (MPI-4.1 §3.4).
 */
public enum SendMode {
    /** MPI_Send: may complete before a matching receive is posted (buffering is the provider's choice). */
    STANDARD,
    /** MPI_Ssend: completes only after the matching receive has started. */
    SYNCHRONOUS,
    /**
     * MPI_Bsend: completes locally. The API has already copied the data into memory accounted to the
     * attached buffer, so the provider may keep a reference to the buffer instead of copying it;
     * the returned request completes when the data has been delivered and that memory may be reused.
     */
    BUFFERED,
    /** MPI_Rsend: the matching receive must already be posted; otherwise the send is erroneous. */
    READY
}
