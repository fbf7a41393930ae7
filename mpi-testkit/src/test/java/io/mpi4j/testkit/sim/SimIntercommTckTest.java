package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.IntercommTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link IntercommTck} on the {@code sim} provider with its shared-memory collectives. */
class SimIntercommTckTest extends IntercommTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
