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
 * Point-to-point ping-pong between the two ranks of a job ({@code provider}) (MPI-4.1 §3.4, MPI_Send and
 * MPI_Recv): rank 0 sends {@code size} bytes and receives them back. The score is the time of one
 * half round trip; bandwidth is {@code size / score}. This class has the bandwidth sizes, 64 KiB
 * to 16 MiB; {@link PingPongBenchmark} the latency sizes. One invocation is {@value #ROUNDS} round
 * trips run by rank 0 ({@link BenchJob}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class PingPongBandwidthBenchmark {
    /** Round trips per invocation. */
    public static final int ROUNDS = 16;

    /** The message size in bytes. */
    @Param({"65536", "1048576", "4194304", "16777216"})
    public int size;

    /** The memory the message is sent from and received into. */
    @Param({"BYTES", "DOUBLES", "DIRECT", "SEGMENT"})
    public BufferKind kind;

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
    public PingPongBandwidthBenchmark() {
    }

    /** Starts the two-rank job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        job = BenchJob.start(provider, threads, JobSpec.pingPong(size, kind, ROUNDS));
    }

    /** {@value #ROUNDS} round trips, each two operations: the score is half a round trip. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void pingPong() {
        job.batch();
    }

    /** Stops the job (not timed). */
    @TearDown(Level.Trial)
    public void stop() {
        job.close();
    }
}
