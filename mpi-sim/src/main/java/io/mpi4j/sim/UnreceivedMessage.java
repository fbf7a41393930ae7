package io.mpi4j.sim;

/**
 * A message a {@code sim} job sent and no receive matched before every rank finished (MPI-4.1
 * §11.2.2: a process must complete its communication before finalize), found by
 * {@link Sim.Builder#onUnreceived}.
 *
 * @param source the sender's world rank
 * @param dest the destination's world rank
 * @param comm the communicator's name, such as {@code "WORLD"}, or how it was made when unnamed ({@code "split(WORLD, color=1)#6"})
 * @param tag the tag
 * @param bytes the size of the message
 * @param sentAt the program's frame that sent it, such as {@code "com.example.T.m(T.java:12)"}
 */
public record UnreceivedMessage(int source, int dest, String comm, int tag, long bytes, String sentAt) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code comm} or {@code sentAt} is {@code null}
     */
    public UnreceivedMessage {
        java.util.Objects.requireNonNull(comm, "comm");
        java.util.Objects.requireNonNull(sentAt, "sentAt");
    }
}
