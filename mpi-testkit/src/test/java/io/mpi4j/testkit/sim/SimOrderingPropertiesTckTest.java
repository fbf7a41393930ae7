package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.OrderingPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link OrderingPropertiesTck} on the {@code sim} provider. */
class SimOrderingPropertiesTckTest extends OrderingPropertiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
