package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.FloodTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link FloodTck} on the {@code sim} provider. */
class SimFloodTckTest extends FloodTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
