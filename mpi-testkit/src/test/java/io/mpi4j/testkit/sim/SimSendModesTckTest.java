package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.SendModesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link SendModesTck} on the {@code sim} provider. */
class SimSendModesTckTest extends SendModesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
