package io.mpi4j.sim;

/**
 * How a {@code sim} job runs collective operations.
 */
public enum CollectiveAlgorithms {
    /**
     * The provider's shared-memory collectives: every rank of a call meets at one rendezvous, which
     * also checks that all ranks called the same collective with matching arguments. The default.
     */
    SHARED_MEMORY,
    /**
     * The provider-neutral point-to-point algorithms of the SPI (binomial trees, recursive doubling,
     * rings), as a provider without collectives of its own runs them: for testing those algorithms.
     */
    POINT_TO_POINT
}
