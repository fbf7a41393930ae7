package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.util.List;
import java.util.Locale;

/**
 * The provider's system properties and how their values read: {@code -Dmpi4j.native.downcalls},
 * {@code -Dmpi4j.native.pinHeapArrays}, {@code -Dmpi4j.native.wait} ({@link WaitPolicy}) and
 * {@code -Dmpi4j.native.closingGraceMillis} ({@link ClosingWatch}). No
 * state of its own, so that {@link #check} can read them all before MPI starts without
 * initializing the classes that keep their values.
 */
final class NativeSettings {
    static final String DOWNCALLS = "mpi4j.native.downcalls";
    static final String PIN_HEAP_ARRAYS = "mpi4j.native.pinHeapArrays";
    static final String CLOSING_GRACE = "mpi4j.native.closingGraceMillis";

    private NativeSettings() {
    }

    /**
     * Reads {@code -Dmpi4j.native.downcalls}.
     *
     * @param setting {@code true} or {@code false}
     * @return the setting
     * @throws IllegalArgumentException for another value
     */
    static boolean downcalls(String setting) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("-D" + DOWNCALLS + "=" + setting + " is not true or false");
        };
    }

    /**
     * Reads {@code -Dmpi4j.native.pinHeapArrays}: whether blocking calls read and write heap arrays in place.
     *
     * @param setting {@code auto}, {@code true} or {@code false}
     * @param collectors the names of the JVM's garbage collectors
     * @return for {@code auto}, whether the collector is G1 (which pins regions for JNI critical access)
     * @throws IllegalArgumentException for another setting
     */
    static boolean pinHeapArrays(String setting, List<String> collectors) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> collectors.stream().anyMatch(n -> n.startsWith("G1 "));
            default -> throw new IllegalArgumentException("-D" + PIN_HEAP_ARRAYS + "=" + setting
                    + " is not true, false or auto");
        };
    }

    /**
     * Reads {@code -Dmpi4j.native.closingGraceMillis}: how long a wait on a rank that has closed MPI
     * is tolerated before it is reported ({@link ClosingWatch}).
     *
     * @param setting a positive number of milliseconds, or {@code null} for the default, 5000
     * @return the milliseconds
     * @throws IllegalArgumentException for another value
     */
    static long closingGraceMillis(String setting) {
        if (setting == null) {
            return 5_000;
        }
        try {
            long ms = Long.parseLong(setting.strip());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-D" + CLOSING_GRACE + "=" + setting + " is not a positive number of milliseconds");
    }

    /**
     * Checks every setting before MPI starts, so that a bad value fails {@code Mpi.init} with an
     * MpiException naming it, rather than a class initialization at the first call that reads it
     * (or an exception after MPI_Init, with MPI left initialized).
     *
     * @throws MpiException {@link ErrorClass#ERR_ARG} for a value a property does not take
     */
    static void check() {
        try {
            downcalls(System.getProperty(DOWNCALLS, "true"));
            pinHeapArrays(System.getProperty(PIN_HEAP_ARRAYS, "auto"), List.of());
            WaitPolicy.choose(System.getProperty(WaitPolicy.PROPERTY), 1, 1, false);
            closingGraceMillis(System.getProperty(CLOSING_GRACE));
        } catch (IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "native: " + e.getMessage());
        }
    }
}
