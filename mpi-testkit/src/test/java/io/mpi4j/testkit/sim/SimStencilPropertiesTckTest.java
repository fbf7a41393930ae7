package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.StencilPropertiesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link StencilPropertiesTck} on the {@code sim} provider with its shared-memory collectives. */
class SimStencilPropertiesTckTest extends StencilPropertiesTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
