package io.mpi4j;

import io.mpi4j.spi.CommEngine;

/**
 * An intracommunicator: communication among the processes of one group (MPI-4.1 §7.1).
 *
 * <p>{@link Mpi#world()} and {@link Mpi#self()} are intracommunicators; {@link #dup()} makes new ones
 * with a private context, so that a library's messages never meet the application's.
 *
 * {@snippet :
 * Intracomm comm = mpi.world();
 * int rank = comm.rank();
 * if (rank == 0) {
 *     comm.sendObject(Map.of("a", 7, "b", 3.14), 1, 11);
 * } else if (rank == 1) {
 *     Map<String, Object> data = comm.recvObject(0, 11);
 * }
 * comm.barrier();
 * }
 */
public final class Intracomm extends Comm {

    Intracomm(Mpi mpi, CommEngine engine, boolean predefined) {
        super(mpi, engine, predefined);
    }

    /**
     * Blocks until every process of the communicator has called it (MPI_Barrier, MPI-4.1 §6.3).
     *
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public void barrier() {
        checkOpen("barrier");
        engine.barrier();
    }

    /**
     * Duplicates this communicator: same group, new context (MPI_Comm_dup, MPI-4.1 §7.4.2).
     * Collective: every process of the communicator must call it.
     *
     * @return the new communicator, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Intracomm dup() {
        checkOpen("dup");
        return new Intracomm(mpi, engine.dup(), false);
    }
}
