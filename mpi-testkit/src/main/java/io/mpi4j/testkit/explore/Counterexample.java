package io.mpi4j.testkit.explore;

import io.mpi4j.sim.Schedule;
import java.util.Objects;

/**
 * A schedule under which the explored program failed, and how it failed.
 *
 * @param schedule the schedule that replays the failure: the seed of a seeded run, or the exact
 *     choices of an enumerated one
 * @param failure what the run threw
 * @param run the run's number in the exploration, from 1
 */
public record Counterexample(Schedule schedule, Throwable failure, int run) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if the schedule or the failure is {@code null}
     */
    public Counterexample {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Describes the counterexample: the schedule, how to replay it, and the failure's first line.
     *
     * @return the description
     */
    public String describe() {
        String annotation = schedule instanceof Schedule.Seeded s ? " or @MpiTest(seed = " + s.seed() + "L)" : "";
        String first = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return "run " + run + " under schedule " + schedule + " failed with " + failure.getClass().getSimpleName() + ": " + first
                + "\nreplay it with Sim.builder()" + schedule.replayCall() + annotation;
    }
}
