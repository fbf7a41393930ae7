package io.mpi4j.testkit.sim;

import io.mpi4j.sim.CollectiveAlgorithms;
import io.mpi4j.testkit.tck.DerivedCollectivesPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DerivedCollectivesPropertiesTck} on the {@code sim} provider with the SPI's point-to-point collective algorithms. */
class SimP2pDerivedCollectivesPropertiesTckTest extends DerivedCollectivesPropertiesTck {
    private final TckRunner runner = new SimTckRunner(CollectiveAlgorithms.POINT_TO_POINT);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
