package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.DeadlockAndAbortTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DeadlockAndAbortTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicDeadlockAndAbortTckTest extends DeadlockAndAbortTck {
    private final TckRunner runner = SimTckRunner.deterministic(16);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
