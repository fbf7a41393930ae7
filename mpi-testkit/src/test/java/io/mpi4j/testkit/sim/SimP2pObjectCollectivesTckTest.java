package io.mpi4j.testkit.sim;

import io.mpi4j.sim.CollectiveAlgorithms;
import io.mpi4j.testkit.tck.ObjectCollectivesTck;
import io.mpi4j.testkit.tck.SimTckRunner;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@link ObjectCollectivesTck} on the {@code sim} provider with the SPI's point-to-point collective algorithms. */
class SimP2pObjectCollectivesTckTest extends ObjectCollectivesTck {
    private static final String REASON = "expected to be fixed: POINT_TO_POINT nonblocking/persistent collectives on sim hang or fail with a false DeadlockException (no wait-for cycle) nondeterministically; see the testkit report reproducer Repro2 (iallreduce().await() twice on 2 ranks)";

    private final TckRunner runner = new SimTckRunner(CollectiveAlgorithms.POINT_TO_POINT);

    @Override
    protected TckRunner runner() {
        return runner;
    }

    @Override
    @Disabled(REASON)
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7, 16})
    public void nonblockingObjectCollectives(int ranks) {
        super.nonblockingObjectCollectives(ranks);
    }
}

