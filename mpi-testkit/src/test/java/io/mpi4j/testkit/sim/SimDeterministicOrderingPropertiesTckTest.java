package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.OrderingPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link OrderingPropertiesTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicOrderingPropertiesTckTest extends OrderingPropertiesTck {
    private final TckRunner runner = SimTckRunner.deterministic(18);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
