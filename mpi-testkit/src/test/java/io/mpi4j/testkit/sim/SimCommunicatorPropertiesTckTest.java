package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CommunicatorPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CommunicatorPropertiesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCommunicatorPropertiesTckTest extends CommunicatorPropertiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
