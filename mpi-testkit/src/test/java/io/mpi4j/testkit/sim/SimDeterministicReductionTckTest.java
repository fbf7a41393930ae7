package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ReductionTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ReductionTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicReductionTckTest extends ReductionTck {
    private final TckRunner runner = SimTckRunner.deterministic(9);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
