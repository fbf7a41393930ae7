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

    /** The longest failure message shown whole; a longer one is cut to this many lines. */
    private static final int MESSAGE_LINES = 20;

    /**
     * Describes the counterexample: the schedule, the failure (its first lines), and how to replay
     * it. A failure of a {@code sim} job, or a leak found by an exploration of one, names the call
     * that replays it with the world size and buffering of the run; otherwise the schedule's own
     * call is given, to which the program's world size must be added.
     *
     * @return the description
     */
    public String describe() {
        java.util.List<String> lines = String.valueOf(failure.getMessage()).lines().toList();
        boolean replayed = lines.stream().anyMatch(l -> l.contains("replay it with "));
        String shown = String.join("\n", lines.subList(0, Math.min(lines.size(), MESSAGE_LINES)))
                + (lines.size() > MESSAGE_LINES ? "\n  ... (" + (lines.size() - MESSAGE_LINES) + " more lines)" : "");
        String replay = "";
        if (!replayed) {
            String annotation = schedule instanceof Schedule.Seeded s ? " or @MpiTest(ranks = ..., seed = " + s.seed() + "L)" : "";
            replay = "\nreplay it with Sim.builder().ranks(...)" + schedule.replayCall() + annotation;
        }
        return "run " + run + " under schedule " + schedule + " failed with " + failure.getClass().getSimpleName() + ": " + shown + replay;
    }
}
