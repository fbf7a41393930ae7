package io.mpi4j.testkit.sim;

import io.mpi4j.testkit.tck.BufferKindsTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;

/** Runs {@link BufferKindsTck} on the {@code sim} provider. */
class SimBufferKindsTckTest extends BufferKindsTck {
    private final TckRunner runner = new SimTckRunner();

    @Override
    protected TckRunner runner() {
        return runner;
    }
}
