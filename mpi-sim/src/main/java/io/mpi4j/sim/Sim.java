package io.mpi4j.sim;

import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.MpiOptions;
import io.mpi4j.ObjectCodec;
import io.mpi4j.RankFailedException;
import io.mpi4j.ThreadLevel;
import io.mpi4j.sim.engine.SimContext;
import io.mpi4j.sim.engine.SimWorld;
import io.mpi4j.sim.engine.TraceRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an MPI job in this JVM: every rank is a thread of the {@code sim} provider.
 *
 * {@snippet :
 * List<Integer> sums = Sim.run(4, world -> {
 *     int rank = world.rank();
 *     int right = (rank + 1) % world.size(), left = (rank + world.size() - 1) % world.size();
 *     int[] got = new int[1];
 *     world.sendrecv(Buf.of(new int[] {rank}), right, 0, Buf.of(got), left, 0);
 *     return got[0];
 * });
 * // sums == [3, 0, 1, 2]
 * }
 *
 * <p>A job ends when every rank's code has returned. If a rank throws, the job is aborted: the
 * other ranks' blocking calls fail promptly with {@link ErrorClass#ERR_PROC_ABORTED}, and
 * {@code run} throws {@link RankFailedException} naming the rank, with its exception as the cause.
 * If every rank is blocked and none can proceed, {@code run} throws {@link DeadlockException} with a
 * report of each rank's pending call and the wait-for cycle. A job that exceeds its
 * {@linkplain Builder#timeout(Duration) timeout} is aborted and {@code run} throws
 * {@link MpiException} with each rank's state.
 *
 * <p>Configure with {@link #builder()}: the number of ranks, the {@link Buffering} mode (default
 * {@code eager} up to 64 KiB), the {@link ThreadKind} (default virtual threads), the timeout
 * (default none: deadlocks are detected, not timed out).
 */
public final class Sim {
    private static final Duration INTERRUPT_AFTER = Duration.ofMillis(500);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(3);

    private final int ranks;
    private final Buffering buffering;
    private final ThreadKind threads;
    private final Duration timeout;
    private final String name;
    private final ObjectCodec codec;
    private final ThreadLevel threadLevel;
    private final CollectiveAlgorithms collectives;
    private final boolean checkTypes;
    private final boolean checkBuffers;
    private final boolean checkThreadLevel;
    private final java.util.function.IntFunction<io.mpi4j.spi.ResourceTracker> resourceTracker;
    private final Schedule schedule;
    private final ScheduleObserver scheduleObserver;
    private final java.util.function.Consumer<List<UnreceivedMessage>> onUnreceived;
    private final java.util.function.Consumer<Trace> traceSink;

    private Sim(Builder b) {
        this.traceSink = b.traceSink;
        this.onUnreceived = b.onUnreceived;
        this.schedule = b.schedule;
        this.scheduleObserver = b.scheduleObserver;
        this.collectives = b.collectives;
        this.checkTypes = b.checkTypes;
        this.checkBuffers = b.checkBuffers;
        this.checkThreadLevel = b.checkThreadLevel;
        this.resourceTracker = b.resourceTracker;
        this.ranks = b.ranks;
        this.buffering = b.buffering;
        this.threads = b.threads;
        this.timeout = b.timeout;
        this.name = b.name;
        this.codec = b.codec;
        this.threadLevel = b.threadLevel;
    }

    /**
     * Runs a job with the default configuration and returns each rank's result.
     *
     * @param ranks the number of ranks
     * @param body the code of every rank
     * @param <T> the type of the results
     * @return the results, indexed by world rank (may contain {@code null})
     * @throws RankFailedException if a rank threw or called abort
     * @throws DeadlockException if the job deadlocked
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if {@code ranks < 1}
     */
    public static <T> List<T> run(int ranks, RankBody<T> body) {
        return builder().ranks(ranks).build().run(body);
    }

    /**
     * Runs a job with the default configuration, for code without a result.
     *
     * @param ranks the number of ranks
     * @param body the code of every rank
     * @throws RankFailedException if a rank threw or called abort
     * @throws DeadlockException if the job deadlocked
     */
    public static void exec(int ranks, RankAction body) {
        builder().ranks(ranks).build().exec(body);
    }

    /**
     * Returns a builder with the defaults: 1 rank, {@link Buffering#eager()}, virtual threads, no
     * timeout, Java serialization, {@link ThreadLevel#MULTIPLE}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of ranks.
     *
     * @return the world size of each job
     */
    public int ranks() {
        return ranks;
    }

    /**
     * Returns the buffering mode.
     *
     * @return the mode
     */
    public Buffering buffering() {
        return buffering;
    }

    /**
     * Returns the schedule of a deterministic job.
     *
     * @return the schedule, or empty for the (default) concurrent mode
     */
    public java.util.Optional<Schedule> schedule() {
        return java.util.Optional.ofNullable(schedule);
    }

    /**
     * Runs the job and returns each rank's result.
     *
     * @param body the code of every rank, given its world communicator
     * @param <T> the type of the results
     * @return the results, indexed by world rank (may contain {@code null})
     * @throws RankFailedException if a rank threw or called abort
     * @throws DeadlockException if the job deadlocked
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} if the job timed out, or its
     *     deterministic schedule stalled (a rank blocked outside MPI while holding the token)
     */
    public <T> List<T> run(RankBody<T> body) {
        Objects.requireNonNull(body, "body");
        Object[] results = new Object[ranks];
        launch(rank -> {
            MpiOptions options = mpiOptions(rank);
            io.mpi4j.spi.ResourceTracker tracker = options.resourceTracker().orElse(null);
            try (Mpi mpi = Mpi.init(options)) {
                // objects made without a communicator (derived datatypes) find the rank's tracker here
                results[rank] = tracker == null ? body.run(mpi.world())
                        : ScopedValue.where(io.mpi4j.spi.ResourceTracker.CURRENT, tracker).call(() -> body.run(mpi.world()));
            }
        });
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
        return list;
    }

    /**
     * Runs the job, for code without a result.
     *
     * @param body the code of every rank
     * @throws RankFailedException if a rank threw or called abort
     * @throws DeadlockException if the job deadlocked
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} if the job timed out, or its
     *     deterministic schedule stalled (a rank blocked outside MPI while holding the token)
     */
    public void exec(RankAction body) {
        Objects.requireNonNull(body, "body");
        run(world -> {
            body.run(world);
            return null;
        });
    }

    /**
     * Runs the job with code that initializes MPI itself: on each rank's thread,
     * {@code Mpi.init(...)} joins this job. This is how the launcher runs a program's {@code main}.
     *
     * @param main the code of every rank, given its world rank
     * @throws RankFailedException if a rank threw or called abort
     * @throws DeadlockException if the job deadlocked
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} if the job timed out, or its
     *     deterministic schedule stalled (a rank blocked outside MPI while holding the token)
     */
    public void launch(RankMain main) {
        Objects.requireNonNull(main, "main");
        SimWorld world = new SimWorld(ranks, buffering, collectives == CollectiveAlgorithms.POINT_TO_POINT
                ? SimWorld.Collectives.P2P : SimWorld.Collectives.SHARED, name, Choices.of(schedule, scheduleObserver));
        world.checkTypes(checkTypes);
        world.checkBuffers(checkBuffers);
        world.checkThreadLevel(checkThreadLevel);
        world.recordSenders(onUnreceived != null);
        TraceRecorder recorder = traceSink == null ? null : new TraceRecorder(ranks);
        if (recorder != null) {
            world.trace(recorder);
        }
        Throwable[] failures = new Throwable[ranks];
        Thread[] rankThreads = new Thread[ranks];
        Thread.Builder builder = threads == ThreadKind.VIRTUAL && virtualThreadsRun()
                ? Thread.ofVirtual().name("mpi4j-rank-", 0)
                : Thread.ofPlatform().daemon(true).name("mpi4j-rank-", 0);
        // No rank runs the program before every rank's thread has started: a rank that busy-polls
        // with Thread.yield() could otherwise keep the carriers from ever starting the others.
        CountDownLatch allStarted = new CountDownLatch(ranks);
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            rankThreads[r] = builder.unstarted(() -> {
                allStarted.countDown();
                try {
                    allStarted.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                runRank(world, rank, main, failures, recorder);
            });
            world.bindMainThread(r, rankThreads[r]);
        }
        for (Thread t : rankThreads) {
            t.start();
        }
        boolean timedOut = awaitThreads(world, rankThreads);
        List<Integer> stuck = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            if (rankThreads[r].isAlive()) {
                stuck.add(r);
            }
        }
        String stuckNote = (stuck.isEmpty() ? "" : " (ranks " + stuck + " did not stop after the abort and were abandoned)")
                + replayNote();
        RuntimeException failure = failure(world, timedOut, failures, stuckNote);
        if (recorder != null) {
            world.traceUnmatched();
            String outcome = failure == null ? "completed" : failure.getMessage().lines().findFirst().orElse("failed");
            traceSink.accept(new Trace(name, ranks, outcome, recorder.events()));
        }
        if (failure != null) {
            throw failure;
        }
        if (onUnreceived != null) {
            onUnreceived.accept(List.copyOf(world.unreceived()));
        }
    }

    /** How long a virtual thread may take to start before its carriers count as lost. */
    private static final Duration CARRIER_PROBE = Duration.ofSeconds(1);

    /**
     * Whether a virtual thread starts promptly. Ranks of an earlier job that timed out and were
     * abandoned while looping without blocking keep their carriers for good (virtual threads are
     * not time-sliced); once they hold every carrier, no virtual thread runs again in this JVM, and
     * each later job would time out with its ranks never started. Such a job runs its ranks on
     * platform threads instead, and says so.
     */
    private static boolean virtualThreadsRun() {
        Thread probe = Thread.ofVirtual().name("mpi4j-carrier-probe").start(() -> { });
        try {
            if (probe.join(CARRIER_PROBE)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        System.err.println("mpi4j sim: a virtual thread did not start within " + CARRIER_PROBE.toMillis() + " ms: every carrier"
                + " thread is busy, most likely with the abandoned ranks of an earlier job that timed out in a loop that never"
                + " blocks; this job's ranks run on platform threads");
        return false;
    }

    /** The exception a job that stopped early ends with; {@code null} if every rank finished normally. */
    private RuntimeException failure(SimWorld world, boolean timedOut, Throwable[] failures, String stuckNote) {
        if (world.isDeadlocked()) {
            return new DeadlockException(world.abortMessage() + stuckNote);
        }
        if (timedOut || (world.isAborted() && world.abortRank() < 0)) {
            // a timeout, or a deterministic schedule that stalled: no rank failed
            return new MpiException(ErrorClass.ERR_OTHER, world.abortMessage() + stuckNote);
        }
        int primary = world.abortRank();
        if (primary >= 0) {
            Throwable cause = failures[primary];
            String message = cause == null || isAbortCall(cause) ? world.abortMessage().replaceFirst("^job aborted: ", "")
                    : "rank " + primary + " failed: " + cause;
            if (cause == null) {
                cause = new MpiException(ErrorClass.ERR_PROC_ABORTED, message);
            }
            RankFailedException e = new RankFailedException(primary, world.abortExitCode(), message + stuckNote, cause);
            for (int r = 0; r < ranks; r++) {
                Throwable f = failures[r];
                if (r != primary && f != null && !isConsequenceOfAbort(f)) {
                    e.addSuppressed(f);
                }
            }
            return e;
        }
        return null;
    }

    /** How to replay a deterministic run, appended to its failure: the whole point of the mode. */
    private String replayNote() {
        if (schedule == null) {
            return "";
        }
        // the world size and a buffering other than the default are part of the run: say them too
        boolean defaultBuffering = buffering.toString().equals(Buffering.eager().toString());
        String sizeAndBuffering = ".ranks(" + ranks + ")"
                + (defaultBuffering ? "" : ".buffering(Buffering.parse(\"" + buffering + "\"))");
        String annotation = schedule instanceof Schedule.Seeded s ? " or @MpiTest(ranks = " + ranks
                + (defaultBuffering ? "" : ", buffering = \"" + buffering + "\"") + ", seed = " + s.seed() + "L)" : "";
        return "\n(deterministic schedule " + schedule + "; Sim.builder()" + sizeAndBuffering + schedule.replayCall()
                + annotation + " replays this run)";
    }

    private static boolean isAbortCall(Throwable t) {
        return t instanceof MpiException m && m.errorClass() == ErrorClass.ERR_PROC_ABORTED;
    }

    private static boolean isConsequenceOfAbort(Throwable t) {
        return t instanceof MpiException m && (m.errorClass() == ErrorClass.ERR_PROC_ABORTED || m instanceof DeadlockException);
    }

    private static void runRank(SimWorld world, int rank, RankMain main, Throwable[] failures, TraceRecorder recorder) {
        try {
            world.enter(rank);
            if (recorder != null) {
                recorder.rankStarted(rank);
            }
            ScopedValue.where(SimContext.CURRENT, new SimContext(world, rank)).call(() -> {
                main.run(rank);
                return null;
            });
        } catch (Throwable t) {
            failures[rank] = t;
            world.rankFailed(rank, t);
        } finally {
            if (recorder != null) {
                recorder.rankFinished(rank);
            }
            world.rankFinished(rank);
        }
    }

    /** Waits for the ranks; returns {@code true} if the job timed out. */
    private boolean awaitThreads(SimWorld world, Thread[] rankThreads) {
        long start = System.nanoTime();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : start + timeout.toNanos();
        long abortSeen = 0;
        boolean interrupted = false;
        boolean timedOut = false;
        int next = 0;
        while (true) {
            while (next < rankThreads.length && !rankThreads[next].isAlive()) {
                next++;
            }
            if (next == rankThreads.length) {
                return timedOut;
            }
            long now = System.nanoTime();
            if (world.isAborted()) {
                if (abortSeen == 0) {
                    abortSeen = now;
                } else if (!interrupted && now - abortSeen > INTERRUPT_AFTER.toNanos()) {
                    // ranks computing outside MPI calls: ask them to stop
                    for (Thread t : rankThreads) {
                        if (t.isAlive()) {
                            t.interrupt();
                        }
                    }
                    interrupted = true;
                } else if (now - abortSeen > GIVE_UP_AFTER.toNanos()) {
                    return timedOut;
                }
            } else if (now - deadline > 0) {
                timedOut = true;
                world.abortTimeout("sim job '" + name + "' timed out after " + timeout + "; the ranks were:\n"
                        + world.describeRanks());
                continue;
            }
            try {
                rankThreads[next].join(Duration.ofMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                world.abortTimeout("sim job '" + name + "' interrupted; the ranks were:\n" + world.describeRanks());
                timedOut = true;
            }
        }
    }

    private MpiOptions mpiOptions(int rank) {
        MpiOptions.Builder b = MpiOptions.builder().provider(new SimProvider()).threadLevel(threadLevel);
        if (resourceTracker != null) {
            b.resourceTracker(resourceTracker.apply(rank));
        }
        if (codec != null) {
            b.codec(codec);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "Sim[ranks=" + ranks + ", buffering=" + buffering + ", threads=" + threads + ", collectives=" + collectives
                + ", timeout=" + timeout + (schedule == null ? "" : ", schedule=" + schedule) + "]";
    }

    /** Builds a {@link Sim} job configuration. */
    public static final class Builder {
        private int ranks = 1;
        private Buffering buffering = Buffering.eager();
        private ThreadKind threads = ThreadKind.VIRTUAL;
        private Duration timeout = Duration.ZERO;
        private String name = "sim";
        private ObjectCodec codec;
        private ThreadLevel threadLevel = ThreadLevel.MULTIPLE;
        private CollectiveAlgorithms collectives = CollectiveAlgorithms.SHARED_MEMORY;
        private boolean checkTypes;
        private boolean checkBuffers;
        private boolean checkThreadLevel;
        private java.util.function.IntFunction<io.mpi4j.spi.ResourceTracker> resourceTracker;
        private Schedule schedule;
        private ScheduleObserver scheduleObserver;
        private java.util.function.Consumer<List<UnreceivedMessage>> onUnreceived;
        private java.util.function.Consumer<Trace> traceSink;

        private Builder() {
        }

        /**
         * Records every rank's MPI calls and messages with their times, and hands the
         * {@link Trace} to {@code sink} at the end of each job, also a job that deadlocked or
         * failed (before its exception is thrown). Default: not traced, at no cost.
         *
         * @param sink receives the trace; {@code null} for none
         * @return this builder
         */
        public Builder trace(java.util.function.Consumer<Trace> sink) {
            this.traceSink = sink;
            return this;
        }

        /**
         * Reports the messages sent and never received, after a job whose ranks all finished
         * normally: on every communicator, each with the program's call that sent it (recording
         * that costs a stack walk per message that waits in a queue, so only when asked).
         * Default: not reported.
         *
         * @param sink receives the list, empty if every message was received; {@code null} for none
         * @return this builder
         */
        public Builder onUnreceived(java.util.function.Consumer<List<UnreceivedMessage>> sink) {
            this.onUnreceived = sink;
            return this;
        }

        /**
         * Makes the job deterministic with a seeded schedule: one rank runs at a time, and every
         * scheduling and wildcard-matching choice comes from {@code seed} (see {@link Schedule}).
         * A failure's message names the seed; the same seed replays the same run. Default: the
         * concurrent mode, where ranks run in parallel.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder deterministic(long seed) {
            return schedule(Schedule.seeded(seed));
        }

        /**
         * Makes the job deterministic with the given schedule (see {@link Schedule}), or
         * concurrent again with {@code null}. Default: concurrent.
         *
         * @param schedule where the choices come from; {@code null} for the concurrent mode
         * @return this builder
         */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Observes every choice of a deterministic job, in order. Default: none.
         *
         * @param observer the observer; {@code null} for none
         * @return this builder
         */
        public Builder observeSchedule(ScheduleObserver observer) {
            this.scheduleObserver = observer;
            return this;
        }

        /**
         * Gives each rank of {@link Sim#run} an observer of the requests and communicators it creates
         * and releases, for leak checks. Default: none.
         *
         * @param perRank the observer of each rank, by world rank
         * @return this builder
         */
        public Builder resourceTracker(java.util.function.IntFunction<io.mpi4j.spi.ResourceTracker> perRank) {
            this.resourceTracker = Objects.requireNonNull(perRank);
            return this;
        }

        /**
         * Checks that every receive uses the datatype its message was sent with (MPI-4.1 §3.3.1:
         * INT sent and DOUBLE received is an error, not a reinterpretation of the bytes); a
         * mismatch fails the receive with {@link ErrorClass#ERR_TYPE} naming both types.
         * {@code BYTE} on either side matches anything (object messages travel as bytes).
         * Default: off.
         *
         * @param on whether to check
         * @return this builder
         */
        public Builder checkTypes(boolean on) {
            this.checkTypes = on;
            return this;
        }

        /**
         * Checks that the buffer of every nonblocking send (and of each start of a persistent one)
         * stays untouched until a wait or test reports its completion, as MPI requires: the bytes
         * are checksummed at the start and compared then, and a program that wrote them in between
         * gets {@code ERR_BUFFER} from that wait or test. Such a write may or may not reach the
         * receiver, so tests that pass can hide it. Default: off ({@code @MpiTest} turns it on).
         *
         * @param on whether to check
         * @return this builder
         */
        public Builder checkBuffers(boolean on) {
            this.checkBuffers = on;
            return this;
        }

        /**
         * Checks the thread level a rank asked for: at {@link ThreadLevel#SINGLE} and
         * {@link ThreadLevel#FUNNELED} only the thread that initialized MPI may call it (MPI-4.1
         * §11.6.3), and a call from another thread fails with {@code ERR_OTHER} naming both threads,
         * where sim (thread-safe at every level) would otherwise let it pass. Default: off
         * ({@code @MpiTest} turns it on).
         *
         * @param on whether to check
         * @return this builder
         */
        public Builder checkThreadLevel(boolean on) {
            this.checkThreadLevel = on;
            return this;
        }

        /**
         * Chooses how collectives run. Default: {@link CollectiveAlgorithms#SHARED_MEMORY}.
         *
         * @param collectives the algorithms
         * @return this builder
         */
        public Builder collectives(CollectiveAlgorithms collectives) {
            this.collectives = Objects.requireNonNull(collectives);
            return this;
        }

        /**
         * Sets the number of ranks. Default: 1.
         *
         * @param ranks at least 1
         * @return this builder
         * @throws MpiException with {@link ErrorClass#ERR_ARG} if {@code ranks < 1}
         */
        public Builder ranks(int ranks) {
            if (ranks < 1) {
                throw new MpiException(ErrorClass.ERR_ARG, "invalid ranks=" + ranks + "; a job needs at least 1 rank");
            }
            this.ranks = ranks;
            return this;
        }

        /**
         * Sets the buffering of standard sends. Default: {@link Buffering#eager()}.
         *
         * @param buffering the mode
         * @return this builder
         */
        public Builder buffering(Buffering buffering) {
            this.buffering = Objects.requireNonNull(buffering);
            return this;
        }

        /**
         * Sets the kind of thread each rank runs on. Default: {@link ThreadKind#VIRTUAL}.
         *
         * @param threads the kind
         * @return this builder
         */
        public Builder threads(ThreadKind threads) {
            this.threads = Objects.requireNonNull(threads);
            return this;
        }

        /**
         * Sets the time after which the job is aborted. Default: {@link Duration#ZERO}, no limit.
         *
         * @param timeout the limit; zero for none
         * @return this builder
         * @throws MpiException with {@link ErrorClass#ERR_ARG} if negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new MpiException(ErrorClass.ERR_ARG, "invalid timeout=" + timeout + "; use a positive duration, or zero for none");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Names the job, for reports. Default: {@code "sim"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /**
         * Sets the codec of object messages for {@link Sim#run}. Default: Java serialization.
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(ObjectCodec codec) {
            this.codec = Objects.requireNonNull(codec);
            return this;
        }

        /**
         * Sets the thread level requested by {@link Sim#run}. Default: {@link ThreadLevel#MULTIPLE}.
         *
         * @param level the level
         * @return this builder
         */
        public Builder threadLevel(ThreadLevel level) {
            this.threadLevel = Objects.requireNonNull(level);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the job configuration, reusable for many runs
         */
        public Sim build() {
            return new Sim(this);
        }
    }
}
