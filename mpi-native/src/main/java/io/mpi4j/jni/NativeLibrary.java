package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Loads the C glue packaged in the jar under {@code META-INF/native/<os>-<arch>/}: one library per
 * MPI family the build found ({@code libmpi4jni-openmpi.so}, {@code libmpi4jni-mpich.so}, listed in
 * {@code libmpi4jni.list} with the default MPI's first), so that one jar runs under Open MPI's
 * {@code mpirun} and MPICH's {@code mpiexec}. The library is copied to a private temporary file,
 * loaded with {@link System#load} and the file deleted at once (the mapping stays), so users never
 * set {@code java.library.path} and no file is left behind.
 *
 * <p>Which family: {@code -Dmpi4j.native.mpi} or {@code MPI4J_NATIVE_MPI} ({@code openmpi} or
 * {@code mpich}) when set; otherwise the launcher's variables ({@code OMPI_COMM_WORLD_SIZE}: Open
 * MPI; Hydra's {@code PMI_FD}, {@code PMI_PORT} or {@code MPI_LOCALRANKID}: MPICH); otherwise the
 * packaged order, the next one being tried when a library's MPI is not installed. The family must
 * match the launcher: an MPI library started by another family's launcher runs as a singleton.
 */
final class NativeLibrary {
    /** What to install, for every message that says the provider cannot run. */
    static final String INSTALL = "install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) "
            + "or MPICH (apt-get install mpich libmpich-dev)";

    /** The system property that chooses the MPI family; the environment variable is {@link #FAMILY_VARIABLE}. */
    static final String FAMILY_PROPERTY = "mpi4j.native.mpi";

    /** The environment variable that chooses the MPI family, below {@link #FAMILY_PROPERTY}. */
    static final String FAMILY_VARIABLE = "MPI4J_NATIVE_MPI";

    private static final Object LOCK = new Object();
    private static volatile String failure;
    private static volatile boolean loaded;
    private static volatile String family;

    private NativeLibrary() {
    }

    /** The resource folder of the libraries for this platform. */
    static String folder() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                : System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replace(' ', '_');
        return "META-INF/native/" + os + "-" + arch + "/";
    }

    /** The resource path of the library of one MPI family. */
    static String resource(String family) {
        return folder() + "libmpi4jni-" + family + ".so";
    }

    /** The families whose libraries the jar carries, the default MPI's first (empty if none). */
    static List<String> packaged() {
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(folder() + "libmpi4jni.list")) {
            if (in == null) {
                return List.of();
            }
            List<String> families = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String f = line.strip().split("\\s+")[0];
                if (!f.isEmpty() && NativeLibrary.class.getClassLoader().getResource(resource(f)) != null) {
                    families.add(f);
                }
            }
            return List.copyOf(families);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Tells whether the jar carries a library for this platform (it was built with an MPI compiler). */
    static boolean isPackaged() {
        return !packaged().isEmpty();
    }

    /**
     * The families to try, in order: the chosen one alone, or the launcher's first.
     *
     * @param packaged the families the jar carries, default first
     * @param env the process environment
     * @param choice the family asked for ({@link #FAMILY_PROPERTY} or {@link #FAMILY_VARIABLE}), or {@code null}
     * @return the order to try them in
     * @throws MpiException ({@code ERR_OTHER}) if {@code choice} names a family the jar does not carry
     */
    static List<String> order(List<String> packaged, Function<String, String> env, String choice) {
        if (choice != null && !choice.isBlank()) {
            String c = choice.strip().toLowerCase(Locale.ROOT);
            if (!packaged.contains(c)) {
                throw new MpiException(ErrorClass.ERR_OTHER, "the native provider was asked for MPI family '" + choice
                        + "' (" + FAMILY_PROPERTY + " / " + FAMILY_VARIABLE + ") but this jar carries "
                        + (packaged.isEmpty() ? "no library" : String.join(", ", packaged))
                        + "; use one of those, or rebuild mpi-native on a machine with that MPI installed");
            }
            return List.of(c);
        }
        String launcher = null;
        if (env.apply("OMPI_COMM_WORLD_SIZE") != null) {
            launcher = "openmpi";
        } else if (env.apply("PMI_FD") != null || env.apply("PMI_PORT") != null || env.apply("MPI_LOCALRANKID") != null) {
            launcher = "mpich";
        }
        List<String> order = new ArrayList<>(packaged);
        if (launcher != null && order.remove(launcher)) {
            order.addFirst(launcher);
        }
        return List.copyOf(order);
    }

    /** The family of the library that was loaded, or {@code null} before {@link #load}. */
    static String family() {
        return family;
    }

    /**
     * Loads the library once.
     *
     * @throws MpiException ({@code ERR_OTHER}) saying what to install when no library is packaged
     *     or none can be loaded
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

    private static String tryLoad() {
        List<String> packaged = packaged();
        if (packaged.isEmpty()) {
            return "the native provider is unavailable: this mpi-native jar has no " + folder() + "libmpi4jni-*.so"
                    + " (it was built without an MPI C compiler, or for another platform); " + INSTALL
                    + ", then rebuild mpi-native (MPICC selects the compiler)";
        }
        String choice = System.getProperty(FAMILY_PROPERTY, System.getenv(FAMILY_VARIABLE));
        StringBuilder why = new StringBuilder();
        for (String f : order(packaged, System::getenv, choice)) {
            String error = tryLoad(f);
            if (error == null) {
                family = f;
                return null;
            }
            why.append(why.isEmpty() ? "" : "; ").append(error);
        }
        return "the native provider could not load its library: " + why + ". The MPI runtime it was built against is"
                + " missing or different: " + INSTALL;
    }

    @SuppressWarnings("restricted") // System.load: the point of this class
    private static String tryLoad(String f) {
        String res = resource(f);
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                return res + " is missing";
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
            return "could not extract " + res + ": " + e;
        } catch (UnsatisfiedLinkError e) {
            return f + ": " + e.getMessage();
        }
    }
}
