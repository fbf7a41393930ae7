package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CommunicatorCreationTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CommunicatorCreationTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCommunicatorCreationTckTest extends CommunicatorCreationTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
