package io.mpi4j.sim.engine;

/**
 * The source of every choice a deterministic {@code sim} job makes: which rank runs next, and which
 * message a wildcard receive or probe matches. Called by one rank's thread at a time (the one
 * holding the scheduler's token), so implementations need no synchronization.
 *
 * <p>This interface is internal to the provider (its package is not exported).
 */
public interface Chooser {
    /**
     * Chooses one of {@code options} alternatives.
     *
     * @param options the number of alternatives, at least 2
     * @return the chosen alternative, in {@code [0, options)}
     */
    int choose(int options);

    /**
     * Whether the running rank may lose the token at every interacting MPI call. If not, it runs
     * until it blocks, finishes or polls a request in vain: far fewer runs to enumerate, and still
     * every wildcard matching, since a blocked receiver chooses among all queued senders (the
     * approach of ISP's POE, which runs each process up to its next blocking call).
     *
     * @return {@code true} by default
     */
    default boolean preemptive() {
        return true;
    }
}
