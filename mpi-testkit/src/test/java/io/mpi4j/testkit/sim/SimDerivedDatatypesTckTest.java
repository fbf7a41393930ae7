package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.DerivedDatatypesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DerivedDatatypesTck} on the {@code sim} provider. */
class SimDerivedDatatypesTckTest extends DerivedDatatypesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
