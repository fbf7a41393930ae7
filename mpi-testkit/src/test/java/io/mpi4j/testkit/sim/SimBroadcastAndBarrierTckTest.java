package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.BroadcastAndBarrierTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link BroadcastAndBarrierTck} on the {@code sim} provider with its shared-memory collectives. */
class SimBroadcastAndBarrierTckTest extends BroadcastAndBarrierTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
