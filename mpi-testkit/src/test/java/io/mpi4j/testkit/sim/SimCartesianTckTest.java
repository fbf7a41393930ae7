package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CartesianTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CartesianTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCartesianTckTest extends CartesianTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
