package io.mpi4j.testkit.explore;

import java.util.Optional;

/**
 * What an exploration found.
 *
 * @param runs how many runs it made
 * @param complete whether the runs covered every schedule of the program (an enumeration that
 *     finished within its budget); {@code false} for sampled seeds
 * @param counterexample the first failing run, if any
 */
public record Exploration(int runs, boolean complete, Optional<Counterexample> counterexample) {
    /**
     * Tells whether no run failed.
     *
     * @return {@code true} if every run passed
     */
    public boolean passed() {
        return counterexample.isEmpty();
    }

    /**
     * Fails if a run failed: the error names the schedule and how to replay it, and its cause is
     * the run's failure.
     *
     * @return this exploration, if every run passed
     * @throws AssertionError describing the counterexample
     */
    public Exploration orThrow() {
        if (counterexample.isPresent()) {
            Counterexample c = counterexample.get();
            throw new AssertionError("exploration of " + runs + (runs == 1 ? " run" : " runs") + " found a failing schedule: "
                    + c.describe(), c.failure());
        }
        return this;
    }
}
