package io.mpi4j.jmh;

/**
 * One benchmarked operation as one rank performs it: for rank 0 of a ping-pong a send and the
 * receive of the reply, for the peer the receive and the reply; for a collective, the call.
 *
 * <p>A step owns its buffers; it is created on the rank it runs for (see {@link SimJob}) and then run
 * many times. It must leave the rank ready for the next step: every message it sends is received by a
 * step of the same round.
 */
@FunctionalInterface
public interface Step {
    /**
     * Performs the operation once.
     *
     * @throws io.mpi4j.MpiException if the provider reports an error
     */
    void run();
}
