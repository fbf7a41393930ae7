package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CollectiveContextTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CollectiveContextTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCollectiveContextTckTest extends CollectiveContextTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
