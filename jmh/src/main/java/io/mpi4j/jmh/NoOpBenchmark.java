package io.mpi4j.jmh;

import io.mpi4j.sim.ThreadKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The harness's own cost per JMH invocation, on a two-rank job whose step does nothing:
 * on sim the hand-off from the benchmark thread to rank 0 and back, on shm and native none (rank 0
 * is the JMH thread), and on every provider {@link Lockstep}'s control broadcast. Every other
 * benchmark pays it once per invocation, divided by its rounds per invocation; the report prints it
 * so that the bias can be judged.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class NoOpBenchmark {
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
    public NoOpBenchmark() {
    }

    /** Starts the two-rank job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        job = BenchJob.start(provider, threads, JobSpec.noOp());
    }

    /** One invocation: hand-off, control broadcast, an empty round, hand-back. */
    @Benchmark
    public void invocation() {
        job.batch();
    }

    /** Stops the job (not timed). */
    @TearDown(Level.Trial)
    public void stop() {
        job.close();
    }
}
