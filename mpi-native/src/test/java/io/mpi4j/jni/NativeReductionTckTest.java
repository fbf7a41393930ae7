package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.ReductionTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link ReductionTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeReductionTckTest extends ReductionTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
