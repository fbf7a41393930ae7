package io.mpi4j.sim.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The token of a deterministic {@code sim} job: exactly one rank's main thread runs at a time, and
 * every hand-over is a choice of the job's {@link Chooser}.
 *
 * <h2>Protocol</h2>
 * A rank's main thread waits for the token before running its code ({@link #start}); at every
 * scheduling point (each MPI call that can interact with another rank: sends, receives, probes,
 * collective arrivals, a failed {@code test}) it offers the token to the ranks that can run,
 * itself included ({@link #point}); when it blocks, it gives the token to a rank that can run
 * ({@link #block}), and it is only chosen again once its wait can end. A rank can run when it has
 * not finished and is either between calls or blocked in a wait whose condition now holds. Since
 * only the holder changes MPI state, the same choices give the same run: the same interleaving of
 * MPI calls and the same matching of every wildcard receive.
 *
 * <p>When no rank can run, the job is deadlocked: the verdict needs no timing, unlike the
 * concurrent mode. Threads other than the ranks' main threads (helpers of nonblocking collectives
 * with point-to-point algorithms, a program's own threads) are not scheduled; while one of them is
 * alive and not blocked, the verdict waits for it.
 *
 * <p>This class is internal to the provider (its package is not exported).
 */
final class Scheduler {
    /** How often a thread waiting for the token rechecks for an abort, in case its wake-up was lost. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How often the verdict rechecks while threads outside the schedule are running. */
    private static final long FOREIGN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often the watchdog looks at the holder. */
    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long the holder may stay parked outside MPI before the job is stopped: long enough for a
     * program's own short sleeps, short enough to beat any test timeout by far.
     */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SimWorld world;
    private final Chooser chooser;
    /** Whether every interacting call is a scheduling point, or only blocks and failed polls. */
    private final boolean preemptive;
    private final ReentrantLock lock = new ReentrantLock();
    /** The world rank holding the token, -1 before every rank has started. */
    private volatile int holder = -1;
    /** Per rank: the condition that ends its wait, or {@code null} when it is between calls. Under {@link #lock}. */
    private final BooleanSupplier[] waitingOn;
    private final boolean[] started;
    private final boolean[] finished;
    private int startedCount;
    /**
     * Counts hand-overs and scheduling points: the watchdog's sign that the holder makes MPI calls.
     * Written by the holder or under the lock; a lost increment only delays the watchdog by a beat.
     */
    private volatile long progress;
    /** Set while the holder waits in {@link #block} for threads outside the schedule: a legitimate park. */
    private volatile boolean holderAwaitsForeign;

    Scheduler(SimWorld world, Chooser chooser) {
        this.world = world;
        this.chooser = chooser;
        this.preemptive = chooser.preemptive();
        int n = world.size;
        this.waitingOn = new BooleanSupplier[n];
        this.started = new boolean[n];
        this.finished = new boolean[n];
    }

    /**
     * Called by a rank's main thread before its code: waits until every rank has started and this
     * one is given the token.
     */
    void start(int rank) {
        lock.lock();
        try {
            started[rank] = true;
            if (++startedCount == world.size) {
                // the last to start makes the first choice; which thread that is does not matter
                handOver(pickAny(-1));
                Thread.ofVirtual().name("mpi4j-schedule-watchdog").start(this::watch);
            }
        } finally {
            lock.unlock();
        }
        awaitToken(rank);
    }

    /** The world rank holding the token, or -1 before the first handover. */
    int holder() {
        return holder;
    }

    /** A scheduling point between calls: the token may pass to any rank that can run. */
    void point(int rank) {
        if (preemptive) {
            pass(rank, false);
        }
    }

    /**
     * A program's failed poll of a request ({@code test}): it cannot progress by itself, so even a
     * non-preemptive schedule passes the token, to another rank if one can run.
     */
    void pollPoint(int rank) {
        pass(rank, !preemptive);
    }

    private void pass(int rank, boolean othersFirst) {
        if (world.isAborted() || holder != rank) {
            return;
        }
        progress++;
        int next;
        lock.lock();
        try {
            next = othersFirst ? pickAny(-1, rank) : -1;
            if (next < 0) {
                next = pickAny(rank);
            }
            handOver(next);
        } finally {
            lock.unlock();
        }
        if (next != rank) {
            awaitToken(rank);
        }
    }

    /**
     * Blocks a rank's main thread: the token passes to a rank that can run, and comes back once
     * {@code ready} holds and this rank is chosen. Returns at once after an abort, and after it
     * declares a deadlock (the caller rechecks its condition and the abort).
     */
    void block(int rank, BooleanSupplier ready) {
        if (world.isAborted()) {
            return;
        }
        lock.lock();
        try {
            waitingOn[rank] = ready;
        } finally {
            lock.unlock();
        }
        while (true) {
            int next = handOverOrStuck();
            if (next >= 0) {
                break;
            }
            if (next == STUCK) {
                world.declareDeadlock();
                return;
            }
            holderAwaitsForeign = true;
            LockSupport.parkNanos(this, FOREIGN_NANOS);
            holderAwaitsForeign = false;
            if (world.isAborted()) {
                return;
            }
        }
        awaitToken(rank);
        lock.lock();
        try {
            waitingOn[rank] = null;
        } finally {
            lock.unlock();
        }
    }

    /** A rank's code has returned or thrown: the token passes on. */
    void finished(int rank) {
        lock.lock();
        try {
            finished[rank] = true;
            waitingOn[rank] = null;
            if (holder != rank || world.isAborted()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        int next = handOverOrStuck();
        if (next >= 0 || allFinished()) {
            return;
        }
        if (next == STUCK) {
            // every other unfinished rank is blocked for good
            world.declareDeadlock();
        } else {
            // a helper thread may still complete a wait: whoever it wakes is found by the blocked
            // rank's own recheck loop, so hand the token to nobody and let a waiter re-pick
            Thread.ofVirtual().start(this::watchForeign);
        }
    }

    /** Waits for a helper thread to make some blocked rank runnable after the last runnable one finished. */
    private void watchForeign() {
        while (!world.isAborted()) {
            int next = handOverOrStuck();
            if (next >= 0 || allFinished()) {
                return;
            }
            if (next == STUCK) {
                world.declareDeadlock();
                return;
            }
            LockSupport.parkNanos(this, FOREIGN_NANOS);
        }
    }

    /** What {@link #handOverOrStuck} returns when no rank can run and no thread outside the schedule can change that. */
    private static final int STUCK = -2;

    /**
     * Hands the token to a rank that can run, if any, and returns it. Otherwise returns -1 while
     * a thread outside the schedule is running (it may still end a rank's wait), and
     * {@link #STUCK} when none is: then no rank can ever run again.
     */
    private int handOverOrStuck() {
        int next = pickAndHandOver();
        if (next >= 0 || world.foreignThreadRunning()) {
            return next;
        }
        // Pick again: a helper thread may have ended a rank's wait (a nonblocking collective's
        // request completes as its thread's last act) and died between the pick above and the look
        // at the helpers, which then finds none running. Seen stopped, a helper can change nothing
        // more, so only a pick made after that look proves that no rank can run.
        next = pickAndHandOver();
        return next >= 0 ? next : STUCK;
    }

    /** Hands the token to a rank that can run and returns it, or returns -1 if none can. */
    private int pickAndHandOver() {
        lock.lock();
        try {
            int next = pickAny(-1);
            if (next >= 0) {
                handOver(next);
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    private boolean allFinished() {
        lock.lock();
        try {
            for (boolean f : finished) {
                if (!f) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops a job whose holder stays parked outside MPI (in {@code CompletableFuture.get}, a latch,
     * a lock): no other rank can run meanwhile, so it would otherwise hang until its timeout.
     * Runs on its own virtual thread until the job ends.
     */
    private void watch() {
        long seen = -1;
        int seenHolder = -1;
        long since = System.nanoTime();
        while (!world.isAborted() && !allFinished()) {
            LockSupport.parkNanos(this, WATCH_NANOS);
            int h = holder;
            long p = progress;
            Thread t = h < 0 ? null : world.ranks[h].mainThread;
            boolean parked = t != null && switch (t.getState()) {
                case WAITING, TIMED_WAITING, BLOCKED -> true;
                default -> false;
            };
            if (p != seen || h != seenHolder || !parked || holderAwaitsForeign || world.foreignThreadRunning()) {
                seen = p;
                seenHolder = h;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL_NANOS) {
                world.abortStalled("deterministic schedule stalled: rank " + h + " holds the schedule's token but has been blocked"
                        + " outside MPI for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s (in a CompletableFuture.get, a"
                        + " latch, a lock or a sleep), and no other rank can run meanwhile in the deterministic mode; wait with MPI"
                        + " calls (Request.await, test, waitAll) or run this code in the concurrent mode. The ranks were:\n"
                        + world.describeRanks());
                return;
            }
        }
    }

    /** Wakes every rank after an abort: the token no longer applies. */
    void abortAll() {
        for (RankState r : world.ranks) {
            Thread t = r.mainThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Under the lock: chooses among the ranks that can run, in rank order, the current one
     * included. A single candidate is no choice and consumes none.
     *
     * @param current the rank offering the token at a point between calls (it can run), or -1
     * @return the chosen rank, or -1 if none can run
     */
    private int pickAny(int current) {
        return pickAny(current, -1);
    }

    /** As {@link #pickAny(int)}, leaving out {@code excluded}. */
    private int pickAny(int current, int excluded) {
        int n = world.size;
        int[] runnable = new int[n];
        int count = 0;
        for (int r = 0; r < n; r++) {
            if (r != excluded && (r == current || canRun(r))) {
                runnable[count++] = r;
            }
        }
        if (count == 0) {
            return -1;
        }
        return count == 1 ? runnable[0] : runnable[chooser.choose(count)];
    }

    private boolean canRun(int r) {
        if (!started[r] || finished[r]) {
            return false;
        }
        BooleanSupplier w = waitingOn[r];
        return w == null || w.getAsBoolean();
    }

    private void handOver(int next) {
        progress++;
        holder = next; // volatile write: publishes every change the previous holder made
        Thread t = world.ranks[next].mainThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void awaitToken(int rank) {
        while (holder != rank && !world.isAborted()) {
            LockSupport.parkNanos(this, RECHECK_NANOS);
        }
    }
}
