package io.mpi4j;

import io.mpi4j.spi.SpiRequest;

/** An SPI request that is complete from the start: operations with {@code PROC_NULL}, inactive persistent requests. */
record CompletedSpiRequest(Status status) implements SpiRequest {
    @Override
    public boolean isComplete() {
        return true;
    }

    @Override
    public MpiException failure() {
        return null;
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
