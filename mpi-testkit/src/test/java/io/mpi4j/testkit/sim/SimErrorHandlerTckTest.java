package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ErrorHandlerTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ErrorHandlerTck} on the {@code sim} provider with its shared-memory collectives. */
class SimErrorHandlerTckTest extends ErrorHandlerTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
