package io.mpi4j.sim;

import io.mpi4j.sim.engine.Chooser;
import java.util.List;
import java.util.SplittableRandom;

/** Turns a {@link Schedule} into the engine's {@link Chooser}: one fresh chooser per run. */
final class Choices {
    private Choices() {
    }

    /**
     * Returns the chooser of one run.
     *
     * @param schedule the schedule; {@code null} for the concurrent mode
     * @param observer sees every choice; may be {@code null}
     * @return a chooser, or {@code null} for the concurrent mode
     */
    static Chooser of(Schedule schedule, ScheduleObserver observer) {
        if (schedule == null) {
            return null;
        }
        Chooser base = switch (schedule) {
            case Schedule.Seeded s -> seeded(s.seed());
            case Schedule.Replay r -> replay(r.choices(), r.preemptive());
        };
        return observer == null ? base : new Chooser() {
            @Override
            public int choose(int options) {
                int c = base.choose(options);
                observer.chose(c, options);
                return c;
            }

            @Override
            public boolean preemptive() {
                return base.preemptive();
            }
        };
    }

    private static Chooser seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextInt;
    }

    private static Chooser replay(List<Integer> choices, boolean preemptive) {
        return new Chooser() {
            private int next; // the token serializes every call: no atomics needed

            @Override
            public int choose(int options) {
                return next < choices.size() ? Math.min(choices.get(next++), options - 1) : 0;
            }

            @Override
            public boolean preemptive() {
                return preemptive;
            }
        };
    }
}
