package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ProbeTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ProbeTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicProbeTckTest extends ProbeTck {
    private final TckRunner runner = SimTckRunner.deterministic(5);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
