package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CancelTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CancelTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicCancelTckTest extends CancelTck {
    private final TckRunner runner = SimTckRunner.deterministic(6);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
