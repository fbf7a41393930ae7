package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.IntercommVectorTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link IntercommVectorTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeIntercommVectorTckTest extends IntercommVectorTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
