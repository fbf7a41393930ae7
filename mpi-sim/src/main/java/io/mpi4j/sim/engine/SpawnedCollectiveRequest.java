package io.mpi4j.sim.engine;

import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;

/**
 * A nonblocking collective run by the SPI's point-to-point algorithms on a thread of its own, seen
 * as a {@link SimPollable}: a program polling it with {@code test()} idles now and then, so that
 * the algorithm's threads get the carriers they need.
 */
final class SpawnedCollectiveRequest implements SimPollable {
    private final SpiRequest delegate;
    private int failedPolls;

    SpawnedCollectiveRequest(SpiRequest delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean poll() {
        return delegate.isComplete();
    }

    @Override
    public boolean isComplete() {
        if (poll()) {
            return true;
        }
        SimPollable.idleAfter(++failedPolls);
        return poll();
    }

    @Override
    public boolean isReady() {
        return delegate.isComplete();
    }

    @Override
    public int[] waitsFor() {
        return null;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public MpiException failure() {
        return delegate.failure();
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }

    @Override
    public void onComplete(Runnable action) {
        delegate.onComplete(action);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
