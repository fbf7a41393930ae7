package io.mpi4j.spi;

import io.mpi4j.Status;

/**
 * A message taken off the matching queue by a matched probe (MPI_Mprobe), to be received only
 * through this handle.
 */
public interface SpiMessage {
    /**
     * Returns the envelope of the message: source, tag and size.
     *
     * @return the status as a probe would report it
     */
    Status status();

    /**
     * Receives this message (MPI_Imrecv). May be called once.
     *
     * @param target where the data goes
     * @return the receive request
     */
    SpiRequest irecv(RecvTarget target);
}
