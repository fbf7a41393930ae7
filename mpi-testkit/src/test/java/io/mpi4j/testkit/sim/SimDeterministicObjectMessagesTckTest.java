package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ObjectMessagesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ObjectMessagesTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicObjectMessagesTckTest extends ObjectMessagesTck {
    private final TckRunner runner = SimTckRunner.deterministic(14);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
