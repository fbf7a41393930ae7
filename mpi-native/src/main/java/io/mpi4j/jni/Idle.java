package io.mpi4j.jni;

import java.util.concurrent.locks.LockSupport;

/**
 * Backoff for polling waits: spin, then yield, then park with doubling up to a limit.
 *
 * <p>{@link #Idle()} suits a thread polling beside others of its own rank (a virtual thread, the
 * progress thread). {@link #oversubscribed()} suits a rank's own wait when ranks outnumber cores
 * ({@link WaitPolicy#POLL}): no spinning, since the rank being waited for needs this core, and a
 * long run of {@code sched_yield}, which hands the core to it at once, before parking (a park
 * costs at least the timer slack, 50 µs, per round of a collective; measured on MPICH, 4 ranks on 2
 * cores: barrier 5.3 ms with the default backoff, 1.6 ms yielding).
 */
final class Idle {
    private final int spins;
    private final int yields;
    private final long maxParkNanos;
    private int n;
    private long parkNanos = 1_000;

    /** Spin 200 times, yield until the 2 000th call, then park from 1 µs doubling to 200 µs. */
    Idle() {
        this(200, 2_000, 200_000);
    }

    private Idle(int spins, int yields, long maxParkNanos) {
        this.spins = spins;
        this.yields = yields;
        this.maxParkNanos = maxParkNanos;
    }

    /**
     * The backoff of a rank that waits while ranks outnumber cores: yield for the first 100 000
     * calls (tens of milliseconds), then park from 1 µs doubling to 1 ms.
     *
     * @return a fresh backoff
     */
    static Idle oversubscribed() {
        return new Idle(0, 100_000, 1_000_000);
    }

    void idle() {
        n++;
        if (n < spins) {
            Thread.onSpinWait();
        } else if (n < yields) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, maxParkNanos);
        }
    }

    void reset() {
        n = 0;
        parkNanos = 1_000;
    }
}
