package io.mpi4j;

import io.mpi4j.spi.LaunchEnvironment;
import io.mpi4j.spi.MpiProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Chooses the provider for {@link Mpi#init(MpiOptions)} as DESIGN §5 specifies. */
final class ProviderResolver {
    /** The property that names a provider explicitly. */
    static final String PROPERTY = "mpi4j.provider";
    /** The environment variable that names a provider explicitly. */
    static final String VARIABLE = "MPI4J_PROVIDER";
    /** The provider used when nothing else is asked for or detected. */
    static final String DEFAULT = "sim";

    private static final Map<String, String> ARTIFACTS = Map.of(
            "sim", "io.mpi4j:mpi-sim",
            "shm", "io.mpi4j:mpi-shm",
            "native", "io.mpi4j:mpi-native");

    private ProviderResolver() {
    }

    static MpiProvider resolve(MpiOptions options, LaunchEnvironment env) {
        if (options.provider().isPresent()) {
            return options.provider().get();
        }
        List<MpiProvider> available = load();
        for (MpiProvider p : available) {
            if (p.claimsCurrentThread()) {
                return p;
            }
        }
        String explicit = options.providerName()
                .or(() -> env.property(PROPERTY))
                .or(() -> env.variable(VARIABLE))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse(null);
        if (explicit != null) {
            return byName(available, explicit, "requested with " + PROPERTY + "/" + VARIABLE);
        }
        MpiProvider detected = available.stream()
                .sorted(Comparator.comparingInt(MpiProvider::priority).reversed())
                .filter(p -> p.detect(env))
                .findFirst()
                .orElse(null);
        if (detected != null) {
            return detected;
        }
        String launcher = launchedByMpiexec(env);
        if (launcher != null) {
            // Without this check every process of an mpiexec job would silently become rank 0 of a
            // world of its own.
            throw new MpiException(ErrorClass.ERR_OTHER, "this process was started by an MPI launcher (" + launcher
                    + ") but no provider on the class path can join that job: add io.mpi4j:mpi-native to the class path"
                    + " or module path, or set -D" + PROPERTY + "=sim to run each process as a separate single-rank world");
        }
        return byName(available, DEFAULT, "the default when no launcher is detected");
    }

    /** Describes the variables of a multi-process MPI launch, or returns {@code null} if there are none. */
    static String launchedByMpiexec(LaunchEnvironment env) {
        for (String size : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS"}) {
            String v = env.variable(size).orElse(null);
            if (v != null && isGreaterThanOne(v) && (!size.equals("SLURM_NTASKS") || env.variable("SLURM_PROCID").isPresent()
                    && env.variable("PMI_RANK").or(() -> env.variable("PMIX_RANK")).isPresent())) {
                return size + "=" + v;
            }
        }
        return null;
    }

    private static boolean isGreaterThanOne(String v) {
        try {
            return Integer.parseInt(v.trim()) > 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<MpiProvider> load() {
        List<MpiProvider> found = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ServiceLoader<MpiProvider> loader = context != null
                ? ServiceLoader.load(MpiProvider.class, context)
                : ServiceLoader.load(MpiProvider.class);
        for (MpiProvider p : loader) {
            if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                found.add(p);
            }
        }
        return found;
    }

    private static MpiProvider byName(List<MpiProvider> available, String name, String why) {
        for (MpiProvider p : available) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        String artifact = ARTIFACTS.getOrDefault(name, "the jar that provides it");
        List<String> names = available.stream().map(MpiProvider::name).toList();
        throw new MpiException(ErrorClass.ERR_OTHER, "mpi4j provider '" + name + "' (" + why + ") is not available: add "
                + artifact + " to the class path or module path"
                + (names.isEmpty() ? "; no provider was found at all" : "; found: " + String.join(", ", names)));
    }
}
