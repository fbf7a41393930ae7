package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ObjectMessagesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ObjectMessagesTck} on the {@code sim} provider. */
class SimObjectMessagesTckTest extends ObjectMessagesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
