package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ReductionTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ReductionTck} on the {@code sim} provider with its shared-memory collectives. */
class SimReductionTckTest extends ReductionTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
