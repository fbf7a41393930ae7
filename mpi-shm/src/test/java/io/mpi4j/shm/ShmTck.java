package io.mpi4j.shm;

import io.mpi4j.testkit.launch.MpirunTckRunner;
import io.mpi4j.testkit.tck.TckRunner;
import java.util.Set;

/**
 * The runner of the shm TCK classes: the testkit's mpirun runner, with {@code MPIRUN} pointing at
 * {@code src/test/sh/shmrun} (set by this module's surefire configuration), an mpirun-compatible
 * front of {@link ShmLauncher}. Each world size gets one long-lived job of TCK workers.
 */
final class ShmTck {
    /** The runner every shm TCK class returns; no capability beyond the portable core. */
    static final TckRunner RUNNER = new MpirunTckRunner("shm", Set.of());

    private ShmTck() {
    }
}
