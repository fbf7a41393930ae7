package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.launch.TryCapture;
import io.mpi4j.testkit.tck.DerivedDatatypesTck;
import io.mpi4j.testkit.tck.TckRunner;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs {@link DerivedDatatypesTck} on the {@code native} provider under mpirun, its jqwik properties
 * too (each try replayed in the job's processes, {@link TryCapture}).
 */
@ExtendWith({NativeTck.class, CaseCapture.class})
@AddLifecycleHook(NativeTck.class)
@AddLifecycleHook(TryCapture.class)
class NativeDerivedDatatypesTckTest extends DerivedDatatypesTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
