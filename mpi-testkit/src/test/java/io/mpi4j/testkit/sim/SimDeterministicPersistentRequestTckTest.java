package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.PersistentRequestTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link PersistentRequestTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicPersistentRequestTckTest extends PersistentRequestTck {
    private final TckRunner runner = SimTckRunner.deterministic(17);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
