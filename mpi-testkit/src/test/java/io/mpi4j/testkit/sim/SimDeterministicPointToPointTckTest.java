package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.PointToPointTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link PointToPointTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicPointToPointTckTest extends PointToPointTck {
    private final TckRunner runner = SimTckRunner.deterministic(12);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
