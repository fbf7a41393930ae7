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
 * Barrier latency (MPI-4.1 §6.3, MPI_Barrier) on 2, 4 and 16 ranks of a job ({@code provider}). The score
 * is the time rank 0 spends in one call, in a steady stream of calls, which is the C reference's
 * "total time / iterations".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class BarrierBenchmark {
    /** Barriers per invocation. */
    public static final int ROUNDS = 256;

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
    public BarrierBenchmark() {
    }

    /** Starts the job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        job = BenchJob.start(provider, threads, JobSpec.collective(Collective.BARRIER, 0, ranks, ROUNDS));
    }

    /** {@value #ROUNDS} barriers. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void barrier() {
        job.batch();
    }

    /** Stops the job (not timed). */
    @TearDown(Level.Trial)
    public void stop() {
        job.close();
    }
}
