package io.mpi4j.testkit.explore;

import io.mpi4j.sim.Schedule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * jqwik arbitraries of deterministic schedules, so that a property ranges over interleavings and
 * wildcard matchings as it ranges over data. jqwik reports the falsifying seed with the sample.
 *
 * {@snippet :
 * @Property(tries = 200)
 * void gatherNeverDeadlocks(@ForAll("seeds") long seed, @ForAll @IntRange(min = 2, max = 6) int ranks) {
 *     Sim.builder().ranks(ranks).deterministic(seed).build().exec(MyProgram::gather);
 * }
 *
 * @Provide
 * Arbitrary<Long> seeds() {
 *     return ScheduleArbitraries.seeds();
 * }
 * }
 */
public final class ScheduleArbitraries {
    private ScheduleArbitraries() {
    }

    /**
     * Seeds of deterministic schedules: any {@code long}; shrinking moves toward 0, which changes
     * the schedule as much as any other seed, so a shrunk sample is as good as the original.
     *
     * @return the arbitrary
     */
    public static Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /**
     * Seeded schedules.
     *
     * @return the arbitrary
     */
    public static Arbitrary<Schedule> schedules() {
        return seeds().map(Schedule::seeded);
    }
}
