package io.mpi4j.jmh;

import io.mpi4j.sim.ThreadKind;
import java.io.Serializable;
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
 * Ping-pong of objects with {@code sendObject}/{@code recvObject} between the two ranks of a
 * job ({@code provider}), through the job's codec (Java serialization by default): a small record, and a
 * 1 MiB object (a {@code double[]} of 131 072 elements). The score is one half round trip, including
 * encoding and decoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class ObjectPingPongBenchmark {
    /** Round trips per invocation. */
    public static final int ROUNDS = 64;

    /**
     * A small record: a particle, as a simulation would send it.
     *
     * @param id the particle's id
     * @param x the x coordinate
     * @param y the y coordinate
     * @param z the z coordinate
     */
    public record Particle(long id, double x, double y, double z) implements Serializable {
    }

    /** The object: {@code record} (a {@link Particle}) or {@code 1MiB} (a {@code double[]}). */
    @Param({"record", "1MiB"})
    public String object;

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
    public ObjectPingPongBenchmark() {
    }

    /** Starts the two-rank job (not timed). */
    @Setup(Level.Trial)
    public void start() {
        job = BenchJob.start(provider, threads, JobSpec.object(object, ROUNDS));
    }

    /**
     * Returns the object a benchmark sends.
     *
     * @param name {@code record} or {@code 1MiB}
     * @return a {@link Particle}, or a {@code double[]} of 1 MiB
     * @throws IllegalArgumentException if {@code name} is neither
     */
    static Object object(String name) {
        return switch (name) {
            case "record" -> new Particle(42, 1.0, 2.0, 3.0);
            case "1MiB" -> new double[(1 << 20) / Double.BYTES];
            default -> throw new IllegalArgumentException("unknown object=" + name + "; use record or 1MiB");
        };
    }

    /** One round trip of {@code value} per step: rank 0 sends and receives it back, rank 1 returns it. */
    static StepFactory roundTrip(Object value) {
        return (world, arena) -> {
            if (world.rank() == 0) {
                return () -> {
                    world.sendObject(value, 1, 0);
                    Object back = world.recvObject(1, 0);
                    if (back == null) {
                        throw new AssertionError("no reply");
                    }
                };
            }
            return () -> world.sendObject(world.recvObject(0, 0), 0, 0);
        };
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
