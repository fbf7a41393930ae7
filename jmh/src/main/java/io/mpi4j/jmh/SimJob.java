package io.mpi4j.jmh;

import io.mpi4j.sim.Sim;
import io.mpi4j.sim.ThreadKind;
import java.lang.foreign.Arena;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * A long-lived {@code sim} job that runs a benchmarked operation in batches of rounds on request:
 * ranks 1..n-1 run {@link Lockstep#serve}, rank 0's own thread waits for a request from the
 * benchmark thread, runs one {@link Lockstep} batch and reports back. One {@link #batch()} call is one
 * JMH invocation of {@link #rounds()} operations.
 *
 * <p>Only rank threads call MPI. (A first version let the benchmark thread call MPI on rank 0's
 * communicator directly; sim then treats every wait as possibly involving a foreign thread, with
 * timed parks and deadlock re-checks, which made a 1 024-rank barrier 4× and a 100 000-rank barrier
 * 6–18× slower than the same loop inside the ranks.) The price is two thread hand-offs per
 * invocation (request and reply, a few microseconds when the machine is idle), amortized over the
 * rounds of the batch; {@code NoOpBenchmark} measures it.
 *
 * <p>The job is started and stopped outside the timed region ({@code @Setup}/{@code @TearDown} of
 * the trial).
 *
 * {@snippet :
 * try (SimJob job = SimJob.start(4, ThreadKind.VIRTUAL, 256, (world, arena) -> world::barrier)) {
 *     job.batch();  // 256 barriers
 * }
 * }
 */
public final class SimJob implements BenchJob {
    private final int rounds;
    private final CompletableFuture<Thread> rank0 = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private Thread launcher;
    private Thread rank0Thread;
    /** Batches requested; written by the benchmark thread, read by rank 0 (release/acquire by volatile). */
    private volatile long requested;
    /** Batches completed; written by rank 0 after the batch, read by the benchmark thread. */
    private volatile long completed;
    private volatile boolean stop;
    private volatile Thread requester;

    private SimJob(int rounds) {
        this.rounds = rounds;
    }

    /**
     * Starts a job and returns once rank 0 waits for requests.
     *
     * @param ranks the number of ranks
     * @param threads the kind of thread a rank runs on
     * @param rounds the rounds of one batch (the {@link Lockstep} batch)
     * @param steps creates each rank's step, on that rank's thread
     * @return the running job
     * @throws IllegalStateException if the job failed before rank 0 was ready
     */
    public static SimJob start(int ranks, ThreadKind threads, int rounds, StepFactory steps) {
        SimJob job = new SimJob(rounds);
        Sim sim = Sim.builder().ranks(ranks).threads(threads).name("jmh-" + ranks).build();
        job.launcher = Thread.ofPlatform().daemon(true).name("mpi4j-jmh-job").start(() -> {
            try (Arena arena = Arena.ofShared()) {
                sim.exec(world -> {
                    Step step = steps.create(world, arena);
                    if (world.rank() == 0) {
                        job.serveRequests(new Lockstep(world, step, rounds));
                    } else {
                        Lockstep.serve(world, step, rounds);
                    }
                });
                job.ended.complete(null);
            } catch (Throwable t) {
                job.rank0.completeExceptionally(t);
                job.ended.completeExceptionally(t);
            }
            Thread r = job.requester;
            if (r != null) {
                LockSupport.unpark(r);
            }
        });
        try {
            job.rank0Thread = job.rank0.get();
            return job;
        } catch (ExecutionException e) {
            throw new IllegalStateException("sim job of ranks=" + ranks + " failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a sim job of ranks=" + ranks, e);
        }
    }

    /** Rank 0's loop: one Lockstep batch per request, until stopped. */
    private void serveRequests(Lockstep driver) {
        rank0.complete(Thread.currentThread());
        long done = 0;
        while (true) {
            long req = requested; // acquire: pairs with the release in batch()
            if (req > done) {
                for (int i = 0; i < rounds; i++) {
                    driver.step();
                }
                done++;
                completed = done; // release: pairs with the acquire in batch()
                LockSupport.unpark(requester);
            } else if (stop) {
                driver.finish();
                return;
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Returns the rounds of one batch.
     *
     * @return the rounds per {@link #batch()}
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Has rank 0 run one batch of {@link #rounds()} rounds (the servers mirror it) and waits for it.
     *
     * @throws IllegalStateException if the job has failed
     */
    @Override
    public void batch() {
        requester = Thread.currentThread();
        long target = requested + 1;
        requested = target; // release: rank 0 reads it in serveRequests
        LockSupport.unpark(rank0Thread);
        while (completed < target) { // acquire: pairs with the release after the batch
            if (ended.isDone()) {
                Throwable cause = ended.isCompletedExceptionally() ? ended.exceptionNow() : null;
                throw new IllegalStateException("sim job ended during a batch: " + cause, cause);
            }
            LockSupport.park(this);
        }
    }

    /**
     * Stops the servers, lets rank 0's thread return and waits for the job to end.
     *
     * @throws IllegalStateException if a rank failed
     */
    @Override
    public void close() {
        stop = true;
        LockSupport.unpark(rank0Thread);
        try {
            launcher.join();
            ended.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("sim job failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a sim job", e);
        }
    }
}
