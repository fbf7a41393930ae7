package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ProcNullTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ProcNullTck} on the {@code sim} provider. */
class SimProcNullTckTest extends ProcNullTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
