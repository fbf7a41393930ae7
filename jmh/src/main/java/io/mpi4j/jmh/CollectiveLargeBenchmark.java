package io.mpi4j.jmh;

import io.mpi4j.sim.ThreadKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Collectives with large data (bcast, allreduce, allgather, alltoall of 1 MiB; see
 * {@link Collective} for what {@code size} means) on 2, 4 and 16 ranks of a job ({@code provider}); 8 bytes
 * in {@link CollectiveBenchmark}. The score is the time rank 0 spends
 * in one call, in a steady stream of calls, which is the C reference's "total time / iterations".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class CollectiveLargeBenchmark {
    /** Calls per invocation. */
    public static final int ROUNDS = 8;

    /** The collective. */
    @Param({"BCAST", "ALLREDUCE", "ALLGATHER", "ALLTOALL"})
    public Collective op;

    /** The bytes per rank (per peer for alltoall). */
    @Param({"1048576"})
    public int size;

    /** The number of ranks. */
    @Param({"2", "4", "16"})
    public int ranks;

    /** The kind of thread a sim rank runs on. */
    @Param({"VIRTUAL"})
    public ThreadKind threads;

    /**
     * The provider: {@code sim} (a job of threads in JMH's fork), or the provider of the process job
     * this JVM is rank 0 of ({@code shm}, {@code native}; set by {@link ProcessBench}).
     */
    @Param({"sim"})
    public String provider;

    private BenchJob job;

    /** Creates the benchmark state; JMH calls it. */
    public CollectiveLargeBenchmark() {
    }

    /** Starts the job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        job = BenchJob.start(provider, threads, JobSpec.collective(op, size, ranks, ROUNDS));
    }

    /** {@value #ROUNDS} calls of the collective. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void collective() {
        job.batch();
    }

    /** Stops the job (not timed). */
    @TearDown(Level.Trial)
    public void stop() {
        job.close();
    }
}
