package io.mpi4j.jmh;

import java.util.Locale;

/**
 * What every rank of a benchmark job needs to build its {@link Step}: the kind of benchmark, its
 * size and variant, the number of ranks it runs on and the rounds of one batch. A {@code sim} job
 * builds all its ranks' steps from it in one JVM; in a process job ({@code shm}, {@code native})
 * rank 0 broadcasts it {@linkplain #encode() encoded} before each trial and every other process
 * builds the same step from it ({@link ProcessJob}, {@link ProcessBench}).
 *
 * {@snippet :
 * JobSpec spec = JobSpec.collective(Collective.ALLREDUCE, 8, 4, 256);
 * JobSpec same = JobSpec.decode(spec.encode());   // what a serving process receives
 * }
 *
 * @param kind the kind of benchmark
 * @param size the message size in bytes (per rank, per peer for alltoall; ignored by barrier and
 *     objects)
 * @param variant the {@link BufferKind} of a ping-pong, the object ({@code record} or
 *     {@code 1MiB}) of an object ping-pong, the {@link Collective} of a collective, empty for no-op
 * @param ranks the number of ranks the benchmark runs on
 * @param rounds the rounds of one batch ({@link Lockstep})
 */
public record JobSpec(Kind kind, int size, String variant, int ranks, int rounds) {
    /** The kinds of benchmark a job can run. */
    public enum Kind {
        /** A ping-pong of {@code size} bytes of a {@link BufferKind} between ranks 0 and 1. */
        PINGPONG,
        /** A ping-pong of an object between ranks 0 and 1 ({@link ObjectPingPongBenchmark}). */
        OBJECT,
        /** A call of a {@link Collective} on every rank. */
        COLLECTIVE,
        /** A step that does nothing: the harness's own cost ({@link NoOpBenchmark}). */
        NOOP
    }

    /**
     * Checks the spec.
     *
     * @throws IllegalArgumentException if {@code ranks} or {@code rounds} is below 1, {@code size}
     *     is negative, a point-to-point kind has other than 2 ranks, or the variant is unknown
     */
    public JobSpec {
        if (ranks < 1 || rounds < 1 || size < 0) {
            throw new IllegalArgumentException("invalid job spec ranks=" + ranks + " rounds=" + rounds + " size=" + size
                    + "; use ranks >= 1, rounds >= 1, size >= 0");
        }
        if ((kind == Kind.PINGPONG || kind == Kind.OBJECT || kind == Kind.NOOP) && ranks != 2) {
            throw new IllegalArgumentException("invalid job spec kind=" + kind + " ranks=" + ranks + "; it runs on 2 ranks");
        }
        switch (kind) {
            case PINGPONG -> BufferKind.valueOf(variant);
            case COLLECTIVE -> Collective.valueOf(variant);
            case OBJECT -> ObjectPingPongBenchmark.object(variant);
            case NOOP -> { }
        }
    }

    /**
     * A ping-pong of {@code size} bytes between the two ranks.
     *
     * @param size the message size in bytes
     * @param memory the memory sent from and received into
     * @param rounds round trips per batch
     * @return the spec
     */
    public static JobSpec pingPong(int size, BufferKind memory, int rounds) {
        return new JobSpec(Kind.PINGPONG, size, memory.name(), 2, rounds);
    }

    /**
     * A ping-pong of an object between the two ranks.
     *
     * @param object {@code record} or {@code 1MiB}
     * @param rounds round trips per batch
     * @return the spec
     */
    public static JobSpec object(String object, int rounds) {
        return new JobSpec(Kind.OBJECT, 0, object, 2, rounds);
    }

    /**
     * A collective on {@code ranks} ranks.
     *
     * @param op the collective
     * @param size bytes per rank (per peer for alltoall)
     * @param ranks the number of ranks
     * @param rounds calls per batch
     * @return the spec
     */
    public static JobSpec collective(Collective op, int size, int ranks, int rounds) {
        return new JobSpec(Kind.COLLECTIVE, size, op.name(), ranks, rounds);
    }

    /**
     * The empty step on two ranks, one round per batch.
     *
     * @return the spec
     */
    public static JobSpec noOp() {
        return new JobSpec(Kind.NOOP, 0, "", 2, 1);
    }

    /**
     * Returns the factory of every rank's step for this spec.
     *
     * @return the step factory
     */
    public StepFactory steps() {
        return switch (kind) {
            case PINGPONG -> PingPongBenchmark.roundTrip(size, BufferKind.valueOf(variant));
            case OBJECT -> ObjectPingPongBenchmark.roundTrip(ObjectPingPongBenchmark.object(variant));
            case COLLECTIVE -> {
                Collective op = Collective.valueOf(variant);
                int bytes = size;
                yield (world, arena) -> op.step(world, bytes);
            }
            case NOOP -> (world, arena) -> () -> { };
        };
    }

    /**
     * Returns the spec as one line of text, which {@link #decode} reads back.
     *
     * @return for example {@code COLLECTIVE 8 ALLREDUCE 4 256}
     */
    public String encode() {
        return kind + " " + size + " " + (variant.isEmpty() ? "-" : variant) + " " + ranks + " " + rounds;
    }

    /**
     * Reads a spec written by {@link #encode()}.
     *
     * @param text the encoded spec
     * @return the spec
     * @throws IllegalArgumentException if {@code text} is not an encoded spec
     */
    public static JobSpec decode(String text) {
        String[] f = text.trim().split(" ");
        if (f.length != 5) {
            throw new IllegalArgumentException("invalid job spec text='" + text + "'; expected 'KIND SIZE VARIANT RANKS ROUNDS'");
        }
        try {
            return new JobSpec(Kind.valueOf(f[0].toUpperCase(Locale.ROOT)), Integer.parseInt(f[1]), f[2].equals("-") ? "" : f[2],
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid job spec text='" + text + "'; SIZE, RANKS and ROUNDS are integers", e);
        }
    }
}
