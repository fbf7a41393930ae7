package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.RequestFamiliesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link RequestFamiliesTck} on the {@code sim} provider. */
class SimRequestFamiliesTckTest extends RequestFamiliesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
