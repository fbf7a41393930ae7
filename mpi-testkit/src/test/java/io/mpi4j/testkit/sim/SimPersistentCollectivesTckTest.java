package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.PersistentCollectivesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link PersistentCollectivesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimPersistentCollectivesTckTest extends PersistentCollectivesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
