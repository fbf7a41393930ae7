package io.mpi4j.spi;

import java.util.List;

/**
 * What the default collective algorithms of {@link io.mpi4j.spi.coll.DefaultCollectives} need from
 * a provider: point-to-point messages on a context of their own, and a way to wait.
 *
 * @implSpec {@link #p2p()} must match messages in a context that user point-to-point traffic on
 *     the same communicator never uses (MPI-4.1 §6.2: collective and point-to-point communication
 *     never interfere).
 */
public interface CollectiveChannel {
    /**
     * Returns the point-to-point engine of the communicator's collective context.
     *
     * @return an engine whose ranks and size are those of the communicator
     */
    CommEngine p2p();

    /**
     * Blocks until at least one of the requests has completed.
     *
     * @param requests requests of {@link #p2p()}; at least one is incomplete
     * @param operation what is being waited in, for reports
     */
    void awaitAny(List<? extends SpiRequest> requests, String operation);

    /**
     * Returns the tag for the next collective call on this communicator: every rank calls
     * collectives in the same order, so the n-th call gets the same tag everywhere, and messages of
     * concurrent nonblocking collectives never match each other.
     *
     * @return a tag in {@code [0, tagUpperBound]}
     */
    int nextTag();

    /**
     * Runs the algorithm of a nonblocking collective on a thread of its own.
     *
     * @param name a name for the thread
     * @param task the algorithm
     * @implSpec The default starts a virtual thread. A provider that watches its ranks' threads (the
     *     {@code sim} provider's deadlock detection) overrides it to count the thread as working for
     *     the rank until it ends.
     */
    default void spawn(String name, Runnable task) {
        Thread.ofVirtual().name(name).start(task);
    }
}
