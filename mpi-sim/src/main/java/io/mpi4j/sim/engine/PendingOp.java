package io.mpi4j.sim.engine;

/**
 * What a blocked thread is waiting in, for deadlock reports: the call, the world ranks that could
 * complete it, and for a receive or probe what it matches.
 *
 * @param description the call, such as {@code recv(source=0, tag=42, comm=WORLD)}
 * @param waitsFor the world ranks whose action would unblock it; {@code null} for "any rank"
 * @param receive what a blocked receive or probe matches; {@code null} for other calls
 */
record PendingOp(String description, int[] waitsFor, Receive receive) {
    /**
     * A call that is not a receive.
     *
     * @param description the call
     * @param waitsFor the world ranks whose action would unblock it; {@code null} for "any rank"
     */
    PendingOp(String description, int[] waitsFor) {
        this(description, waitsFor, null);
    }

    /**
     * The envelope a blocked receive or probe waits for, so that a report can name the queued
     * messages it just misses (another tag, another source, another communicator).
     *
     * @param context the communicator's point-to-point context
     * @param source the source rank in the communicator, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     */
    record Receive(int context, int source, int tag) {
    }
}
