package io.mpi4j.sim.engine;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One thread parked in a blocking call. Registered with its rank while parked, so that a signal to
 * the rank wakes it and the world can tell that the rank is blocked. Fields are guarded by the
 * world's lock.
 */
final class Waiter {
    final Thread thread;
    final boolean mainThread;
    /**
     * Whether the wait can end without another rank acting; the deadlock check evaluates it under
     * the world lock, so it must not do work (unlike the waiting thread's own condition).
     */
    final BooleanSupplier condition;
    /** What the thread is blocked in, evaluated for reports only. */
    final Supplier<PendingOp> opSupplier;
    /** Counted in the world's tally of blocked threads: parked and not signalled since. */
    boolean blocked;

    Waiter(Thread thread, RankState rank, BooleanSupplier condition, Supplier<PendingOp> opSupplier) {
        this.thread = thread;
        this.mainThread = thread == rank.mainThread;
        this.condition = condition;
        this.opSupplier = opSupplier;
    }
}
