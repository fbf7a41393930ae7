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
     * The error of a request completed on a thread that may not write its results: they belong in
     * memory of a confined arena ({@code Arena.ofConfined()}) owned by another thread. Providers
     * that leave such writing to the owner fail the request this way when another thread completes
     * it, rather than wait for the owner (who may be waiting for that very thread).
     *
     * @param request the request, described ({@link #describe()})
     * @param lost what was not written, for the message, or {@code null} if nothing was lost
     * @return an {@link io.mpi4j.ErrorClass#ERR_BUFFER} exception saying what to do instead
     */
    static io.mpi4j.MpiException completedOffTheMemorysThread(String request, String lost) {
        return new io.mpi4j.MpiException(io.mpi4j.ErrorClass.ERR_BUFFER, request + ": its buffer is memory confined to another"
                + " thread, and the request was completed on thread '" + Thread.currentThread().getName() + "' (the callback"
                + " thread of its CompletableFuture, say); allocate the buffer from Arena.ofShared() or Arena.global(), or"
                + " complete the request with await() or test() on the thread that owns the memory"
                + (lost == null ? "" : " (" + lost + " is discarded)"));
    }

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
