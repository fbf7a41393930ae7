package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CollectiveMismatchTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CollectiveMismatchTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCollectiveMismatchTckTest extends CollectiveMismatchTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
