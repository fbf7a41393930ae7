package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ScanTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ScanTck} on the {@code sim} provider with its shared-memory collectives. */
class SimScanTckTest extends ScanTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
