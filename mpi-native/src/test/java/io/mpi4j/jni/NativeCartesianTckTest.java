package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.CartesianTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link CartesianTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeCartesianTckTest extends CartesianTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
