package io.mpi4j.spi.coll;

import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.SpiRequest;

/**
 * Runs any {@link Collective} with point-to-point algorithms over a {@link CollectiveChannel}.
 */
public final class DefaultCollectives {
    private DefaultCollectives() {
    }

    /**
     * Runs a collective to completion on the calling thread.
     *
     * @param channel the communicator's collective channel
     * @param call the operation
     */
    public static void run(CollectiveChannel channel, Collective call) {
        throw new UnsupportedOperationException("default collective algorithms are not implemented yet: " + call.name());
    }

    /**
     * Starts a collective on a virtual thread of its own.
     *
     * @param channel the communicator's collective channel
     * @param call the operation
     * @return the request, complete when the algorithm has finished on this rank
     */
    public static SpiRequest start(CollectiveChannel channel, Collective call) {
        throw new UnsupportedOperationException("default collective algorithms are not implemented yet: " + call.name());
    }
}
