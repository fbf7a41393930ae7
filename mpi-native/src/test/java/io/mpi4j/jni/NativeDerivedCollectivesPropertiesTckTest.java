package io.mpi4j.jni;

import io.mpi4j.testkit.launch.TryCapture;
import io.mpi4j.testkit.tck.DerivedCollectivesPropertiesTck;
import io.mpi4j.testkit.tck.TckRunner;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Runs the jqwik properties of {@link DerivedCollectivesPropertiesTck} on the {@code native} provider: each try is
 * replayed with its generated arguments in the processes of an mpirun job of its world size
 * ({@link TryCapture}).
 */
@AddLifecycleHook(NativeTck.class)
@AddLifecycleHook(TryCapture.class)
class NativeDerivedCollectivesPropertiesTckTest extends DerivedCollectivesPropertiesTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
