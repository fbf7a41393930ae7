package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.AttributesAndInfoTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link AttributesAndInfoTck} on the {@code sim} provider with its shared-memory collectives. */
class SimAttributesAndInfoTckTest extends AttributesAndInfoTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
