package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.AbstractTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the native provider's own tests that run rank bodies in mpirun jobs, as the TCK does
 * ({@link NativeTck#RUNNER}): skipped where no MPI is installed, each case replayed by name in the
 * job's processes.
 */
@ExtendWith({NativeTck.class, CaseCapture.class})
abstract class NativeJobTest extends AbstractTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }
}
