package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.ProcNullTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link ProcNullTck} on the {@code sim} provider in its deterministic mode (one rank at a time, choices from a seed). */
class SimDeterministicProcNullTckTest extends ProcNullTck {
    private final TckRunner runner = SimTckRunner.deterministic(8);

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
