package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.GraphTopologiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link GraphTopologiesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimGraphTopologiesTckTest extends GraphTopologiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
