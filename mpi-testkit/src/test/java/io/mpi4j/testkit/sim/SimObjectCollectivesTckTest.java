package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ObjectCollectivesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ObjectCollectivesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimObjectCollectivesTckTest extends ObjectCollectivesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
