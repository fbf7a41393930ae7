package io.mpi4j;

/**
 * An MPI job failed because one of its ranks threw, or called {@code abort}: what a job runner
 * (the {@code sim} provider's {@code Sim.run}, the launcher, a test runner) reports for the job as
 * a whole.
 *
 * <p>The message names the rank and the cause, for example
 * {@code "rank 1 failed: java.lang.IllegalStateException: boom"}; the cause is the rank's own
 * exception. Failures of other ranks that were not consequences of the abort are attached as
 * suppressed exceptions.
 */
public class RankFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int rank;
    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param rank the rank that failed first
     * @param exitCode the exit code the job should end with (the code given to {@code abort}, else 1)
     * @param message the description
     * @param cause the rank's exception
     */
    public RankFailedException(int rank, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.rank = rank;
        this.exitCode = exitCode;
    }

    /**
     * Returns the rank (in the world communicator) that failed first.
     *
     * @return the rank
     */
    public int rank() {
        return rank;
    }

    /**
     * Returns the exit code the job should end with: the code given to {@code abort}, or 1.
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }
}
