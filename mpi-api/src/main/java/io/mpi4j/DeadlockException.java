package io.mpi4j;

/**
 * Raised in every blocked rank when a provider proves that no rank can make progress any more.
 *
 * <p>The {@code sim} provider raises it when every live rank is blocked in an MPI call that no other
 * rank can complete. The message is the {@linkplain #report() report}: one line per rank naming the
 * pending call (for example {@code rank 1 blocked in recv(source=0, tag=42, comm=WORLD)}) followed
 * by the wait-for cycle, if there is one.
 *
 * <p>Its error class is {@link ErrorClass#ERR_OTHER}: MPI has no class for deadlock.
 */
public class DeadlockException extends MpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a deadlock exception.
     *
     * @param report the deadlock report, one line per rank and the wait-for cycle
     */
    public DeadlockException(String report) {
        super(ErrorClass.ERR_OTHER, report);
    }

    /**
     * Returns the report: what each rank was blocked in, and the wait-for cycle.
     *
     * @return the report text (the same as {@link #getMessage()})
     */
    public String report() {
        return getMessage();
    }
}
