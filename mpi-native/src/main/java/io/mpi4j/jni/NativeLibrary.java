package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the C glue packaged in the jar under {@code META-INF/native/<os>-<arch>/}: it is copied to
 * a private temporary file, loaded with {@link System#load} and the file deleted at once (the
 * mapping stays), so users never set {@code java.library.path} and no file is left behind.
 */
final class NativeLibrary {
    /** What to install, for every message that says the provider cannot run. */
    static final String INSTALL = "install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) "
            + "or MPICH (apt-get install mpich libmpich-dev)";

    private static final Object LOCK = new Object();
    private static volatile String failure;
    private static volatile boolean loaded;

    private NativeLibrary() {
    }

    /** The resource path of the library for this platform. */
    static String resource() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                : System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replace(' ', '_');
        return "META-INF/native/" + os + "-" + arch + "/libmpi4jni.so";
    }

    /** Tells whether the jar carries a library for this platform (it was built with an MPI compiler). */
    static boolean isPackaged() {
        return NativeLibrary.class.getClassLoader().getResource(resource()) != null;
    }

    /**
     * Loads the library once.
     *
     * @throws MpiException ({@code ERR_OTHER}) saying what to install when the library is absent
     *     or cannot be loaded
     */
    static void load() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure == null) {
                failure = tryLoad();
                loaded = failure == null;
            }
            if (!loaded) {
                throw new MpiException(ErrorClass.ERR_OTHER, failure);
            }
        }
    }

    @SuppressWarnings("restricted") // System.load: the point of this class
    private static String tryLoad() {
        String res = resource();
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                return "the native provider is unavailable: this mpi-native jar has no " + res
                        + " (it was built without an MPI C compiler, or for another platform); " + INSTALL
                        + ", then rebuild mpi-native (MPICC selects the compiler)";
            }
            Path tmp = Files.createTempFile("mpi4jni-", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(tmp);
            }
            return null;
        } catch (IOException e) {
            return "the native provider could not extract " + res + ": " + e;
        } catch (UnsatisfiedLinkError e) {
            return "the native provider could not load its library (" + e.getMessage() + "); the MPI runtime it was"
                    + " built against is missing or different: " + INSTALL;
        }
    }
}
