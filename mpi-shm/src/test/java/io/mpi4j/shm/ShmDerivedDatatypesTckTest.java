package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.launch.TryCapture;
import io.mpi4j.testkit.tck.DerivedDatatypesTck;
import io.mpi4j.testkit.tck.TckRunner;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs {@link DerivedDatatypesTck} on the {@code shm} provider, in jobs started by
 * {@link ShmLauncher}, its jqwik properties too (each try replayed in the rank JVMs,
 * {@link TryCapture}).
 */
@ExtendWith(CaseCapture.class)
@AddLifecycleHook(TryCapture.class)
class ShmDerivedDatatypesTckTest extends DerivedDatatypesTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
