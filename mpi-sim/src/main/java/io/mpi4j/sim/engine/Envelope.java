package io.mpi4j.sim.engine;

import io.mpi4j.Datatype;
import java.lang.foreign.MemorySegment;

/**
 * A message that arrived before a matching receive was posted, waiting in the destination's
 * unexpected queue.
 *
 * <p>An eager message owns a private copy of the data and its send has completed. A rendezvous
 * message refers to the sender's own memory, and its {@link #sendRequest} completes when a receive
 * copies the data out: the single copy from sender to receiver.
 */
final class Envelope {
    final int context;
    final int source;
    final int tag;
    final long bytes;
    final Datatype datatype;
    final MemorySegment data;
    /** The send to complete on delivery; {@code null} for an eager message, whose send has completed. */
    final SimRequest sendRequest;
    /** The sender's view of the communicator, for reports of messages never received; {@code null} for a deferred copy. */
    SimComm from;
    /** The program's frame that sent it, recorded only when the job reports unreceived messages. */
    String sentAt;
    /** When it was sent, for traces; set only when the job is traced. */
    long tracedAt;

    Envelope(int context, int source, int tag, long bytes, Datatype datatype, MemorySegment data, SimRequest sendRequest) {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.bytes = bytes;
        this.datatype = datatype;
        this.data = data;
        this.sendRequest = sendRequest;
    }

    boolean matches(int ctx, int src, int tg) {
        return context == ctx
                && (src == io.mpi4j.Mpi.ANY_SOURCE || src == source)
                && (tg == io.mpi4j.Mpi.ANY_TAG || tg == tag);
    }
}
