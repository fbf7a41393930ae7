package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.AttributesAndInfoTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link AttributesAndInfoTck} on the {@code shm} provider, in jobs started by {@link ShmLauncher}. */
@ExtendWith(CaseCapture.class)
class ShmAttributesAndInfoTckTest extends AttributesAndInfoTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
