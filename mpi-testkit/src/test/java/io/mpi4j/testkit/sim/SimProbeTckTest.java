package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ProbeTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ProbeTck} on the {@code sim} provider. */
class SimProbeTckTest extends ProbeTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
