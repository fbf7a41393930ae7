package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CollectivePropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CollectivePropertiesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCollectivePropertiesTckTest extends CollectivePropertiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
