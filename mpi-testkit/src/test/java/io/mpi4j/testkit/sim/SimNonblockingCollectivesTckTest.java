package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.NonblockingCollectivesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link NonblockingCollectivesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimNonblockingCollectivesTckTest extends NonblockingCollectivesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
