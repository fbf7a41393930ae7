package io.mpi4j.spi;

import io.mpi4j.MpiOptions;

/**
 * A provider of MPI processes: the service that {@link io.mpi4j.Mpi#init(MpiOptions)} finds with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Selection (DESIGN §5): a provider that {@linkplain #claimsCurrentThread() claims the calling
 * thread} as one of its ranks; else an explicit provider name ({@code -Dmpi4j.provider}, the
 * {@code MPI4J_PROVIDER} environment variable or {@link MpiOptions.Builder#provider(String)}); else
 * the first provider whose {@link #detect} recognises the launch environment (highest
 * {@link #priority()} first); else a singleton world on {@code sim}.
 *
 * @implSpec Implementations need a public no-argument constructor and must be cheap to construct:
 *     expensive set-up belongs in {@link #init}.
 */
public interface MpiProvider {
    /**
     * Returns the provider's name, as used with {@code -Dmpi4j.provider}.
     *
     * @return a short lower-case name such as {@code "sim"}
     */
    String name();

    /**
     * Tells whether the current process or thread was launched for this provider, for example by
     * environment variables that {@code mpiexec} sets.
     *
     * @param environment the launch environment of the calling thread
     * @return {@code true} if this provider should serve an {@code init} without an explicit choice
     */
    boolean detect(LaunchEnvironment environment);

    /**
     * Tells whether the calling thread was started by this provider as one of its ranks (the
     * {@code sim} provider runs ranks as threads). Such a thread belongs to this provider whatever
     * provider is configured, so this is consulted before the explicit choice.
     *
     * @return {@code true} if {@code init} on this thread must be served by this provider; the
     *     default is {@code false}
     */
    default boolean claimsCurrentThread() {
        return false;
    }

    /**
     * Returns the order in which {@link #detect} is consulted; higher first.
     *
     * @return the priority; the default is 0
     */
    default int priority() {
        return 0;
    }

    /**
     * Initializes one MPI process (MPI_Init_thread).
     *
     * @param options the options given to {@code Mpi.init}
     * @param environment the launch environment of the calling thread
     * @return the open session
     * @throws io.mpi4j.MpiException if the provider cannot run here, with a message saying what to
     *     install or configure
     */
    ProviderSession init(MpiOptions options, LaunchEnvironment environment);
}
