package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which packaged library a process loads: the one matching its launcher, or the one asked for. */
class NativeLibraryTest {
    private static final List<String> BOTH = List.of("openmpi", "mpich");

    @Test
    void openMpiLaunchPicksOpenMpi() {
        assertEquals(BOTH, NativeLibrary.order(List.of("mpich", "openmpi"),
                Map.of("OMPI_COMM_WORLD_SIZE", "4", "PMIX_RANK", "0")::get, null));
    }

    @Test
    void hydraLaunchPicksMpich() {
        assertEquals(List.of("mpich", "openmpi"), NativeLibrary.order(BOTH,
                Map.of("PMI_RANK", "0", "PMI_FD", "6", "MPI_LOCALRANKID", "0")::get, null));
    }

    @Test
    void noLauncherKeepsTheDefaultFirst() {
        assertEquals(BOTH, NativeLibrary.order(BOTH, Map.<String, String>of()::get, null));
        assertEquals(List.of("mpich"), NativeLibrary.order(List.of("mpich"), Map.of("OMPI_COMM_WORLD_SIZE", "2")::get, null));
    }

    @Test
    void explicitChoiceWinsAndMustBePackaged() {
        assertEquals(List.of("mpich"), NativeLibrary.order(BOTH, Map.of("OMPI_COMM_WORLD_SIZE", "2")::get, " MPICH "));
        MpiException e = assertThrows(MpiException.class,
                () -> NativeLibrary.order(List.of("openmpi"), Map.<String, String>of()::get, "mpich"));
        assertEquals(ErrorClass.ERR_OTHER, e.errorClass());
        assertTrue(e.getMessage().contains("carries openmpi"), e.getMessage());
    }
}
