package io.mpi4j.sim;

import io.mpi4j.Intracomm;

/**
 * The code one rank of a {@link Sim} job runs, yielding a result.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface RankBody<T> {
    /**
     * Runs the rank.
     *
     * @param world the world communicator of this rank ({@code world.mpi()} is its MPI handle)
     * @return the rank's result
     * @throws Exception any failure, which aborts the whole job
     */
    T run(Intracomm world) throws Exception;
}
