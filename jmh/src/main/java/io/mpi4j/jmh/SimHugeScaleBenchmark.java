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
 * Opt-in: {@code sim} barrier and 8-byte allreduce on 100 000 ranks (virtual threads) in a 4 GB heap
 * (DESIGN §8). Not in the default run (it takes minutes and gigabytes); run it with
 * {@code bench/run-benchmarks.sh --huge}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class SimHugeScaleBenchmark {
    /** Calls per invocation. */
    public static final int ROUNDS = 1;

    /** The collective: {@code BARRIER} or {@code ALLREDUCE} (8 bytes). */
    @Param({"BARRIER", "ALLREDUCE"})
    public Collective op;

    /**
     * The number of ranks; not called {@code ranks} so that {@code -p ranks=...} on the command line
     * selects only the small jobs of the other benchmarks.
     */
    @Param({"100000"})
    public int simRanks;

    private SimJob job;

    /** Creates the benchmark state; JMH calls it. */
    public SimHugeScaleBenchmark() {
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
