package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.CommunicatorCreationTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link CommunicatorCreationTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicCommunicatorCreationTckTest extends CommunicatorCreationTck {
    private final TckRunner runner = SimTckRunner.deterministic(20);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
