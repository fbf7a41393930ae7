package io.mpi4j.spi;

/**
 * A provider's persistent point-to-point request: an operation set up once by
 * {@link CommEngine#sendInit} or {@link CommEngine#recvInit} and started many times
 * (MPI-4.1 §3.9, MPI_Send_init / MPI_Recv_init, MPI_Start, MPI_Request_free).
 *
 * <p>The API keeps the persistent state a program sees (active or inactive, closed, the status of
 * an inactive request) and checks every misuse itself, so a provider is only called in a valid
 * order: {@link #start()} only while no activation is in progress, {@link #free()} once, nothing
 * after it.
 *
 * @implSpec The memory of the buffer given at creation is read at each {@link #start()} (a send)
 *     or written before the activation completes (a receive); a provider that copies heap memory
 *     into native memory must copy at each start and at each completion, never only once.
 */
public interface SpiPersistent {
    /**
     * Starts one activation (MPI_Start).
     *
     * @return the request of this activation, completed like any {@link SpiRequest}; its
     *     {@link SpiRequest#cancel()} cancels the activation (MPI_Cancel on the persistent request)
     */
    SpiRequest start();

    /**
     * Releases the request (MPI_Request_free). An activation in progress still completes, as MPI
     * requires; the provider releases what the request holds once it has.
     */
    void free();
}
