package io.mpi4j.spi;

import io.mpi4j.Status;

/**
 * A provider's handle on one nonblocking operation.
 *
 * <p>The API wraps it in a typed {@link io.mpi4j.Request}. Waiting is done through
 * {@link ProviderSession#awaitAny}, so that a provider can block a rank on several requests at once
 * and tell what the rank is blocked in.
 *
 * @implSpec A request must keep the memory of its buffers reachable until it completes. Completion
 *     must happen-before {@link #isComplete()} returning {@code true} and before the actions run by
 *     {@link #onComplete}.
 */
public interface SpiRequest {
    /**
     * Tells whether the operation has completed, making progress if the provider needs polling.
     *
     * @return {@code true} once complete (successfully, with an error, or cancelled)
     */
    boolean isComplete();

    /**
     * Returns the status of the completed operation.
     *
     * @return the status; its {@link Status#error()} is not {@code SUCCESS} if the operation failed
     * @throws IllegalStateException if the request has not completed
     */
    Status status();

    /**
     * Returns the error of a completed operation that failed, for rethrowing with the right class.
     *
     * @return the exception, or {@code null} if the operation succeeded or has not completed
     */
    io.mpi4j.MpiException failure();

    /**
     * Asks for the operation to be cancelled (MPI_Cancel). The request still has to be completed;
     * its status tells whether the cancellation succeeded.
     */
    void cancel();

    /**
     * Runs an action once the request completes: at once on the calling thread if it already has,
     * else on the thread that completes it.
     *
     * @param action a short action that must not block
     */
    void onComplete(Runnable action);

    /**
     * Describes the operation for deadlock reports and leak reports.
     *
     * @return for example {@code "irecv(source=0, tag=42, comm=WORLD)"}
     */
    String describe();
}
