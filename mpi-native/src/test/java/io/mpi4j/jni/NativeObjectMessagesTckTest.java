package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.ObjectMessagesTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link ObjectMessagesTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeObjectMessagesTckTest extends ObjectMessagesTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
