package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.PersistentRequestTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link PersistentRequestTck} on the {@code sim} provider. */
class SimPersistentRequestTckTest extends PersistentRequestTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
