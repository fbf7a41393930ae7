package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CommunicatorLifecycleTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CommunicatorLifecycleTck} on the {@code sim} provider with its shared-memory collectives. */
class SimCommunicatorLifecycleTckTest extends CommunicatorLifecycleTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
