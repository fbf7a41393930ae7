package io.mpi4j.testkit.tck;

import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.CollectiveAlgorithms;
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
 * <p>With its default {@link CollectiveAlgorithms#SHARED_MEMORY} collectives it has every
 * {@link Capability}: {@code sim} sets the buffering per job, detects deadlocks, propagates aborts,
 * checks ready sends, cancels unmatched sends and checks that the ranks' collective calls match.
 * With {@link CollectiveAlgorithms#POINT_TO_POINT} collectives (the provider-neutral algorithms of
 * the SPI) it lacks {@link Capability#COLLECTIVE_MISMATCH_CHECK}, which only the shared-memory
 * rendezvous performs.
 */
public final class SimTckRunner implements TckRunner {
    private final ThreadKind threads;
    private final CollectiveAlgorithms collectives;
    /** The schedule of every job for a deterministic runner; {@code null} for the concurrent mode. */
    private final io.mpi4j.sim.Schedule schedule;

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
        this(threads, CollectiveAlgorithms.SHARED_MEMORY);
    }

    /**
     * A runner whose ranks are virtual threads and whose collectives run with the given algorithms.
     *
     * @param collectives shared-memory collectives (the default) or the point-to-point algorithms
     */
    public SimTckRunner(CollectiveAlgorithms collectives) {
        this(ThreadKind.VIRTUAL, collectives);
    }

    /**
     * A runner whose ranks are threads of the given kind and whose collectives run with the given
     * algorithms.
     *
     * @param threads virtual or platform threads
     * @param collectives shared-memory collectives or the point-to-point algorithms
     */
    public SimTckRunner(ThreadKind threads, CollectiveAlgorithms collectives) {
        this(threads, collectives, null);
    }

    private SimTckRunner(ThreadKind threads, CollectiveAlgorithms collectives, io.mpi4j.sim.Schedule schedule) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.collectives = Objects.requireNonNull(collectives, "collectives");
        this.schedule = schedule;
    }

    /**
     * A runner whose jobs are deterministic with the given seed (one rank at a time, every choice
     * from the seed; see {@link io.mpi4j.sim.Schedule}): the TCK then checks that the
     * deterministic mode keeps every MPI semantic.
     *
     * @param seed the seed of every job
     * @return the runner
     */
    public static SimTckRunner deterministic(long seed) {
        return new SimTckRunner(ThreadKind.VIRTUAL, CollectiveAlgorithms.SHARED_MEMORY, io.mpi4j.sim.Schedule.seeded(seed));
    }

    @Override
    public <T> List<T> run(int ranks, TckOptions options, RankBody<T> body) {
        Sim sim = Sim.builder()
                .ranks(ranks)
                .threads(threads)
                .collectives(collectives)
                .buffering(toSim(options.buffering()))
                .timeout(options.timeout())
                .name("tck")
                .schedule(schedule)
                // the TCK's correct programs must never trip the send-buffer check (no false alarms)
                .checkBuffers(true)
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
        EnumSet<Capability> all = EnumSet.allOf(Capability.class);
        if (collectives != CollectiveAlgorithms.SHARED_MEMORY) {
            all.remove(Capability.COLLECTIVE_MISMATCH_CHECK);
        }
        return all;
    }

    @Override
    public String name() {
        String t = threads.name().toLowerCase(java.util.Locale.ROOT) + " threads" + (schedule == null ? "" : ", deterministic " + schedule);
        return collectives == CollectiveAlgorithms.SHARED_MEMORY ? "sim(" + t + ")"
                : "sim(" + t + ", " + collectives.name().toLowerCase(java.util.Locale.ROOT) + " collectives)";
    }

    @Override
    public String toString() {
        return name();
    }
}
