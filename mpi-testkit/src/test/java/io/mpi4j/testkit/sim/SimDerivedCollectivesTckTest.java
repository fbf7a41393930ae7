package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.DerivedCollectivesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DerivedCollectivesTck} on the {@code sim} provider. */
class SimDerivedCollectivesTckTest extends DerivedCollectivesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
