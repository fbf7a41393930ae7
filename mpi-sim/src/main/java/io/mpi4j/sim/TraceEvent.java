package io.mpi4j.sim;

/**
 * One event of a {@link Trace}: an MPI call of a rank, or a message between two ranks. Times are
 * nanoseconds since the job started.
 */
public sealed interface TraceEvent {
    /**
     * The time the event started.
     *
     * @return nanoseconds since the job started
     */
    long start();

    /**
     * An MPI call of one rank: a non-blocking step (such as {@code isend(dest=1, tag=0, comm=WORLD)},
     * which takes no time) or a blocking wait, named after what it waits for (such as
     * {@code recv(source=0, tag=42, comm=WORLD)}).
     *
     * @param rank the world rank
     * @param name the call and its arguments
     * @param start when it began
     * @param end when it returned, or when the job stopped it
     * @param stopped whether the job's abort (a deadlock, a failure elsewhere, a timeout) ended it:
     *     this is where the rank stopped
     */
    record Call(int rank, String name, long start, long end, boolean stopped) implements TraceEvent {
    }

    /**
     * A message from one rank to another, from its send to its match with a receive.
     *
     * @param source the sender's world rank
     * @param dest the receiver's world rank
     * @param comm the communicator's name
     * @param tag the tag
     * @param bytes the size
     * @param start when it was sent
     * @param end when a receive matched it
     */
    record Message(int source, int dest, String comm, int tag, long bytes, long start, long end) implements TraceEvent {
    }

    /**
     * A message still queued at its destination when the job ended: sent and never matched by a
     * receive (after a deadlock, often the message a rank waits for in vain is not this one).
     *
     * @param source the sender's world rank
     * @param dest the destination's world rank
     * @param comm the communicator's name
     * @param tag the tag
     * @param bytes the size
     * @param start when it was sent
     */
    record Unmatched(int source, int dest, String comm, int tag, long bytes, long start) implements TraceEvent {
    }

    /**
     * The life of one rank: from its start to the end of its code.
     *
     * @param rank the world rank
     * @param start when its code started
     * @param end when its code returned or threw
     */
    record RankSpan(int rank, long start, long end) implements TraceEvent {
    }
}
