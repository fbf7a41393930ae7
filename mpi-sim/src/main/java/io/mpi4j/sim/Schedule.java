package io.mpi4j.sim;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The choices of a deterministic {@code sim} job: where they come from, so that a run can be
 * repeated exactly.
 *
 * <p>In a deterministic job ({@link Sim.Builder#schedule(Schedule)}), one rank runs at a time.
 * Every time the running rank makes an MPI call that can interact with another rank (a send, a
 * receive, a probe, a collective, a {@code test} that fails) or blocks, the next rank to run is
 * chosen among the ranks that can run; and every time a receive or probe with {@code ANY_SOURCE}
 * finds messages from several senders, the one it matches is chosen among the first message of
 * each sender (non-overtaking is kept per sender). The same schedule with the same program gives
 * the same run: the same interleaving of MPI calls and the same matching, so a failure replays.
 *
 * <ul>
 *   <li>{@link Seeded}: the choices come from a pseudo-random generator with a seed. Exploring
 *       many seeds samples many interleavings and matchings.</li>
 *   <li>{@link Replay}: a list of choices, then the first alternative of every later choice.
 *       Enumerating these lists walks every run of a small program one by one.</li>
 * </ul>
 *
 * {@snippet :
 * Sim.builder().ranks(3).deterministic(42).build().exec(world -> { ... });
 * }
 */
public sealed interface Schedule {
    /**
     * A schedule whose choices come from a seeded pseudo-random generator.
     *
     * @param seed the seed
     * @return the schedule
     */
    static Schedule seeded(long seed) {
        return new Seeded(seed);
    }

    /**
     * A schedule that makes the given choices, in order, and then always the first alternative.
     *
     * @param choices each choice's alternative, counted from 0
     * @return the schedule
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if a choice is negative
     */
    static Schedule replay(int... choices) {
        return new Replay(java.util.Arrays.stream(choices).boxed().toList(), true);
    }

    /**
     * A non-preemptive schedule that makes the given choices, in order, and then always the first
     * alternative: the running rank keeps running until it blocks, finishes or polls a request in
     * vain, so the only choices are which rank runs then and which sender a wildcard receive
     * matches. The runs of a program form a much smaller tree, which enumerations walk.
     *
     * @param choices each choice's alternative, counted from 0
     * @return the schedule
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if a choice is negative
     */
    static Schedule replayBlocking(int... choices) {
        return new Replay(java.util.Arrays.stream(choices).boxed().toList(), false);
    }

    /**
     * Tells how to replay this schedule in Java code, for failure messages.
     *
     * @return a builder call, such as {@code ".deterministic(42)"}
     */
    String replayCall();

    /**
     * Choices from a pseudo-random generator seeded with {@code seed}.
     *
     * @param seed the seed
     */
    record Seeded(long seed) implements Schedule {
        @Override
        public String replayCall() {
            return ".deterministic(" + seed + "L)";
        }

        @Override
        public String toString() {
            return "seed=" + seed;
        }
    }

    /**
     * The given choices, then the first alternative of every later choice. A choice beyond the
     * alternatives of its point (the program changed since the list was made) takes the last one.
     *
     * @param choices each choice's alternative, counted from 0
     * @param preemptive whether the running rank may lose the token at every interacting MPI
     *     call, or only when it blocks, finishes or polls in vain
     */
    record Replay(List<Integer> choices, boolean preemptive) implements Schedule {
        /**
         * Copies and validates the choices.
         *
         * @throws MpiException with {@link ErrorClass#ERR_ARG} if a choice is negative
         */
        public Replay {
            choices = List.copyOf(choices);
            for (int c : choices) {
                if (c < 0) {
                    throw new MpiException(ErrorClass.ERR_ARG, "invalid choice=" + c + " in a replayed schedule; choices count from 0");
                }
            }
        }

        @Override
        public String replayCall() {
            return ".schedule(Schedule." + (preemptive ? "replay(" : "replayBlocking(") + choices.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "))";
        }

        @Override
        public String toString() {
            return (preemptive ? "choices=" : "blocking choices=") + choices;
        }
    }
}
