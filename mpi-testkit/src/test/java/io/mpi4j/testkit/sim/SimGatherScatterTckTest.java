package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.GatherScatterTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link GatherScatterTck} on the {@code sim} provider with its shared-memory collectives. */
class SimGatherScatterTckTest extends GatherScatterTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
