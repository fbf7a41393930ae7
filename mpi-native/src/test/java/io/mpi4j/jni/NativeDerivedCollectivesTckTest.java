package io.mpi4j.jni;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.DerivedCollectivesTck;
import io.mpi4j.testkit.tck.TckRunner;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@link DerivedCollectivesTck} on the {@code native} provider under mpirun. The
 * intercommunicator and neighbourhood cases need communicator constructors (split, Cartesian
 * topologies), which native does not map to MPI yet: they are listed here, disabled, with that reason.
 */
@ExtendWith({NativeTck.class, CaseCapture.class})
class NativeDerivedCollectivesTckTest extends DerivedCollectivesTck {
    @Override
    protected TckRunner runner() {
        return NativeTck.RUNNER;
    }

    @Override
    @ParameterizedTest
    @ValueSource(ints = 2)
    @Disabled("native has no communicator constructors yet (split, createIntercomm): issue #6")
    public void intercommunicatorCollectivesTakeDerivedTypes(int ranks) {
    }

    @Override
    @ParameterizedTest
    @ValueSource(ints = 2)
    @Disabled("native has no communicator constructors yet (createCart): issue #6")
    public void neighbourhoodCollectivesTakeDerivedTypes(int ranks) {
    }
}
