package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CollectiveErrorsTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CollectiveErrorsTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCollectiveErrorsTckTest extends CollectiveErrorsTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
