package io.mpi4j.jmh;

import io.mpi4j.sim.Sim;
import io.mpi4j.sim.ThreadKind;
import java.lang.foreign.Arena;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * A long-lived {@code sim} job whose rank 0 is driven by the benchmark thread: ranks 1..n-1 run
 * {@link Lockstep#serve}, rank 0's own thread hands its world communicator to the benchmark thread
 * and waits, and each {@link #step()} is one round of the benchmarked operation.
 *
 * <p>The job is started and stopped outside the timed region ({@code @Setup}/{@code @TearDown} of
 * the trial). The benchmark thread calls MPI on rank 0's communicator as a second thread of that rank
 * (the job runs at {@code MPI_THREAD_MULTIPLE}); sim then counts it as a foreign thread, whose only
 * effect is that parked waits re-check every 200 ms for deadlocks.
 *
 * {@snippet :
 * try (SimJob job = SimJob.start(4, ThreadKind.VIRTUAL, 1024, (world, arena) -> world::barrier)) {
 *     job.step();  // one barrier
 * }
 * }
 */
public final class SimJob implements AutoCloseable {
    private final Thread launcher;
    private final Lockstep driver;
    private final CountDownLatch release;
    private final CompletableFuture<Void> ended;

    private SimJob(Thread launcher, Lockstep driver, CountDownLatch release, CompletableFuture<Void> ended) {
        this.launcher = launcher;
        this.driver = driver;
        this.release = release;
        this.ended = ended;
    }

    /**
     * Starts a job and returns once rank 0's step is ready to be driven.
     *
     * @param ranks the number of ranks
     * @param threads the kind of thread a rank runs on
     * @param batch the {@link Lockstep} batch
     * @param steps creates each rank's step, on that rank's thread
     * @return the running job
     * @throws IllegalStateException if the job failed before rank 0 was ready
     */
    public static SimJob start(int ranks, ThreadKind threads, int batch, StepFactory steps) {
        Sim sim = Sim.builder().ranks(ranks).threads(threads).name("jmh-" + ranks).build();
        CompletableFuture<Lockstep> ready = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread launcher = Thread.ofPlatform().daemon(true).name("mpi4j-jmh-job").start(() -> {
            try (Arena arena = Arena.ofShared()) {
                sim.exec(world -> {
                    Step step = steps.create(world, arena);
                    if (world.rank() == 0) {
                        ready.complete(new Lockstep(world, step, batch));
                        release.await();
                    } else {
                        Lockstep.serve(world, step, batch);
                    }
                });
                ended.complete(null);
            } catch (Throwable t) {
                ready.completeExceptionally(t);
                ended.completeExceptionally(t);
            }
        });
        try {
            return new SimJob(launcher, ready.get(), release, ended);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sim job of ranks=" + ranks + " failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a sim job of ranks=" + ranks, e);
        }
    }

    /**
     * Runs one round of the benchmarked operation on rank 0 (the servers mirror it).
     */
    public void step() {
        driver.step();
    }

    /**
     * Stops the servers, lets rank 0's thread return and waits for the job to end.
     *
     * @throws IllegalStateException if a rank failed
     */
    @Override
    public void close() {
        try {
            driver.finish();
        } finally {
            release.countDown();
        }
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
