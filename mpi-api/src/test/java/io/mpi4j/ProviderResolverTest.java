package io.mpi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.spi.LaunchEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderResolverTest {
    private static LaunchEnvironment env(Map<String, String> vars, Map<String, String> props) {
        return new LaunchEnvironment(vars, props);
    }

    @Test
    void explicitProviderThatIsAbsentNamesTheArtifact() {
        MpiException e = assertThrows(MpiException.class,
                () -> ProviderResolver.resolve(MpiOptions.builder().provider("shm").build(), env(Map.of(), Map.of())));
        assertEquals(ErrorClass.ERR_OTHER, e.errorClass());
        assertTrue(e.getMessage().contains("io.mpi4j:mpi-shm"), e.getMessage());
    }

    @Test
    void systemPropertyAndVariableSelectTheProvider() {
        MpiException byProperty = assertThrows(MpiException.class,
                () -> ProviderResolver.resolve(MpiOptions.of(), env(Map.of(), Map.of("mpi4j.provider", "native"))));
        assertTrue(byProperty.getMessage().contains("io.mpi4j:mpi-native"), byProperty.getMessage());
        MpiException byVariable = assertThrows(MpiException.class,
                () -> ProviderResolver.resolve(MpiOptions.of(), env(Map.of("MPI4J_PROVIDER", "shm"), Map.of())));
        assertTrue(byVariable.getMessage().contains("io.mpi4j:mpi-shm"), byVariable.getMessage());
    }

    @Test
    void mpiexecWithoutANativeProviderIsAnErrorNotASingletonWorld() {
        MpiException e = assertThrows(MpiException.class,
                () -> ProviderResolver.resolve(MpiOptions.of(), env(Map.of("OMPI_COMM_WORLD_SIZE", "4"), Map.of())));
        assertTrue(e.getMessage().contains("OMPI_COMM_WORLD_SIZE=4"), e.getMessage());
        assertTrue(e.getMessage().contains("io.mpi4j:mpi-native"), e.getMessage());
    }

    @Test
    void launcherDetection() {
        assertNull(ProviderResolver.launchedByMpiexec(env(Map.of("OMPI_COMM_WORLD_SIZE", "1"), Map.of())));
        assertNull(ProviderResolver.launchedByMpiexec(env(Map.of("SLURM_NTASKS", "8"), Map.of())));
        assertEquals("PMI_SIZE=3", ProviderResolver.launchedByMpiexec(env(Map.of("PMI_SIZE", "3"), Map.of())));
    }
}
