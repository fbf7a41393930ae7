package io.mpi4j.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle strategy of waiting ranks: spin, then yield, then park with doubling up to 1 ms, so
 * that an oversubscribed machine (more ranks than cores) is not eaten by spinning.
 */
final class Backoff {
    private static final int SPINS = 5_000;
    private static final int YIELDS = 100;
    private static final long MAX_PARK_NANOS = 1_000_000;
    private int idles;
    private long parkNanos = 1_000;

    /** Idles once; any work resets the backoff. */
    void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        int i = idles++;
        if (i < SPINS) {
            Thread.onSpinWait();
        } else if (i < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
        }
    }

    /** Starts again with spinning. */
    void reset() {
        idles = 0;
        parkNanos = 1_000;
    }
}
