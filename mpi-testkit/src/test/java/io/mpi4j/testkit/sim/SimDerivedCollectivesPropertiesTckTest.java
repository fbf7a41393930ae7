package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.DerivedCollectivesPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DerivedCollectivesPropertiesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimDerivedCollectivesPropertiesTckTest extends DerivedCollectivesPropertiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
