package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.OperationsTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link OperationsTck} on the {@code sim} provider with its shared-memory collectives. */
class SimOperationsTckTest extends OperationsTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
