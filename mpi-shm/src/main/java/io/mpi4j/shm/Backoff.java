package io.mpi4j.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle strategy of waiting ranks: spin, then yield, then park with doubling up to 1 ms, so
 * that an oversubscribed machine (more ranks than cores) is not eaten by spinning.
 *
 * <p>When the job has more ranks than the machine has cores, spinning only burns the time slice
 * the peer needs to answer, so an oversubscribed job starts with yielding ({@link #forJob}).
 */
final class Backoff {
    private static final int SPINS = 5_000;
    private static final int YIELDS = 100;
    private static final long MAX_PARK_NANOS = 1_000_000;
    private final int spins;
    private int idles;
    private long parkNanos = 1_000;

    /** A backoff that spins first: for a job with a core per rank. */
    Backoff() {
        this(SPINS);
    }

    private Backoff(int spins) {
        this.spins = spins;
    }

    /**
     * The backoff for a rank of a job of {@code size} ranks on this machine.
     *
     * @param size the number of ranks of the job
     * @return a backoff that spins only if every rank can have a core
     */
    static Backoff forJob(int size) {
        return new Backoff(size > Runtime.getRuntime().availableProcessors() ? 0 : SPINS);
    }

    /** Idles once; any work resets the backoff. */
    void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        int i = idles++;
        if (i < spins) {
            Thread.onSpinWait();
        } else if (i < spins + YIELDS) {
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
