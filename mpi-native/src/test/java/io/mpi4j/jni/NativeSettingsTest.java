package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider's system properties are checked before MPI starts: a value a property does not take
 * fails {@code Mpi.init} with ERR_ARG naming the property (not a class initialization error at the
 * first call that reads it, nor an exception after MPI_Init).
 */
class NativeSettingsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mpi4j.native.downcalls", "mpi4j.native.pinHeapArrays", "mpi4j.native.wait",
        "mpi4j.native.closingGraceMillis"})
    void aBadValueIsAnMpiExceptionNamingTheProperty(String property) {
        String before = System.getProperty(property);
        System.setProperty(property, "sometimes");
        try {
            MpiException e = assertThrows(MpiException.class, NativeSettings::check);
            assertEquals(ErrorClass.ERR_ARG, e.errorClass());
            assertTrue(e.getMessage().contains("-D" + property + "=sometimes"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void theDefaultsAndTheDocumentedValuesPass() {
        NativeSettings.check();
        String before = System.getProperty("mpi4j.native.wait");
        System.setProperty("mpi4j.native.wait", "Poll");
        try {
            NativeSettings.check();
        } finally {
            if (before == null) {
                System.clearProperty("mpi4j.native.wait");
            } else {
                System.setProperty("mpi4j.native.wait", before);
            }
        }
    }
}
