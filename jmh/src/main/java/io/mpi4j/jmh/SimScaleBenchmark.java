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
 * {@code sim} at scale: barrier and 8-byte allreduce on 1 024 ranks, each a virtual thread. No C
 * figure: 1 024 processes do not fit a small machine. For 100 000 ranks see
 * {@link SimHugeScaleBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class SimScaleBenchmark {
    /** Calls per invocation. */
    public static final int ROUNDS = 16;

    /** The collective: {@code BARRIER} or {@code ALLREDUCE} (8 bytes). */
    @Param({"BARRIER", "ALLREDUCE"})
    public Collective op;

    /**
     * The number of ranks; not called {@code ranks} so that {@code -p ranks=...} on the command line
     * selects only the small jobs of the other benchmarks.
     */
    @Param({"1024"})
    public int simRanks;

    private SimJob job;

    /** Creates the benchmark state; JMH calls it. */
    public SimScaleBenchmark() {
    }

    /** Starts the job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        Collective c = op;
        job = SimJob.start(simRanks, ThreadKind.VIRTUAL, ROUNDS, (world, arena) -> c.step(world, 8));
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
