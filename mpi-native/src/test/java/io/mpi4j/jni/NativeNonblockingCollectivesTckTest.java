package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.NonblockingCollectivesTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link NonblockingCollectivesTck} on the {@code native} provider under mpirun. */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeNonblockingCollectivesTckTest extends NonblockingCollectivesTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
