package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CartesianNeighborTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CartesianNeighborTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCartesianNeighborTckTest extends CartesianNeighborTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
