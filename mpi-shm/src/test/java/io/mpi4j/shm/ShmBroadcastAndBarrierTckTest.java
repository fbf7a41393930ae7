package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.BroadcastAndBarrierTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link BroadcastAndBarrierTck} on the {@code shm} provider (the SPI's default collectives), in jobs started by {@link ShmLauncher}. */
@ExtendWith(CaseCapture.class)
class ShmBroadcastAndBarrierTckTest extends BroadcastAndBarrierTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
