package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.ThreadLevel;
import io.mpi4j.Version;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.SpiRequest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one MPI process of this JVM, from MPI_Init_thread to MPI_Finalize.
 *
 * <p>MPI_Init_thread and MPI_Finalize run on a dedicated platform thread, "mpi4j-mpi-main" (MPI
 * calls the thread that initialized it the main thread, and finalize should run there too; it is
 * never the JVM's primordial thread). The provider calls MPI from threads of its own (the progress
 * thread, portable nonblocking collectives), so at the program's default level MPI runs at
 * MPI_THREAD_MULTIPLE; a program that asks for less gets what it asked for, MPI runs below
 * MULTIPLE, and the glue serializes every call through its gate ({@code gate.c}), blocking waits
 * stepping aside for the provider's threads.
 */
final class JniSession implements ProviderSession {
    private static final Object LOCK = new Object();
    private static JniSession current;
    private static boolean finalized;

    private final ExecutorService mainThread;
    private final ThreadLevel level;
    private final JniComm world;
    private final JniComm self;
    /**
     * A private copy of MPI_COMM_WORLD: the peer communicator of MPI_Intercomm_create, whose
     * leaders talk over it with the user's tag; on WORLD itself that message could match a user's
     * receive.
     */
    private final long peer;
    private final int tagUb;
    /**
     * MPICH 4.0's MPI_Ialltoallw with MPI_IN_PLACE and blocks of different datatypes fails an
     * assertion in its unpack and aborts the job (reproduced in C with 3 processes; the blocking
     * MPI_Alltoallw and Open MPI are fine).
     */
    final boolean inPlaceIalltoallwBroken;
    /** Whether the library is Open MPI, for the datatypes its collectives move wrongly ({@link JniComm#takesDerivedCollectiveType}). */
    final boolean openMpi;
    /**
     * MPICH 4.0's MPI_Ibcast on an intercommunicator delivers nothing, and reports success, when
     * the root is not rank 0 of its group (reproduced in C with 2 + 2 processes; its blocking
     * MPI_Bcast, its other rooted nonblocking collectives and Open MPI are fine): intercommunicator
     * broadcasts go by MPI_(I)scatterv there ({@link NativeCollectives#bcastAsScatterv}).
     */
    final boolean interIbcastBroken;
    /**
     * MPICH 4.0's MPI_Comm_idup of an intercommunicator made by MPI_Comm_split never completes on
     * some processes (reproduced in C, {@code mpi-native/src/test/c/mpich_split_intercomm_idup.c};
     * Open MPI is fine), and a polled rank duplicates each new communicator so: the library's
     * split and create of intercommunicators are not used there ({@link JniComm#constructsFromIntercomms}).
     */
    final boolean interSplitIdupBroken;
    /**
     * MPICH 4.0's MPI_Reduce_scatter and MPI_Ireduce_scatter with MPI_IN_PLACE and uneven counts
     * move a rank's result to the front of its buffer with a memcpy whose ranges overlap, once the
     * counts add up to 512 KiB, and abort the job on an assertion (reproduced in C on 2 to 4
     * processes; the form without MPI_IN_PLACE and Open MPI are right): the operands go from a
     * copy there ({@link NativeCollectives#invoke}).
     */
    final boolean inPlaceReduceScatterBroken;
    /**
     * Open MPI 4.1's MPI_Comm_idup goes wrong while another thread is inside MPI (this provider's
     * progress thread always may be): a nonblocking collective started on the parent meanwhile
     * gets wrong data or hangs (reproduced in C, {@code mpi-native/src/test/c/openmpi_idup.c}; the
     * same program with one thread, and MPICH, are right). {@code idup} does not use it there
     * ({@link JniComm#startDup}): a platform thread duplicates the collective context, or below
     * MULTIPLE it is a blocking MPI_Comm_dup.
     */
    final boolean idupBroken;
    /**
     * Whether a truncated receive may write past its buffer: Open MPI 4's shared-memory single-copy
     * path does (the glue turns it off before MPI_Init unless the user set
     * {@code btl_vader_single_copy_mechanism}); blocking receives then probe first ({@link BlockingP2p}).
     */
    final boolean truncationOverruns;
    /** Whether this process has said that large heap arrays are staged ({@link #noteStagedHeapArray}). */
    private final java.util.concurrent.atomic.AtomicBoolean stagingNoted = new java.util.concurrent.atomic.AtomicBoolean();
    /** From this size on, staging a heap array in a blocking call is worth a word to the user. */
    private static final long STAGING_NOTE_BYTES = 1 << 20;
    /** How this rank waits for MPI: decided once, before the first communicator is made. */
    private final WaitPolicy waits;
    private final ConcurrentLinkedQueue<NativeRequest> watched = new ConcurrentLinkedQueue<>();
    private final Thread progress;
    /** The closing protocol, and what the threads of this rank are blocked in ({@link ClosingWatch}). */
    final ClosingWatch closing;
    /** Whether {@link #close} has begun (its notices sent): the watch keeps running until MPI_Finalize. */
    private boolean closeBegun;
    /** The MPI datatypes of the derived datatypes this process has communicated with. */
    final TypeHandles types = new TypeHandles();
    private volatile boolean closed;

    private JniSession(ExecutorService mainThread, long[] init) {
        this.mainThread = mainThread;
        this.level = ThreadLevel.values()[(int) init[0]];
        this.tagUb = (int) init[3];
        this.truncationOverruns = init[4] != 0;
        this.inPlaceIalltoallwBroken = Jni.libraryVersion().matches("(?s)MPICH Version:\\s*(3\\.|4\\.0\\.).*");
        this.openMpi = Jni.libraryVersion().contains("Open MPI");
        this.interIbcastBroken = inPlaceIalltoallwBroken; // the same MPICH releases
        this.interSplitIdupBroken = inPlaceIalltoallwBroken;
        this.inPlaceReduceScatterBroken = inPlaceIalltoallwBroken;
        this.idupBroken = openMpi;
        this.waits = WaitPolicy.choose(System.getProperty(WaitPolicy.PROPERTY), localRanks(init[1]),
                WaitPolicy.nodeProcessors(), WaitPolicy.libraryYields(System::getenv));
        this.world = new JniComm(this, init[1], "WORLD", true);
        this.self = new JniComm(this, init[2], "SELF", true);
        this.peer = dupHandle(init[1]);
        this.closing = new ClosingWatch(this, dupHandle(init[1]), world.rank(), world.size());
        this.progress = Thread.ofPlatform().daemon().name("mpi4j-native-progress").start(this::progressLoop);
    }

    /** The ranks on this node: from the launcher, else the size of MPI_COMM_TYPE_SHARED. */
    private static int localRanks(long world) {
        int n = WaitPolicy.localRanksFromLauncher(System::getenv);
        if (n > 0) {
            return n;
        }
        long[] out = new long[2];
        Errors.check(Jni.commSplitShared(world, true, 0, out), "comm_split_type");
        long[] rs = new long[2];
        Errors.check(Jni.commRankSize(out[0], rs), "comm_size");
        Errors.check(Jni.commFree(out[0]), "comm_free");
        return (int) rs[1];
    }

    /** Tells whether this rank waits by polling ({@link WaitPolicy#POLL}) rather than inside MPI. */
    boolean polls() {
        return waits == WaitPolicy.POLL;
    }

    /**
     * MPI_Comm_dup, or under {@link WaitPolicy#POLL} MPI_Comm_idup completed by polling (a blocking
     * dup spins in the library through time slices its peers need).
     *
     * @param comm the communicator
     * @return the new communicator's handle, with MPI_ERRORS_RETURN
     */
    long dupHandle(long comm) {
        long[] out = new long[2];
        if (!polls()) {
            Errors.check(Jni.commDup(comm, out), "comm_dup");
            return out[0];
        }
        Errors.check(JniWaits.commIdup(comm, out), "comm_idup");
        JniRequest r = new JniRequest(this, out[0], "comm_dup", "comm_idup", (st, err) -> NativeCollectives.STATUS);
        r.await();
        long h = JniWaits.takeComm(out[1]);
        if (r.failure() != null) {
            throw r.failure();
        }
        return h;
    }

    /**
     * Notes that a blocking call copied a heap array through native memory because the JVM's
     * collector cannot pin it ({@link BlockingP2p#PIN_HEAP_ARRAYS}); from 1 MiB on, the first time,
     * logs a warning that says how to avoid the copy (under {@code mpirun}'s core binding the JVM sees
     * one processor and chooses SerialGC). Silent where the program chose staging itself
     * ({@code -Dmpi4j.native.pinHeapArrays=false}).
     *
     * @param bytes the size of the array's data
     */
    void noteStagedHeapArray(long bytes) {
        if (bytes < STAGING_NOTE_BYTES || BlockingP2p.PIN_HEAP_ARRAYS
                || !"auto".equalsIgnoreCase(System.getProperty(NativeSettings.PIN_HEAP_ARRAYS, "auto").strip())
                || !stagingNoted.compareAndSet(false, true)) {
            return;
        }
        System.getLogger("io.mpi4j.native").log(System.Logger.Level.WARNING, "mpi4j native: blocking calls copy heap arrays"
                + " through native memory under this JVM's garbage collector ("
                + String.join(", ", BlockingP2p.collectorNames()) + "), which costs bandwidth (about 3x at 16 MiB);"
                + " run the JVM with -XX:+UseG1GC to let them use arrays in place (mpirun's core binding leaves the JVM one"
                + " processor, and then it chooses SerialGC), or pass direct ByteBuffers or MemorySegments, which are never"
                + " copied. -Dmpi4j.native.pinHeapArrays=false keeps the copies and this quiet.");
    }

    /**
     * The name of a thread other than this one that is inside the provider (a frame of this
     * package on its stack), or {@code null}. Not only native frames: a wait that polls (MPICH
     * with more ranks than cores, virtual threads, {@code WaitPolicy.POLL}) spends most of its
     * time in Java between two MPI calls, and would call MPI beside MPI_Finalize (seen as UCX
     * warnings, and crashes in {@code ucp_worker_progress}, when a hung job was killed). The
     * provider's own idle threads have no such frame; its progress thread has stopped by then.
     */
    private static String threadInsideMpi() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread()) {
                continue;
            }
            for (StackTraceElement f : e.getValue()) {
                if (f.getClassName().startsWith("io.mpi4j.jni.")) {
                    return e.getKey().getName();
                }
            }
        }
        return null;
    }

    /** Whether MPI has been finalized here, or is being: no MPI call may follow. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Why MPI is finalized, for the errors of calls made after it: the program closed it, or the JVM
     * is exiting (System.exit, a signal) and its shutdown hook did.
     *
     * @return a phrase for an error message
     */
    String finalizedBy() {
        synchronized (LOCK) {
            return closeBegun ? "Mpi.close() was called" : "the JVM is exiting and its shutdown hook finalized MPI";
        }
    }

    /** Whether {@link #noteStagedHeapArray} has spoken in this process. */
    boolean stagingNoted() {
        return stagingNoted.get();
    }

    /**
     * Initializes MPI in this process.
     *
     * @param required the thread level the program asked for
     * @return the session
     */
    static JniSession open(ThreadLevel required) {
        synchronized (LOCK) {
            if (current != null && !current.closed) {
                throw new MpiException(ErrorClass.ERR_OTHER, "native: MPI is already initialized in this process; "
                        + "close the open Mpi handle first (one MPI process per JVM)");
            }
            if (finalized) {
                throw new MpiException(ErrorClass.ERR_OTHER, "native: MPI was finalized in this process and cannot be "
                        + "initialized again (MPI-4.1 §11.2.2)");
            }
            NativeSettings.check();
            NativeLibrary.load();
            ExecutorService main = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                    .name("mpi4j-mpi-main").unstarted(r));
            long[] out = new long[5];
            int rc = call(main, () -> Jni.init(required.ordinal(), out));
            if (rc != 0) {
                main.shutdown();
                throw new MpiException(ErrorClass.ERR_OTHER, "native: MPI_Init_thread failed with code=" + rc
                        + "; is this process running under mpiexec/srun?");
            }
            if (!Thread.currentThread().isVirtual()) {
                // the program's thread makes nearly every call: it takes the gate (below
                // MULTIPLE) without an atomic instruction, the provider's threads pay instead
                Jni.favorGate();
            }
            JniSession s = new JniSession(main, out);
            current = s;
            Runtime.getRuntime().addShutdownHook(new Thread(s::finalizeAtExit, "mpi4j-native-finalize"));
            s.abortOnUncaught(Thread.currentThread());
            return s;
        }
    }

    /**
     * Aborts the job when the thread that initialized MPI (the rank's main thread) dies of an
     * uncaught exception while MPI is still open: the JVM would otherwise run MPI_Finalize at exit,
     * which waits for ranks that may be waiting for this one, and the job would hang. The handler
     * is process-wide, like MPI; it chains to the one it replaces. (With
     * {@code try (Mpi mpi = Mpi.init())} the exception comes after {@code close()}: use
     * {@code Mpi.run}.)
     */
    private void abortOnUncaught(Thread rankMain) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
            if (thread == rankMain && !closed) {
                abort(1, "the main thread died of " + error);
            }
        });
    }

    /**
     * Returns the session open in this process, for the provider's own tests.
     *
     * @return the session; {@code null} before MPI was initialized
     */
    static JniSession current() {
        synchronized (LOCK) {
            return current;
        }
    }

    private static <T> T call(ExecutorService main, java.util.concurrent.Callable<T> task) {
        try {
            return main.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpiException(ErrorClass.ERR_OTHER, "native: interrupted while MPI was initializing", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "native: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String providerName() {
        return "native";
    }

    @Override
    public CommEngine world() {
        return world;
    }

    /** The peer communicator for MPI_Intercomm_create: every process, in world rank order. */
    long peer() {
        return peer;
    }

    @Override
    public CommEngine self() {
        return self;
    }

    @Override
    public ThreadLevel threadLevel() {
        return level;
    }

    /**
     * Platform threads for the blocking library calls of virtual threads ({@link #offVirtual}),
     * made when the first is needed.
     */
    private volatile ExecutorService blockingCalls;

    /**
     * Makes a call that blocks inside the library (a blocking collective, a communicator
     * constructor) on a platform thread when the caller is a virtual thread, which waits for it
     * unmounted. A virtual thread blocked in native code pins its carrier: with as many virtual
     * threads in such calls as carriers (one, where mpirun binds each process to a core), the
     * threads that the other ranks wait for never run, and a correct program hangs. Point-to-point
     * calls poll instead ({@link JniComm}); a collective cannot, because MPI never matches a
     * blocking collective with a nonblocking one, and the other ranks may call it from platform
     * threads. The calling thread's interrupt is kept for after the call, which cannot be left
     * while the library may still use the program's buffers.
     *
     * @param call the call
     * @param <T> its result
     * @return what it returned
     */
    <T> T offVirtual(java.util.function.Supplier<T> call) {
        if (!Thread.currentThread().isVirtual()) {
            return call.get();
        }
        ExecutorService pool = blockingCalls;
        if (pool == null) {
            synchronized (LOCK) {
                if (blockingCalls == null) {
                    blockingCalls = Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon()
                            .name("mpi4j-blocking-call").unstarted(r));
                }
                pool = blockingCalls;
            }
        }
        Future<T> result = pool.submit(call::get);
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new MpiException(ErrorClass.ERR_INTERN, "a blocking call failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@link #offVirtual} for a call without a result.
     *
     * @param call the call
     */
    void offVirtualRun(Runnable call) {
        offVirtual(() -> {
            call.run();
            return null;
        });
    }

    @Override
    public void awaitAny(List<? extends SpiRequest> requests, String operation) {
        // One native request on a platform thread: block inside MPI_Wait (the library's own
        // progress loop). A virtual thread never blocks in native code (it would pin its carrier).
        if (requests.size() == 1 && requests.getFirst() instanceof NativeRequest r
                && !Thread.currentThread().isVirtual()) {
            r.awaitWatched();
            return;
        }
        Idle idle = polls() ? Idle.oversubscribed() : new Idle();
        try (ClosingWatch.Slot _ = closing.enterAll(targets(requests), operation)) {
            for (;;) {
                for (SpiRequest r : requests) {
                    if (r.isComplete()) {
                        return;
                    }
                }
                idle.idle();
            }
        }
    }

    /** With whom each of the requests communicates; an empty array if one of them does not say (never judged). */
    private static ClosingWatch.Target[] targets(List<? extends SpiRequest> requests) {
        ClosingWatch.Target[] t = new ClosingWatch.Target[requests.size()];
        for (int i = 0; i < t.length; i++) {
            if (!(requests.get(i) instanceof NativeRequest r) || (t[i] = r.waitTarget()) == null) {
                return NO_TARGETS;
            }
        }
        return t;
    }

    private static final ClosingWatch.Target[] NO_TARGETS = {};

    /** Polls a request that has callbacks until it completes, so that callbacks run without a waiter. */
    void watch(NativeRequest r) {
        watched.add(r);
        LockSupport.unpark(progress);
    }

    /**
     * How often an idle progress thread lets the library make progress: MPI libraries progress only
     * inside MPI calls, and MPICH 4.0 sends the acknowledgement that completes a peer's synchronous
     * send (MPI_Issend) only at the receiver's next call. A rank that has received everything and
     * then stays out of MPI (computing, or a TCK worker waiting for its next case) would keep that
     * peer waiting as long (seen in C: a 1 s sleep held the sender for 1 s; in the TCK: a 120 s hang
     * of {@code nonblockingModesKeepOrder} on 5 ranks).
     */
    private static final long IDLE_PROGRESS_NANOS = 10_000_000L;

    private void progressLoop() {
        Idle idle = new Idle();
        long[] status = new long[7];
        long lastWatch = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (now - lastWatch > IDLE_PROGRESS_NANOS) {
                lastWatch = now;
                watchClosing();
            }
            if (watched.isEmpty()) {
                LockSupport.parkNanos(IDLE_PROGRESS_NANOS);
                if (!closed) {
                    // MPI_Iprobe on the private peer communicator: it matches nothing and consumes
                    // nothing, but runs the library's progress engine
                    Jni.iprobe(peer, -1, -1, false, status);
                }
                idle.reset();
                continue;
            }
            boolean any = false;
            for (NativeRequest r : watched) {
                boolean complete;
                try {
                    complete = r.isComplete();
                } catch (RuntimeException e) {
                    complete = true; // its own waiter sees the failure; this thread must go on
                }
                if (complete) {
                    watched.remove(r);
                    any = true;
                }
            }
            if (any) {
                idle.reset();
            } else {
                idle.idle();
            }
        }
    }

    @Override
    public double wtime() {
        return Jni.wtime();
    }

    @Override
    public double wtick() {
        return Jni.wtick();
    }

    @Override
    public String processorName() {
        return Jni.processorName();
    }

    @Override
    public Version version() {
        int v = Jni.version();
        return new Version(v / 100, v % 100);
    }

    @Override
    public String libraryVersion() {
        return "mpi4j native over " + Jni.libraryVersion().strip();
    }

    @Override
    public int tagUpperBound() {
        return tagUb;
    }

    @Override
    public void abort(int errorCode, String reason) {
        System.err.println("mpi4j native: rank " + world.rank() + " aborts the job: " + reason);
        System.out.flush();
        System.err.flush();
        // What this rank wrote is still in the pipe to the launcher; Hydra (MPICH) kills the job on
        // MPI_Abort before its proxy has forwarded it, and the report of why would be lost (seen as
        // a cut "Exception in thread" line). An abort is not a fast path: give it a moment.
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Jni.abort(world.handle, errorCode);
        Runtime.getRuntime().halt(errorCode == 0 ? 1 : errorCode);
    }

    /** How long close() waits for the other ranks before it says so, and how often it says it again. */
    private static final long STILL_CLOSING_FIRST_NANOS = 10_000_000_000L;
    private static final long STILL_CLOSING_EVERY_NANOS = 60_000_000_000L;

    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed || closeBegun) {
                return;
            }
            closeBegun = true;
        }
        // every rank tells the others it is closing and waits for theirs before MPI_Finalize, which
        // would wait for them anyway; if some rank reports that it waits for this one in a call this
        // one will never make, close fails, and the rank's main thread dying aborts the job
        closing.announce();
        Idle idle = Idle.oversubscribed();
        long since = System.nanoTime();
        long nextNote = STILL_CLOSING_FIRST_NANOS;
        while (true) {
            closing.receive();
            MpiException stuck = closing.stuckReport();
            if (stuck != null) {
                throw stuck;
            }
            if (closing.allClosed()) {
                break;
            }
            long waited = System.nanoTime() - since;
            if (waited > nextNote) {
                // a peer may simply be slower to finish; but if it waits for this rank in a call that
                // is not judged, nothing else would ever say why the job does not end
                System.err.println(closing.stillClosing(waited / 1_000_000_000L));
                nextNote += STILL_CLOSING_EVERY_NANOS;
            }
            idle.idle();
        }
        closing.completeSends();
        synchronized (LOCK) {
            closed = true;
            finalized = true;
        }
        stopProgress();
        types.close();
        int rc = call(mainThread, Jni::finalizeMpi);
        mainThread.shutdown();
        ExecutorService pool = blockingCalls;
        if (pool != null) {
            pool.shutdown();
        }
        Errors.check(rc, "finalize");
    }

    /** The progress thread's turn at the closing protocol: notices in, waits on closed ranks reported. */
    private void watchClosing() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
        }
        try {
            closing.receive();
            closing.check();
        } catch (RuntimeException e) {
            // an MPI error here must not kill the progress thread; the next turn tries again
        }
    }

    /**
     * Waits (briefly) for the progress thread to leave MPI: no call may run concurrently with
     * MPI_Finalize. It sees {@code closed} after its current MPI_Test or MPI_Iprobe.
     */
    private void stopProgress() {
        LockSupport.unpark(progress);
        try {
            progress.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Finalizes a session the program did not close. Bounded: a finalize that cannot complete
     * (another rank is gone or stuck) must not keep the JVM from exiting, so after
     * {@code mpi4j.native.finalizeTimeoutSeconds} (default 30) the job is aborted instead.
     */
    private void finalizeAtExit() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            finalized = true;
        }
        stopProgress();
        String inside = threadInsideMpi();
        if (inside != null) {
            // the JVM is exiting (a signal, or System.exit on another thread) while a thread is in
            // an MPI call: MPI_Finalize beside it would crash the library (seen with UCX and
            // Open MPI's shared memory); the process ends unfinalized and the launcher ends the job
            System.err.println("mpi4j native: rank " + world.rank() + " exits without MPI_Finalize: thread \""
                    + inside + "\" is still inside an MPI call");
            return;
        }
        long timeout = Long.getLong("mpi4j.native.finalizeTimeoutSeconds", 30);
        if (!closeBegun) {
            closing.announce();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        Idle idle = Idle.oversubscribed();
        while (!closing.allClosed() && System.nanoTime() < deadline) {
            closing.receive();
            MpiException stuck = closing.stuckReport();
            if (stuck != null) {
                abort(1, "the process is exiting without Mpi.close(): " + stuck.getMessage());
            }
            idle.idle();
        }
        closing.completeSends();
        inside = threadInsideMpi();
        if (inside != null) {
            System.err.println("mpi4j native: rank " + world.rank() + " exits without MPI_Finalize: thread \""
                    + inside + "\" is still inside an MPI call");
            return;
        }
        Future<Integer> f = mainThread.submit(Jni::finalizeMpi);
        try {
            f.get(timeout, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("mpi4j native: MPI_Finalize did not complete within " + timeout + " s at exit ("
                    + e + "); aborting the job");
            Jni.abort(world.handle, 1);
        }
    }
}
