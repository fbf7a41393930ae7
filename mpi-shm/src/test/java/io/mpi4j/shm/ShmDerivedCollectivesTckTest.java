package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.DerivedCollectivesTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link DerivedCollectivesTck} on the {@code shm} provider, in jobs started by {@link ShmLauncher}. */
@ExtendWith(CaseCapture.class)
class ShmDerivedCollectivesTckTest extends DerivedCollectivesTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
