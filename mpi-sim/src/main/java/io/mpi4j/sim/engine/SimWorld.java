package io.mpi4j.sim.engine;

import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.sim.Buffering;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * All ranks of one {@code sim} job: their mailboxes, the blocking protocol, deadlock detection and
 * abort.
 *
 * <h2>Blocking and deadlock detection</h2>
 * A blocking call spins briefly, yields, then parks as a {@link Waiter} registered with its rank.
 * Any action that can complete a rank's wait (a request completing, a message arriving, a barrier
 * opening) is followed by {@link #signal(RankState)}, which un-counts and unparks that rank's
 * waiters. The world counts the ranks whose main thread is parked and not signalled; when that
 * count reaches the number of unfinished ranks, no rank thread is running, and if no parked wait's
 * condition holds, nothing can ever change: that is a deadlock, and every waiter fails with the
 * report. Threads other than the ranks' main threads that use MPI defer the verdict until each of
 * them is parked too or has died.
 *
 * <p>This class is internal to the provider (its package is not exported).
 */
public final class SimWorld {
    /** Spins before yielding when every rank can have a core: a hand-off then costs ~0.1 us. */
    private static final int SPINS = 2_000;
    /** Spins before yielding when ranks outnumber cores: spinning would only hold a core a runnable rank needs. */
    private static final int OVERSUBSCRIBED_SPINS = 2;
    /**
     * How long a waiting thread keeps yielding before it parks. Yielding hands the core to a rank
     * that can make progress (as MPI libraries do when oversubscribed) and wakes far faster than
     * an unpark; parking frees the core entirely for long waits.
     */
    private static final long YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** Ranks beyond which the world counts as heavily oversubscribed: waits park without yielding. */
    private static final int YIELD_RANKS_PER_CORE = 64;
    private static final long FOREIGN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** How collectives run: the shared-memory engine of this provider, or the provider-neutral point-to-point algorithms. */
    public enum Collectives {
        /** Shared-memory collectives with a mismatch check: the default. */
        SHARED,
        /** The SPI's default point-to-point algorithms, as other providers run them (for testing those algorithms). */
        P2P
    }

    final int size;
    final Buffering buffering;
    final Collectives collectives;
    /** Whether a receive must use the sender's datatype (BYTE on either side matches anything). */
    private volatile boolean checkTypes;
    final RankState[] ranks;
    final String name;
    private final int spins;
    private final long yieldNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private int unfinished;
    private int blockedMains;
    private final Set<Thread> foreignThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean foreignSeen;
    private volatile Abort abort;
    private final AtomicInteger nextContext = new AtomicInteger(2);
    private final ConcurrentHashMap<ContextKey, DupSlot> dups = new ConcurrentHashMap<>();
    final CommShared worldShared;
    private volatile String processorName;
    /** The token of a deterministic job; {@code null} in the (default) concurrent mode, where it costs one null check per call. */
    private final Scheduler scheduler;
    /** The choices of a deterministic job; {@code null} in the concurrent mode. */
    private final Chooser chooser;

    /** Why a job stopped early: a rank's abort call or failure, a deadlock, or a timeout. */
    private record Abort(ErrorClass errorClass, String message, boolean deadlock, int rank, int exitCode) {
        MpiException exception() {
            return deadlock ? new DeadlockException(message) : new MpiException(errorClass, message);
        }
    }

    /**
     * Identifies one communicator-creating call, the same on every member: the parent's context,
     * what the call is, and a number that every member computes alike (a collective call number,
     * a color, a tag and call count...).
     *
     * @param parentContext the context of the communicator the call was made on
     * @param what the kind of call and its distinguishing arguments
     */
    record ContextKey(int parentContext, Object what) {
    }

    private static final class DupSlot {
        final CommShared shared;
        /** The other side, for an intercommunicator. */
        CommShared other;
        int fetched;

        DupSlot(CommShared shared) {
            this.shared = shared;
        }
    }

    /**
     * Creates a world of {@code size} ranks, none started.
     *
     * @param size the number of ranks
     * @param buffering how standard sends are buffered
     * @param name a name for reports
     */
    public SimWorld(int size, Buffering buffering, String name) {
        this(size, buffering, Collectives.SHARED, name);
    }

    /**
     * Creates a world of {@code size} ranks, none started.
     *
     * @param size the number of ranks
     * @param buffering how standard sends are buffered
     * @param collectives how collectives run
     * @param name a name for reports
     */
    public SimWorld(int size, Buffering buffering, Collectives collectives, String name) {
        this(size, buffering, collectives, name, null);
    }

    /**
     * Creates a world of {@code size} ranks, none started, deterministic if {@code chooser} is
     * given: one rank's main thread runs at a time, and every scheduling and wildcard-matching
     * choice comes from {@code chooser} (see {@link Scheduler}).
     *
     * @param size the number of ranks
     * @param buffering how standard sends are buffered
     * @param collectives how collectives run
     * @param name a name for reports
     * @param chooser the source of every choice; {@code null} for the concurrent mode
     */
    public SimWorld(int size, Buffering buffering, Collectives collectives, String name, Chooser chooser) {
        this.chooser = chooser;
        this.size = size;
        this.buffering = buffering;
        this.collectives = collectives;
        this.name = name;
        this.ranks = new RankState[size];
        int cores = Runtime.getRuntime().availableProcessors();
        this.spins = size > cores ? OVERSUBSCRIBED_SPINS : SPINS;
        this.yieldNanos = size > YIELD_RANKS_PER_CORE * cores ? 0 : YIELD_NANOS;
        int[] group = new int[size];
        for (int i = 0; i < size; i++) {
            ranks[i] = new RankState(i);
            group[i] = i;
        }
        this.unfinished = size;
        this.worldShared = new CommShared(0, group, "WORLD");
        // contexts 2, 4, ... are the ranks' SELF communicators (selfContext); derived ones follow
        nextContext.set(selfContext(size));
        this.scheduler = chooser == null ? null : new Scheduler(this, chooser); // last: it reads the size
    }

    /**
     * Returns the number of ranks.
     *
     * @return the size of the world
     */
    public int size() {
        return size;
    }

    RankState rank(int worldRank) {
        return ranks[worldRank];
    }

    /**
     * Refuses a second initialization of a rank that has finalized, as MPI does (MPI-4.1 §11.2.2).
     *
     * @param worldRank the rank
     * @throws MpiException {@link ErrorClass#ERR_OTHER} if the rank has closed its {@code Mpi}
     */
    public void checkNotFinalized(int worldRank) {
        if (ranks[worldRank].finalized) {
            throw new MpiException(ErrorClass.ERR_OTHER, "sim: rank " + worldRank
                    + " has closed its Mpi (MPI_Finalize) and cannot initialize again (MPI-4.1 §11.2.2)");
        }
    }

    /**
     * Makes receives check that their datatype is the sender's (MPI-4.1 §3.3.1), reporting
     * {@code ERR_TYPE} otherwise.
     *
     * @param on whether to check
     */
    public void checkTypes(boolean on) {
        this.checkTypes = on;
    }

    boolean checksTypes() {
        return checkTypes;
    }

    private volatile boolean checkBuffers;

    /**
     * Sets whether the API checks that nonblocking send buffers stay untouched until their
     * completion is seen ({@link io.mpi4j.spi.ProviderSession#checksSendBuffers()}).
     *
     * @param on whether to check
     */
    public void checkBuffers(boolean on) {
        this.checkBuffers = on;
    }

    boolean checksBuffers() {
        return checkBuffers;
    }

    private volatile boolean checkThreadLevel;

    /**
     * Sets whether the API refuses calls from other threads than the initializing one at
     * SINGLE and FUNNELED ({@link io.mpi4j.spi.ProviderSession#checksThreadLevel()}).
     *
     * @param on whether to check
     */
    public void checkThreadLevel(boolean on) {
        this.checkThreadLevel = on;
    }

    boolean checksThreadLevel() {
        return checkThreadLevel;
    }

    /**
     * Declares the thread that runs a rank, before it starts.
     *
     * @param worldRank the rank
     * @param thread its main thread
     */
    public void bindMainThread(int worldRank, Thread thread) {
        RankState r = ranks[worldRank];
        lock.lock();
        try {
            r.mainThread = thread;
            r.started = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that a rank's code has returned or thrown; checks for a deadlock among the others.
     *
     * @param worldRank the rank
     */
    public void rankFinished(int worldRank) {
        RankState r = ranks[worldRank];
        lock.lock();
        try {
            if (r.finished) {
                return;
            }
            r.finished = true;
            unfinished--;
            checkDeadlock();
        } finally {
            lock.unlock();
        }
        if (scheduler != null) {
            scheduler.finished(worldRank);
        }
    }

    /**
     * Called by a rank's main thread before the rank's code: in a deterministic job, waits for the
     * rank's first turn; otherwise returns at once.
     *
     * @param worldRank the rank
     */
    public void enter(int worldRank) {
        if (scheduler != null) {
            scheduler.start(worldRank);
        }
    }

    /**
     * Tells whether this job is deterministic.
     *
     * @return {@code true} if every scheduling and matching choice comes from a {@link Chooser}
     */
    public boolean isDeterministic() {
        return scheduler != null;
    }

    /**
     * A scheduling point before an MPI call that may interact with other ranks: in a deterministic
     * job, the token may pass to another rank here.
     */
    void point(RankState me) {
        Scheduler s = scheduler;
        if (s != null && Thread.currentThread() == me.mainThread) {
            s.point(me.worldRank);
        }
    }

    /** A program's failed poll of a request: in a deterministic job, the token passes on. */
    void pollPoint(RankState me) {
        Scheduler s = scheduler;
        if (s != null && Thread.currentThread() == me.mainThread) {
            s.pollPoint(me.worldRank);
        }
    }

    /**
     * The chooser of wildcard matches for the calling thread: the job's in a deterministic job,
     * when called by the rank's main thread (which holds the token); otherwise {@code null}, and
     * matching takes the first eligible message.
     */
    Chooser matchChooser(RankState me) {
        Chooser c = chooser;
        return c != null && Thread.currentThread() == me.mainThread ? c : null;
    }

    /**
     * Records that a rank failed: aborts the job unless it is already aborted.
     *
     * @param worldRank the rank
     * @param failure what it threw
     * @return {@code true} if this failure caused the abort (it is the job's primary failure)
     */
    public boolean rankFailed(int worldRank, Throwable failure) {
        String what = failure instanceof MpiException me && me.errorClass() == ErrorClass.ERR_PROC_ABORTED
                ? failure.getMessage() : "rank " + worldRank + " failed: " + failure;
        return abort(new Abort(ErrorClass.ERR_PROC_ABORTED, "job aborted: " + what, false, worldRank, 1));
    }

    /**
     * Aborts the job on behalf of a rank's {@code abort(code)} call.
     *
     * @param worldRank the calling rank
     * @param exitCode the code
     * @param reason the description
     * @return the exception the caller throws
     */
    public MpiException abortByRank(int worldRank, int exitCode, String reason) {
        abort(new Abort(ErrorClass.ERR_PROC_ABORTED, "rank " + worldRank + " called " + reason, false, worldRank, exitCode));
        return new MpiException(ErrorClass.ERR_PROC_ABORTED, "rank " + worldRank + " called " + reason);
    }

    /**
     * Aborts the job because it ran out of time.
     *
     * @param message the description, with each rank's state
     */
    public void abortTimeout(String message) {
        abort(new Abort(ErrorClass.ERR_OTHER, message, false, -1, 1));
    }

    private boolean abort(Abort a) {
        lock.lock();
        try {
            if (abort != null) {
                return false;
            }
            abort = a;
            for (RankState r : ranks) {
                for (Waiter w : r.waiters) {
                    if (w.blocked) {
                        w.blocked = false;
                        if (w.mainThread) {
                            blockedMains--;
                        }
                    }
                    LockSupport.unpark(w.thread);
                }
            }
            if (scheduler != null) {
                scheduler.abortAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether every rank reads the same clock: true, since they are threads of one JVM.
     *
     * @return {@code true}
     */
    boolean wtimeIsGlobal() {
        return true;
    }

    /**
     * Tells whether the job has been aborted (by a failure, an abort call, a deadlock or a timeout).
     *
     * @return {@code true} once aborted
     */
    public boolean isAborted() {
        return abort != null;
    }

    /**
     * Tells whether the job was aborted because of a deadlock.
     *
     * @return {@code true} after a deadlock
     */
    public boolean isDeadlocked() {
        Abort a = abort;
        return a != null && a.deadlock();
    }

    /**
     * Returns the abort's description (the deadlock report, for a deadlock).
     *
     * @return the message, or {@code null} if not aborted
     */
    public String abortMessage() {
        Abort a = abort;
        return a == null ? null : a.message();
    }

    /**
     * Returns the exit code the job should end with after an abort.
     *
     * @return the code given to {@code abort}, else 1; 0 if not aborted
     */
    public int abortExitCode() {
        Abort a = abort;
        return a == null ? 0 : a.exitCode();
    }

    /**
     * Returns the rank whose failure or abort call stopped the job.
     *
     * @return the rank, or -1 for a deadlock, a timeout or no abort
     */
    public int abortRank() {
        Abort a = abort;
        return a == null ? -1 : a.rank();
    }

    /** Throws if the job has been aborted; called at the start of every operation. */
    void checkAbort() {
        Abort a = abort;
        if (a != null) {
            throw a.exception();
        }
    }

    // ---- trace ----

    /** The recorder of a traced job; {@code null} (the default) costs one null check per hook. Set before the ranks start. */
    TraceRecorder trace;

    /**
     * Records this job's calls and messages; call before the ranks start.
     *
     * @param recorder the recorder
     */
    public void trace(TraceRecorder recorder) {
        this.trace = recorder;
    }

    /** The messages queued at a rank that no receive has matched, read under its mailbox's lock. */
    private static java.util.List<Envelope> queued(RankState r) {
        r.mailbox.lock.lock();
        try {
            return r.mailbox.unexpected();
        } finally {
            r.mailbox.lock.unlock();
        }
    }

    /**
     * Adds the messages still queued to the trace, as sent and never matched; after every rank
     * has finished.
     */
    public void traceUnmatched() {
        TraceRecorder tr = trace;
        if (tr == null) {
            return;
        }
        for (RankState r : ranks) {
            java.util.List<Envelope> queued = queued(r);
            for (Envelope e : queued) {
                if (e.from != null && e.context == e.from.shared.context) {
                    tr.unmatched(e.from.me.worldRank, r.worldRank, e.from.displayName(), e.tag, e.bytes, e.tracedAt);
                }
            }
        }
    }

    // ---- messages never received ----

    /**
     * Whether queued messages record the program's frame that sent them; costs a stack walk per
     * queued message. A plain field: set before the ranks start, so {@code Thread.start} publishes it.
     */
    private boolean recordSenders;

    /**
     * Makes every message that waits in a queue record where the program sent it, for
     * {@link #unreceived()}; call before the ranks start.
     *
     * @param on whether to record
     */
    public void recordSenders(boolean on) {
        this.recordSenders = on;
    }

    boolean recordsSenders() {
        return recordSenders;
    }

    /** The first frame outside mpi4j and the JDK: the program's call that led here. */
    static String programFrame() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !isInternal(f.getClassName()))
                .findFirst().map(f -> f.toStackTraceElement().toString()).orElse("unknown"));
    }

    /** mpi4j's API ({@code io.mpi4j.X}), SPI and engine, and the JDK: the frames between a program and the engine. */
    private static boolean isInternal(String c) {
        boolean api = c.startsWith("io.mpi4j.") && c.indexOf('.', "io.mpi4j.".length()) < 0;
        return api || c.startsWith("io.mpi4j.spi.") || c.startsWith("io.mpi4j.sim.engine.") || c.startsWith("java.") || c.startsWith("jdk.")
                || c.startsWith("sun.");
    }

    /**
     * Returns the messages still queued at their destinations: sent and never received. Call it
     * after every rank has finished.
     *
     * @return one entry per message: sender, destination (world ranks), communicator, tag, size, call site
     */
    public java.util.List<io.mpi4j.sim.UnreceivedMessage> unreceived() {
        java.util.List<io.mpi4j.sim.UnreceivedMessage> out = new java.util.ArrayList<>();
        for (RankState r : ranks) {
            java.util.List<Envelope> queued = queued(r);
            for (Envelope e : queued) {
                SimComm from = e.from;
                if (from == null || e.context != from.shared.context) {
                    continue; // collective traffic of the point-to-point algorithms is not the program's
                }
                int sender = from.shared.group[from.rank];
                out.add(new io.mpi4j.sim.UnreceivedMessage(sender, r.worldRank, from.displayName(), e.tag, e.bytes,
                        e.sentAt == null ? "unknown" : e.sentAt));
            }
        }
        return out;
    }

    // ---- blocking ----

    /**
     * Blocks the calling thread of rank {@code me} until {@code done} holds.
     *
     * @param me the calling rank
     * @param done the condition; must become true only through actions followed by a signal to {@code me}
     * @param op what the thread is blocked in, evaluated for reports only
     */
    void await(RankState me, BooleanSupplier done, Supplier<PendingOp> op) {
        await(me, done, done, op);
    }

    /**
     * Blocks the calling thread of rank {@code me} until {@code done} holds.
     *
     * @param me the calling rank
     * @param done the condition, evaluated by the waiting thread (it may do the rank's own work)
     * @param ready whether {@code done} can become true without another rank acting; evaluated by
     *     the deadlock check on any thread, so it must only read state
     * @param op what the thread is blocked in, evaluated for reports only
     */
    void await(RankState me, BooleanSupplier done, BooleanSupplier ready, Supplier<PendingOp> op) {
        TraceRecorder tr = trace;
        if (tr == null) {
            awaitUntraced(me, done, ready, op);
            return;
        }
        long start = tr.now();
        boolean returned = false;
        try {
            awaitUntraced(me, done, ready, op);
            returned = true;
        } finally {
            tr.call(me.worldRank, op.get().description(), start, !returned && isAborted());
        }
    }

    private void awaitUntraced(RankState me, BooleanSupplier done, BooleanSupplier ready, Supplier<PendingOp> op) {
        if (scheduler != null && Thread.currentThread() == me.mainThread) {
            awaitScheduled(me, done, ready, op);
            return;
        }
        for (int i = 0; i < spins; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
        }
        checkAbort();
        if (yieldNanos > 0) {
            long start = System.nanoTime();
            do {
                Thread.yield();
                if (done.getAsBoolean()) {
                    return;
                }
            } while (System.nanoTime() - start < yieldNanos);
        }
        Thread self = Thread.currentThread();
        if (self != me.mainThread && foreignThreads.add(self)) {
            foreignSeen = true;
        }
        Waiter w = new Waiter(self, me, ready, op);
        boolean interrupted = false;
        lock.lock();
        try {
            me.waiters.add(w);
            me.parkedCount++;
            markBlocked(w);
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                if (done.getAsBoolean()) {
                    return;
                }
                Abort a = abort;
                if (a != null) {
                    throw a.exception();
                }
                if (foreignSeen) {
                    LockSupport.parkNanos(this, FOREIGN_RECHECK_NANOS);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
                if (done.getAsBoolean() || abort != null) {
                    continue;
                }
                lock.lock();
                try {
                    if (!w.blocked) {
                        markBlocked(w);
                    } else if (foreignSeen) {
                        checkDeadlock();
                    }
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            lock.lock();
            try {
                me.waiters.remove(w);
                me.parkedCount--;
                if (w.blocked) {
                    w.blocked = false;
                    if (w.mainThread) {
                        blockedMains--;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /**
     * The deterministic form of {@link #await}: instead of spinning and parking, the rank gives the
     * token away until its wait can end. The waiter is registered (never counted as blocked) so
     * that deadlock reports and aborts find it.
     */
    private void awaitScheduled(RankState me, BooleanSupplier done, BooleanSupplier ready, Supplier<PendingOp> op) {
        if (done.getAsBoolean()) {
            return;
        }
        Waiter w = new Waiter(Thread.currentThread(), me, ready, op);
        lock.lock();
        try {
            me.waiters.add(w);
            me.parkedCount++;
        } finally {
            lock.unlock();
        }
        try {
            while (!done.getAsBoolean()) {
                checkAbort();
                scheduler.block(me.worldRank, ready);
            }
        } finally {
            lock.lock();
            try {
                me.waiters.remove(w);
                me.parkedCount--;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Tells whether a thread outside the deterministic schedule (a helper or a program's own
     * thread) is alive and not parked in a wait that only another thread can end: it may still
     * complete some rank's wait.
     */
    boolean foreignThreadRunning() {
        if (!foreignSeen) {
            return false;
        }
        lock.lock();
        try {
            foreignThreads.removeIf(t -> !t.isAlive());
            for (Thread t : foreignThreads) {
                if (t.isAlive() && !isParkedBlocked(t)) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Aborts the job because the deterministic schedule cannot progress while its holder is
     * blocked outside MPI: reported like a timeout ({@code ERR_OTHER}, no failing rank).
     *
     * @param message the description
     */
    void abortStalled(String message) {
        abort(new Abort(ErrorClass.ERR_OTHER, message, false, -1, 1));
    }

    /** Declares a deadlock found by the deterministic scheduler: no rank can run. */
    void declareDeadlock() {
        lock.lock();
        try {
            if (abort == null) {
                abort(new Abort(ErrorClass.ERR_OTHER, DeadlockReport.build(this), true, -1, 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a thread that works for a rank (the algorithm of a nonblocking collective) as a
     * participant: while it is alive and not parked in a wait, no deadlock is declared. Called by
     * the rank's thread right after starting it, so the rank is running meanwhile.
     *
     * @param rank the rank it works for
     * @param thread the started thread
     */
    void workingFor(RankState rank, Thread thread) {
        foreignThreads.add(thread);
        foreignSeen = true;
    }

    /**
     * Blocks rank {@code me} until one of the requests completes.
     *
     * @param me the calling rank
     * @param requests the requests
     * @param operation the call being waited in, for reports
     */
    void awaitRequests(RankState me, java.util.List<? extends io.mpi4j.spi.SpiRequest> requests, String operation) {
        for (io.mpi4j.spi.SpiRequest r : requests) {
            if (!(r instanceof SimPollable) && !r.isComplete()) {
                // a request completed outside sim (by a thread of the API): it must wake the rank
                r.onComplete(() -> signal(me));
            }
        }
        await(me, () -> anyComplete(requests), () -> anyReady(requests),
                () -> new PendingOp(operation, waitsFor(requests), firstUnmatched(requests)));
    }

    /** The first receive among the requests that has not matched a message, for the report's near misses. */
    private static PendingOp.Receive firstUnmatched(java.util.List<? extends io.mpi4j.spi.SpiRequest> requests) {
        for (io.mpi4j.spi.SpiRequest r : requests) {
            PendingOp.Receive u = r instanceof SimRequest s ? s.unmatched() : null;
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    private static boolean anyComplete(java.util.List<? extends io.mpi4j.spi.SpiRequest> requests) {
        for (io.mpi4j.spi.SpiRequest r : requests) {
            if (r instanceof SimPollable p ? p.poll() : r.isComplete()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyReady(java.util.List<? extends io.mpi4j.spi.SpiRequest> requests) {
        for (io.mpi4j.spi.SpiRequest r : requests) {
            if (r instanceof SimPollable p ? p.isReady() : r.isComplete()) {
                return true;
            }
        }
        return false;
    }

    private static int[] waitsFor(java.util.List<? extends io.mpi4j.spi.SpiRequest> requests) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (io.mpi4j.spi.SpiRequest r : requests) {
            if (r instanceof SimPollable p) {
                int[] w = p.waitsFor();
                if (w == null) {
                    return null;
                }
                for (int x : w) {
                    out.add(x);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Wakes the parked threads of a rank after an action that may complete their wait.
     *
     * @param r the rank
     */
    void signal(RankState r) {
        if (r.parkedCount == 0) {
            return;
        }
        lock.lock();
        try {
            for (Waiter w : r.waiters) {
                if (w.blocked) {
                    w.blocked = false;
                    if (w.mainThread) {
                        blockedMains--;
                    }
                }
                LockSupport.unpark(w.thread);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts a waiter as blocked and checks for a deadlock; under the lock. */
    private void markBlocked(Waiter w) {
        w.blocked = true;
        if (w.mainThread) {
            blockedMains++;
        }
        checkDeadlock();
    }

    /** Under the lock: declares a deadlock if no thread can make progress. */
    private void checkDeadlock() {
        if (abort != null || unfinished == 0 || blockedMains < unfinished) {
            return;
        }
        // Every unfinished rank's main thread is parked. A parked wait whose condition already
        // holds will proceed once scheduled: then it is not a deadlock.
        for (RankState r : ranks) {
            for (Waiter w : r.waiters) {
                if (w.condition.getAsBoolean()) {
                    return;
                }
            }
        }
        if (foreignSeen) {
            foreignThreads.removeIf(t -> !t.isAlive());
            for (Thread t : foreignThreads) {
                if (t.isAlive() && !isParkedBlocked(t)) {
                    return;
                }
            }
        }
        String report = DeadlockReport.build(this);
        abort = new Abort(ErrorClass.ERR_OTHER, report, true, -1, 1);
        for (RankState r : ranks) {
            for (Waiter w : r.waiters) {
                if (w.blocked) {
                    w.blocked = false;
                    if (w.mainThread) {
                        blockedMains--;
                    }
                }
                LockSupport.unpark(w.thread);
            }
        }
    }

    /**
     * Under the lock: whether {@code t} is parked in a wait that cannot end without another thread
     * acting. A thread counts itself as blocked before its last look at its condition, so a
     * blocked waiter whose condition holds is about to proceed: it is still running.
     */
    private boolean isParkedBlocked(Thread t) {
        for (RankState r : ranks) {
            for (Waiter w : r.waiters) {
                if (w.thread == t && w.blocked && !w.condition.getAsBoolean()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Under the lock, for reports: the op the main thread of {@code r} is parked in, if any. */
    PendingOp parkedOp(RankState r) {
        for (Waiter w : r.waiters) {
            if (w.mainThread) {
                return w.opSupplier.get();
            }
        }
        return null;
    }

    boolean isFinished(RankState r) {
        return r.finished;
    }

    /** The world rank holding a deterministic schedule's token; -1 in the concurrent mode. */
    int tokenHolder() {
        return scheduler == null ? -1 : scheduler.holder();
    }

    /**
     * Describes what every rank is doing now, for timeout reports.
     *
     * @return one line per rank
     */
    public String describeRanks() {
        lock.lock();
        try {
            return DeadlockReport.rankLines(this);
        } finally {
            lock.unlock();
        }
    }

    // ---- communicator contexts ----

    /**
     * The context of a rank's MPI_COMM_SELF: one of its own, as every communicator has (with the
     * next number, its collective context); one shared by every rank let a rank's dup of SELF take
     * another rank's (the slot of {@link #derived} is keyed by the parent's context).
     *
     * @param worldRank the rank
     * @return its SELF's context, above WORLD's and below every derived communicator's
     */
    static int selfContext(int worldRank) {
        return 2 + 2 * worldRank;
    }

    /**
     * Returns the shared state of the communicator created by one communicator-creating call.
     * Every member makes the call with the same key (collective calls are made in the same order
     * everywhere), so they all meet at the same slot; the slot is dropped once every member has
     * fetched it, so creating and freeing communicators in a loop keeps memory bounded.
     *
     * @param key the call, the same on every member
     * @param group the world ranks of the new communicator, in its rank order
     * @param name its initial name
     * @param origin the call that makes it, for reports ({@link CommShared#origin})
     * @return the shared state
     */
    CommShared derived(ContextKey key, int[] group, String name, String origin) {
        DupSlot slot = dups.computeIfAbsent(key, k -> new DupSlot(new CommShared(nextContext.getAndAdd(2), group, null, name, origin)));
        synchronized (slot) {
            if (++slot.fetched == group.length) {
                dups.remove(key);
            }
        }
        return slot.shared;
    }

    /**
     * Returns the two sides of the intercommunicator created by one call, with one context: every
     * member of both groups makes the call with the same key; the slot is dropped once all of
     * them have fetched it.
     *
     * @param key the call, the same on every member of both groups
     * @param a the world ranks of one side
     * @param b the world ranks of the other side
     * @param origin the call that makes it, for reports ({@link CommShared#origin})
     * @return the side of {@code a} and the side of {@code b}
     */
    CommShared[] derivedIntercomm(ContextKey key, int[] a, int[] b, String origin) {
        DupSlot slot = dups.computeIfAbsent(key, k -> {
            int context = nextContext.getAndAdd(2);
            DupSlot s = new DupSlot(new CommShared(context, a, b, "", origin));
            s.other = new CommShared(context, b, a, "", origin);
            return s;
        });
        synchronized (slot) {
            if (++slot.fetched == a.length + b.length) {
                dups.remove(key);
            }
        }
        return new CommShared[] {slot.shared, slot.other};
    }

    /**
     * Returns the number of communicator-creating calls some member has made and not all have
     * finished, for leak checks.
     *
     * @return the size of the table of pending creations
     */
    public int pendingCreations() {
        return dups.size();
    }

    String processorName() {
        String n = processorName;
        if (n == null) {
            try {
                n = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                n = "localhost";
            }
            processorName = n;
        }
        return n;
    }

    @Override
    public String toString() {
        return "SimWorld[" + name + ", size=" + size + ", buffering=" + buffering + "]";
    }
}
