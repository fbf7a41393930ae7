package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.GroupsTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link GroupsTck} on the {@code sim} provider with its shared-memory collectives. */
class SimGroupsTckTest extends GroupsTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
