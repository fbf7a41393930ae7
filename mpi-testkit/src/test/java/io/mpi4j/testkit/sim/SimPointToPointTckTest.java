package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.PointToPointTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link PointToPointTck} on the {@code sim} provider. */
class SimPointToPointTckTest extends PointToPointTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
