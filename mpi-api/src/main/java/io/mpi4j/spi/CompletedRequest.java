package io.mpi4j.spi;

import io.mpi4j.MpiException;
import io.mpi4j.Status;

/**
 * A request that is complete from the start: what a provider returns for an operation that finished
 * inside the call (a blocking send or receive made directly), and what the API uses for operations
 * with {@code PROC_NULL} and inactive persistent requests.
 *
 * @param status the status
 * @param failure the failure, or {@code null} for success
 */
public record CompletedRequest(Status status, MpiException failure) implements SpiRequest {
    /**
     * A successful request.
     *
     * @param status the status
     */
    public CompletedRequest(Status status) {
        this(status, null);
    }

    @Override
    public boolean isComplete() {
        return true;
    }

    @Override
    public void cancel() {
        // nothing to cancel
    }

    @Override
    public void onComplete(Runnable action) {
        action.run();
    }

    @Override
    public String describe() {
        return "completed";
    }
}
