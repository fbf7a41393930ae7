package io.mpi4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The environment an MPI process was launched in: environment variables and system properties.
 *
 * <p>Providers read it in {@link MpiProvider#detect} (for example {@code OMPI_COMM_WORLD_SIZE} for
 * {@code mpiexec}). Tests construct it directly.
 *
 * @param variables the environment variables
 * @param properties the system properties, as strings
 */
public record LaunchEnvironment(Map<String, String> variables, Map<String, String> properties) {

    /**
     * Copies the maps.
     *
     * @throws NullPointerException if a map is {@code null}
     */
    public LaunchEnvironment {
        variables = Map.copyOf(variables);
        properties = Map.copyOf(properties);
    }

    /**
     * Captures the environment of the running JVM.
     *
     * @return the current environment variables and system properties
     */
    public static LaunchEnvironment current() {
        Properties p = System.getProperties();
        Map<String, String> props = new java.util.HashMap<>();
        for (String name : p.stringPropertyNames()) {
            String v = p.getProperty(name);
            if (v != null) {
                props.put(name, v);
            }
        }
        return new LaunchEnvironment(System.getenv(), props);
    }

    /**
     * Returns an environment variable.
     *
     * @param name the variable's name
     * @return its value, if set
     */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(Objects.requireNonNull(name)));
    }

    /**
     * Returns a system property.
     *
     * @param name the property's name
     * @return its value, if set
     */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(Objects.requireNonNull(name)));
    }
}
