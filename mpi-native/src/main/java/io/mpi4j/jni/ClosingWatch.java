package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a job from hanging when a rank closes MPI while others still wait for it: a rank that
 * throws inside {@code try (Mpi mpi = Mpi.init())} reaches MPI_Finalize from {@code close()}
 * before its exception surfaces, while the ranks blocked in a receive or a collective with it wait
 * forever (MPI_Finalize waits for them in turn).
 *
 * <p>So closing is a short protocol on a private duplicate of MPI_COMM_WORLD: each rank sends a
 * CLOSING notice to every other and waits, polling, for all of theirs before MPI_Finalize. Each
 * thread blocked in a communication call keeps a slot saying with whom ({@link #enter}); the
 * progress thread reads the notices, and when a slot has waited longer than a grace period on a
 * rank that has closed (a receive or send with it, a collective it belongs to), it sends that rank
 * a STUCK notice. The closing rank, still waiting for notices, then fails {@code close()} with an
 * {@link MpiException} saying who waits for it: the program's own exception propagates with it
 * suppressed, the rank's main thread dies, and the provider aborts the job ({@code
 * JniSession.abortOnUncaught}). A rank that cannot be told (it exited) is aborted for by the
 * waiter after a second grace period.
 *
 * <p>The grace periods cover messages still in flight from the closed rank (a rank closes only
 * after its calls returned, so what it sent is delivered within them); a collective gets the
 * longer one, since a rank may leave a collective well before the others have finished theirs.
 */
final class ClosingWatch {
    static final int CLOSING = 1;
    static final int STUCK = 2;
    /**
     * How long a point-to-point wait on a closed rank is tolerated before it is reported
     * ({@code -Dmpi4j.native.closingGraceMillis}, default 5000); a collective wait gets twice as
     * long, and a reported rank twice as long to fail its close before the waiter aborts the job.
     */
    private final long p2pGraceNanos = NativeSettings.closingGraceMillis(System.getProperty(NativeSettings.CLOSING_GRACE)) * 1_000_000L;
    private final long collectiveGraceNanos = 4 * p2pGraceNanos;
    private final long abortNanos = 2 * p2pGraceNanos;

    private final JniSession session;
    private final long comm;
    private final int rank;
    private final int size;
    /** {@code System.nanoTime()} at which each rank's CLOSING notice arrived; 0 while none has. */
    private final long[] closedAt;
    private int closed;
    /** The ranks that reported being stuck on this one while it closes. */
    private final List<Integer> stuckOnMe = new ArrayList<>();
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Slot> mine = ThreadLocal.withInitial(this::newSlot);
    /** Set when the notices have been completed before MPI_Finalize: no further notice may be sent. */
    private boolean stopped;

    ClosingWatch(JniSession session, long comm, int rank, int size) {
        this.session = session;
        this.comm = comm;
        this.rank = rank;
        this.size = size;
        this.closedAt = new long[size];
    }

    /** What one thread is blocked in, if anything: written by the thread, read by the progress thread. */
    static final class Slot implements AutoCloseable {
        private static final VarHandle CALL;

        static {
            try {
                CALL = MethodHandles.lookup().findVarHandle(Slot.class, "call", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final ClosingWatch watch;
        /** The thread, so that the slots of threads that have ended are dropped. */
        private final Thread owner;
        /**
         * The number of the call in progress, 0 when none: published last with release semantics,
         * and read before and after the other fields (a sequence lock), so that the progress
         * thread never judges one call's fields under another's number.
         */
        @SuppressWarnings("unused")
        private long call;
        private long calls;
        private JniComm comm;
        /** The peer's rank in the communicator (the remote group's, on an intercommunicator), -1 for any. */
        private int peer;
        private boolean collective;
        private String op;
        /** For a wait on several operations, each one's; {@code null} for one. */
        private Target[] targets;
        /** The progress thread's view: the call it last saw, since when, and whether it reported it. */
        private long seenCall;
        private long seenAt;
        private long reportedAt;

        private Slot(ClosingWatch watch, Thread owner) {
            this.watch = watch;
            this.owner = owner;
        }

        /** Marks the fields as being rewritten (call 0) before they are: the reader then skips the slot. */
        private void begin() {
            CALL.setOpaque(this, 0L);
            VarHandle.storeStoreFence();
        }

        /** Ends the blocking call; a virtual thread's slot, made for the call, goes. */
        @Override
        public void close() {
            CALL.setRelease(this, 0L);
            comm = null;
            targets = null;
            if (owner.isVirtual()) {
                watch.slots.remove(this);
            }
        }
    }

    /**
     * Whether a rank that has finished this collective proves that every member has entered it:
     * then a member that has closed took part, and a thread still waiting in such a collective
     * long after is waiting for a call the closed rank will never make. Not so for the rooted
     * ones, scans and the v and w forms, which a rank may leave before the others have entered
     * (a reduce's sender, a scan's rank 0, an alltoallv rank with nothing to exchange). An allgatherv
     * is one of the former when every rank contributes (its counts are the same on every rank, and
     * a rank finishes only with every contribution); with a rank contributing nothing the library's
     * algorithm may or may not need it, so it is not judged.
     *
     * @param call the collective, on an intracommunicator
     * @return whether a wait in it may be reported
     */
    static boolean waitsForAll(io.mpi4j.spi.Collective call) {
        return switch (call) {
            case io.mpi4j.spi.Collective.Barrier b -> true;
            case io.mpi4j.spi.Collective.Allreduce c -> true;
            case io.mpi4j.spi.Collective.Allgather c -> true;
            case io.mpi4j.spi.Collective.Allgatherv c -> java.util.Arrays.stream(c.recv().counts()).allMatch(n -> n > 0);
            case io.mpi4j.spi.Collective.Alltoall c -> true;
            case io.mpi4j.spi.Collective.ReduceScatterBlock c -> true;
            default -> false;
        };
    }

    /** One of several operations a thread waits for: with whom it communicates. */
    record Target(JniComm comm, int peer, boolean collective) {
    }

    /**
     * Marks this thread as waiting for any of several operations (waitAny, and waitAll as it
     * narrows): reported only when every one of them waits on a closed rank.
     *
     * @param waited the operations, each with whom it communicates
     * @param op the wait, for the report
     * @return the thread's slot, to close when the wait returns
     */
    Slot enterAll(Target[] waited, String op) {
        boolean collective = false;
        for (Target t : waited) {
            t.comm().cacheWorldRanks();
            collective |= t.collective();
        }
        Slot s = slot();
        s.begin();
        s.comm = null;
        s.peer = -1;
        s.collective = collective;
        s.targets = waited;
        s.op = op;
        Slot.CALL.setRelease(s, ++s.calls);
        return s;
    }

    /**
     * This thread's slot: one for the life of a platform thread, one per call on a virtual thread
     * (there may be a great many of those, each short-lived).
     */
    private Slot slot() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            Slot s = new Slot(this, t);
            slots.add(s);
            return s;
        }
        return mine.get();
    }

    private Slot newSlot() {
        Slot s = new Slot(this, Thread.currentThread());
        slots.add(s);
        return s;
    }

    /**
     * Marks this thread as blocked in a communication call until the slot is closed. Costs two
     * plain stores and a release store: nothing on the path of the call itself.
     *
     * @param with the communicator
     * @param peer the peer's rank, or -1 for any peer or for a collective
     * @param collective whether every member of the communicator takes part
     * @param op the operation, for the report
     * @return the thread's slot, to close when the call returns
     */
    Slot enter(JniComm with, int peer, boolean collective, String op) {
        with.cacheWorldRanks();
        Slot s = slot();
        s.begin();
        s.targets = null;
        s.comm = with;
        s.peer = peer;
        s.collective = collective;
        s.op = op;
        Slot.CALL.setRelease(s, ++s.calls);
        return s;
    }

    /** Sends this rank's CLOSING notice to every other rank: zero-byte messages, sent eagerly. */
    void announce() {
        for (int r = 0; r < size; r++) {
            if (r != rank) {
                send(r, CLOSING);
            }
        }
    }

    /** The notices this rank has sent, completed before MPI_Finalize. */
    private final List<Long> sends = new ArrayList<>();

    private void send(int to, int tag) {
        synchronized (sends) {
            if (stopped) {
                return; // MPI_Finalize is near: the notice would be left incomplete
            }
            long[] out = new long[1];
            Errors.check(Jni.isend(comm, 0, 0, to, tag, 0, out), "closing notice");
            sends.add(out[0]);
        }
    }

    /** Completes the notices sent (zero-byte messages: the library has sent them already); no more are sent. */
    void completeSends() {
        long[] st = new long[7];
        synchronized (sends) {
            stopped = true;
            for (long r : sends) {
                Jni.test(r, true, st);
            }
            sends.clear();
        }
    }

    /** Receives the notices that have arrived. Called by the progress thread and by a closing thread. */
    synchronized void receive() {
        long[] st = new long[7];
        for (;;) {
            Errors.check(Jni.improbe(comm, -1, -1, false, st), "closing notices");
            if (st[0] == 0) {
                return;
            }
            int source = (int) st[1];
            int tag = (int) st[2];
            long[] out = new long[1];
            Errors.check(Jni.imrecv(st[6], 0, 0, out), "closing notices");
            Errors.check(Jni.test(out[0], true, new long[7]), "closing notices");
            if (tag == CLOSING && closedAt[source] == 0) {
                closedAt[source] = System.nanoTime();
                closed++;
            } else if (tag == STUCK) {
                stuckOnMe.add(source);
            }
        }
    }

    /** Whether every other rank's CLOSING notice has arrived. */
    synchronized boolean allClosed() {
        return closed == size - 1;
    }

    /**
     * The other ranks whose CLOSING notice has not arrived.
     *
     * @return their world ranks, ascending
     */
    synchronized List<Integer> notClosed() {
        List<Integer> open = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (r != rank && closedAt[r] == 0) {
                open.add(r);
            }
        }
        return open;
    }

    /**
     * What a rank still closing after a while prints: who it waits for, and why that may never end.
     *
     * @param seconds how long close() has waited
     * @return the line for standard error
     */
    String stillClosing(long seconds) {
        return "mpi4j native: rank " + rank + " has waited " + seconds + " s in Mpi.close() for rank(s) " + notClosed()
                + " to close MPI as well. If they wait for this rank in a call it will never make, the job cannot"
                + " finish: a rank that fails inside try (Mpi mpi = Mpi.init(args)) closes before its exception is"
                + " seen (Mpi.run(args, mpi -> ...) aborts the job at once and prints it); only waits in point-to-point"
                + " calls and in barrier, allreduce, allgather, alltoall, reduce_scatter_block and an allgatherv every"
                + " rank contributes to are judged (not receives from ANY_SOURCE on an intracommunicator)";
    }

    /**
     * The failure of this rank's close when other ranks reported being stuck on it, or {@code null}.
     *
     * @return the exception for {@code close()} to throw
     */
    synchronized MpiException stuckReport() {
        if (stuckOnMe.isEmpty()) {
            return null;
        }
        return new MpiException(ErrorClass.ERR_OTHER, "close: rank " + rank + " is closing MPI while rank(s) " + stuckOnMe
                + " wait for it in a call it will never make; the job cannot finish and is aborted. If this rank is"
                + " leaving because of an exception, that exception is the cause of the hang (Mpi.run(args, mpi -> ...)"
                + " aborts at once); otherwise the ranks disagree about the communication left to do");
    }

    /**
     * The progress thread's look at the blocked threads: reports a wait on a closed rank to that
     * rank, and aborts the job when the report went unanswered.
     */
    void check() {
        long now = System.nanoTime();
        // a progress thread that did not run for a while (a long garbage collection, a stopped
        // process) did not see the waits in between: they count from now, not from before the gap
        boolean gap = lastCheck != 0 && now - lastCheck > p2pGraceNanos / 2;
        lastCheck = now;
        for (Slot s : slots) {
            if (gap) {
                s.seenAt = now;
                s.reportedAt = s.reportedAt == 0 ? 0 : now;
            }
            if (!s.owner.isAlive()) {
                slots.remove(s);
                continue;
            }
            long call = (long) Slot.CALL.getAcquire(s);
            if (call == 0) {
                continue;
            }
            if (call != s.seenCall) {
                s.seenCall = call;
                s.seenAt = now;
                s.reportedAt = 0;
                continue;
            }
            Stuck stuck = stuck(s);
            VarHandle.acquireFence();
            if (stuck == null || (long) Slot.CALL.getAcquire(s) != call) {
                continue; // not stuck, or the thread moved on while its fields were read
            }
            long since = Math.max(s.seenAt, stuck.closedAt());
            if (gap) {
                since = now;
            }
            long grace = stuck.collective() ? collectiveGraceNanos : p2pGraceNanos;
            if (s.reportedAt == 0 && now - since > grace) {
                s.reportedAt = now;
                send(stuck.rank(), STUCK);
            } else if (s.reportedAt != 0 && now - s.reportedAt > abortNanos) {
                session.abort(1, stuck.op() + " has waited " + (now - since) / 1_000_000_000L
                        + " s for rank " + stuck.rank() + ", which has closed MPI and will not take part");
            }
        }
    }

    /** When {@link #check} last ran (the progress thread's own field). */
    private long lastCheck;

    /** A wait on a closed rank: the rank to tell, since when it has been closed, and what waits. */
    private record Stuck(int rank, long closedAt, boolean collective, String op) {
    }

    /** The wait of a slot on a closed rank, or {@code null}. */
    private Stuck stuck(Slot s) {
        synchronized (this) {
            if (closed == 0) {
                return null;
            }
        }
        String op = s.op;
        Target[] waited = s.targets;
        if (waited == null) {
            JniComm c = s.comm;
            int w = closedPeer(c, s.peer, s.collective);
            return w < 0 ? null : new Stuck(w, closedAtOf(w), s.collective, op + " on " + c.name());
        }
        // a wait for any of them: stuck only if each one is; counted from the latest closure
        int first = -1;
        long latest = 0;
        for (Target t : waited) {
            int w = closedPeer(t.comm(), t.peer(), t.collective());
            if (w < 0) {
                return null;
            }
            first = first < 0 ? w : first;
            latest = Math.max(latest, closedAtOf(w));
        }
        return first < 0 ? null : new Stuck(first, latest, s.collective, op);
    }

    private synchronized long closedAtOf(int worldRank) {
        return closedAt[worldRank];
    }

    /**
     * The world rank of a closed process the call needs, or -1: the peer of a point-to-point
     * call, the last-closed member of a collective's communicator with one closed; a receive from
     * any source on an intercommunicator when the whole remote group has closed (on an
     * intracommunicator this process may still send to itself from another thread: never judged).
     * Uses the world ranks the calling thread cached ({@link JniComm#cacheWorldRanks}), never MPI.
     */
    private int closedPeer(JniComm c, int peer, boolean collective) {
        if (c == null || c.isFreed()) {
            return -1;
        }
        int[] local = c.cachedWorldRanks(false);
        int[] remote = c.isIntercomm() ? c.cachedWorldRanks(true) : local;
        if (local == null || remote == null) {
            return -1;
        }
        if (!collective) {
            if (peer >= 0) {
                int w = peer < remote.length ? remote[peer] : -1;
                return w >= 0 && closedAtOf(w) != 0 ? w : -1;
            }
            if (!c.isIntercomm()) {
                return -1;
            }
            int latest = -1;
            for (int w : remote) {
                if (closedAtOf(w) == 0) {
                    return -1;
                }
                latest = latest < 0 || closedAtOf(w) > closedAtOf(latest) ? w : latest;
            }
            return latest;
        }
        int latest = -1;
        for (int[] group : c.isIntercomm() ? new int[][] {local, remote} : new int[][] {local}) {
            for (int w : group) {
                if (w != rank && closedAtOf(w) != 0 && (latest < 0 || closedAtOf(w) > closedAtOf(latest))) {
                    latest = w;
                }
            }
        }
        return latest;
    }
}
