package io.mpi4j.testkit.tck;

/**
 * A TCK job failed because one of its ranks threw or called {@code abort}: the provider-neutral
 * form of a launcher's "rank N failed" report.
 *
 * <p>The cause is the failing rank's own exception when the runner has it (an assertion that
 * failed inside a rank, for example), so that the test report shows it directly.
 */
public class TckJobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int rank;
    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param rank the world rank that failed first
     * @param exitCode the exit code of the job: the code given to {@code abort}, else 1
     * @param message the runner's description, naming the rank
     * @param cause the rank's exception, or {@code null} if the runner does not have it
     */
    public TckJobFailedException(int rank, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.rank = rank;
        this.exitCode = exitCode;
    }

    /**
     * Returns the world rank that failed first.
     *
     * @return the rank
     */
    public int rank() {
        return rank;
    }

    /**
     * Returns the exit code of the job.
     *
     * @return the code given to {@code abort}, or 1 for an exception
     */
    public int exitCode() {
        return exitCode;
    }
}
