package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.ErrorHandlerTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link ErrorHandlerTck} on the {@code shm} provider, in jobs started by {@link ShmLauncher}. */
@ExtendWith(CaseCapture.class)
class ShmErrorHandlerTckTest extends ErrorHandlerTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
