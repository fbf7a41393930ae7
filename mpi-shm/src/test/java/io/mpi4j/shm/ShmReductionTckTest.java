package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.ReductionTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link ReductionTck} on the {@code shm} provider (the SPI's default collectives), in jobs started by {@link ShmLauncher}. */
@ExtendWith(CaseCapture.class)
class ShmReductionTckTest extends ReductionTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
