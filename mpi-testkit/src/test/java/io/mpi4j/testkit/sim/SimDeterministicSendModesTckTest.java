package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.SendModesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link SendModesTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicSendModesTckTest extends SendModesTck {
    private final TckRunner runner = SimTckRunner.deterministic(9);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
