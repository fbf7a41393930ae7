package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ErrorsTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ErrorsTck} on the {@code sim} provider. */
class SimErrorsTckTest extends ErrorsTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
