package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.DeadlockAndAbortTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link DeadlockAndAbortTck} on the {@code sim} provider. */
class SimDeadlockAndAbortTckTest extends DeadlockAndAbortTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
