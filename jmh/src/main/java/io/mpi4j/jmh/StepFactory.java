package io.mpi4j.jmh;

import io.mpi4j.Intracomm;
import java.lang.foreign.Arena;

/**
 * Creates the {@link Step} of one rank of a benchmark job, with that rank's buffers.
 */
@FunctionalInterface
public interface StepFactory {
    /**
     * Creates the step of the calling rank.
     *
     * @param world the rank's world communicator
     * @param arena the job's shared arena for off-heap buffers, closed when the job ends
     * @return the step
     */
    Step create(Intracomm world, Arena arena);
}
