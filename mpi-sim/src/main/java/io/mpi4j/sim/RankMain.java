package io.mpi4j.sim;

/**
 * The code one rank of a {@link Sim} job runs when it initializes MPI itself, as a program's
 * {@code main} does: {@code Mpi.init} on the rank's thread joins the job.
 */
@FunctionalInterface
public interface RankMain {
    /**
     * Runs the rank.
     *
     * @param rank the world rank of this thread
     * @throws Exception any failure, which aborts the whole job
     */
    void run(int rank) throws Exception;
}
