package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CancelTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CancelTck} on the {@code sim} provider. */
class SimCancelTckTest extends CancelTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
