package io.mpi4j.shm;

import io.mpi4j.testkit.launch.TryCapture;
import io.mpi4j.testkit.tck.DerivedCollectivesPropertiesTck;
import io.mpi4j.testkit.tck.TckRunner;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Runs the jqwik properties of {@link DerivedCollectivesPropertiesTck} on the {@code shm} provider: each try is
 * replayed with its generated arguments in the rank JVMs of a job of its world size ({@link TryCapture}).
 */
@AddLifecycleHook(TryCapture.class)
class ShmDerivedCollectivesPropertiesTckTest extends DerivedCollectivesPropertiesTck {
    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }
}
