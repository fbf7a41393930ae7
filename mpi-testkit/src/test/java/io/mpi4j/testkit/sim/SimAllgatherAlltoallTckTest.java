package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.AllgatherAlltoallTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link AllgatherAlltoallTck} on the {@code sim} provider with its shared-memory collectives. */
class SimAllgatherAlltoallTckTest extends AllgatherAlltoallTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
