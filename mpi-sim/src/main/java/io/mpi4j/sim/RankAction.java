package io.mpi4j.sim;

import io.mpi4j.Intracomm;

/**
 * The code one rank of a {@link Sim} job runs, without a result.
 */
@FunctionalInterface
public interface RankAction {
    /**
     * Runs the rank.
     *
     * @param world the world communicator of this rank ({@code world.mpi()} is its MPI handle)
     * @throws Exception any failure, which aborts the whole job
     */
    void run(Intracomm world) throws Exception;
}
