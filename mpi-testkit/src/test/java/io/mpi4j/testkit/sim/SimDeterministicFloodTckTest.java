package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.FloodTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link FloodTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicFloodTckTest extends FloodTck {
    private final TckRunner runner = SimTckRunner.deterministic(5);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
