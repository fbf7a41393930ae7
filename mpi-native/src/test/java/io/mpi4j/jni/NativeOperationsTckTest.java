package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.OperationsTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link OperationsTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeOperationsTckTest extends OperationsTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
