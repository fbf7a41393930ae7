package io.mpi4j;

import io.mpi4j.spi.MpiProvider;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to initialize MPI: the provider, the thread level, the object codec and provider settings.
 *
 * {@snippet :
 * try (Mpi mpi = Mpi.init(MpiOptions.builder()
 *         .args(args)
 *         .threadLevel(ThreadLevel.FUNNELED)
 *         .provider("sim")
 *         .build())) {
 *     // ...
 * }
 * }
 *
 * @param args the program arguments (MPI_Init's argv), possibly empty
 * @param threadLevel the thread level requested
 * @param providerName the provider requested by name; empty to select it from the environment
 * @param provider a provider instance to use directly (embedding, tests); takes precedence over
 *     {@code providerName}
 * @param codec the object codec
 * @param properties provider-specific settings, such as {@code mpi4j.sim.buffering}
 * @param resourceTracker an observer of the requests and communicators created and released, for
 *     leak checks; empty for none
 */
public record MpiOptions(List<String> args, ThreadLevel threadLevel, Optional<String> providerName,
                         Optional<MpiProvider> provider, ObjectCodec codec, Map<String, String> properties,
                         Optional<io.mpi4j.spi.ResourceTracker> resourceTracker) {

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public MpiOptions {
        args = List.copyOf(args);
        Objects.requireNonNull(threadLevel, "threadLevel");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(codec, "codec");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(resourceTracker, "resourceTracker");
    }

    /**
     * The options of {@link Mpi#init(String...)}: the given arguments, everything else default.
     *
     * @param args the program arguments
     * @return the options
     */
    public static MpiOptions of(String... args) {
        return builder().args(args).build();
    }

    /**
     * Returns a builder with the defaults: no arguments, {@link ThreadLevel#MULTIPLE} requested (as
     * mpi4py does), provider selected from the environment, {@link JavaSerializationCodec}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MpiOptions}. */
    public static final class Builder {
        private List<String> args = List.of();
        private ThreadLevel threadLevel = ThreadLevel.MULTIPLE;
        private String providerName;
        private MpiProvider provider;
        private ObjectCodec codec;
        private final java.util.HashMap<String, String> properties = new java.util.HashMap<>();
        private io.mpi4j.spi.ResourceTracker resourceTracker;

        private Builder() {
        }

        /**
         * Sets the program arguments. Default: none.
         *
         * @param args the arguments
         * @return this builder
         */
        public Builder args(String... args) {
            this.args = List.of(args);
            return this;
        }

        /**
         * Sets the thread level requested. Default: {@link ThreadLevel#MULTIPLE}. A provider may
         * give more ({@link Mpi#threadLevel()} says what it gave); {@code native} gives exactly
         * the level asked for, and below MULTIPLE runs MPI without its internal locks, which makes
         * each message cheaper (its README section "Thread levels").
         *
         * @param level the level
         * @return this builder
         */
        public Builder threadLevel(ThreadLevel level) {
            this.threadLevel = Objects.requireNonNull(level);
            return this;
        }

        /**
         * Requests a provider by name ({@code "sim"}, {@code "shm"}, {@code "native"}). Default: the
         * {@code mpi4j.provider} system property, else the {@code MPI4J_PROVIDER} environment
         * variable, else detection from the launch environment.
         *
         * @param name the provider's name
         * @return this builder
         */
        public Builder provider(String name) {
            this.providerName = Objects.requireNonNull(name);
            return this;
        }

        /**
         * Uses a provider instance directly, bypassing discovery (for embedding and tests).
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(MpiProvider provider) {
            this.provider = Objects.requireNonNull(provider);
            return this;
        }

        /**
         * Sets the codec of object messages. Default: a {@link JavaSerializationCodec}.
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(ObjectCodec codec) {
            this.codec = Objects.requireNonNull(codec);
            return this;
        }

        /**
         * Sets a provider-specific property, overriding the system property of the same name.
         *
         * @param name the property's name
         * @param value its value
         * @return this builder
         */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Sets an observer of the requests and communicators this process creates and releases (for
         * leak checks such as the testkit's). Default: none.
         *
         * @param tracker the observer
         * @return this builder
         */
        public Builder resourceTracker(io.mpi4j.spi.ResourceTracker tracker) {
            this.resourceTracker = Objects.requireNonNull(tracker);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public MpiOptions build() {
            return new MpiOptions(args, threadLevel, Optional.ofNullable(providerName), Optional.ofNullable(provider),
                    codec != null ? codec : new JavaSerializationCodec(), properties, Optional.ofNullable(resourceTracker));
        }
    }
}
