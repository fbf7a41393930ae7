package io.mpi4j.testkit.tck;

import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.Sim;
import io.mpi4j.sim.ThreadKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The TCK runner of the {@code sim} provider: every job is a {@link Sim} job in this JVM, one
 * thread per rank.
 *
 * <p>It has every {@link Capability}: {@code sim} sets the buffering per job, detects deadlocks,
 * propagates aborts, checks ready sends and cancels unmatched sends.
 */
public final class SimTckRunner implements TckRunner {
    private final ThreadKind threads;

    /** A runner whose ranks are virtual threads, the {@code sim} default. */
    public SimTckRunner() {
        this(ThreadKind.VIRTUAL);
    }

    /**
     * A runner whose ranks are threads of the given kind.
     *
     * @param threads virtual or platform threads
     */
    public SimTckRunner(ThreadKind threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    @Override
    public <T> List<T> run(int ranks, TckOptions options, RankBody<T> body) {
        Sim sim = Sim.builder()
                .ranks(ranks)
                .threads(threads)
                .buffering(toSim(options.buffering()))
                .timeout(options.timeout())
                .name("tck")
                .build();
        return sim.run(body::run);
    }

    private static Buffering toSim(TckBuffering buffering) {
        return switch (buffering) {
            case TckBuffering.ProviderDefault _ -> Buffering.eager();
            case TckBuffering.Infinite _ -> Buffering.infinite();
            case TckBuffering.Zero _ -> Buffering.zero();
            case TckBuffering.Eager e -> Buffering.eager(e.limit());
        };
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public String name() {
        return "sim(" + threads.name().toLowerCase(java.util.Locale.ROOT) + " threads)";
    }

    @Override
    public String toString() {
        return name();
    }
}
