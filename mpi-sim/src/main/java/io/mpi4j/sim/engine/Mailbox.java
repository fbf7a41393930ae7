package io.mpi4j.sim.engine;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The matching queues of one rank (MPI-4.1 §3.5): receives posted and not yet matched, in posting
 * order, and messages arrived and not yet received, in arrival order. Matching always takes the
 * first eligible entry, which gives MPI's non-overtaking order per sender and communicator.
 *
 * <p>Guarded by {@link #lock}; the sender and the receiver both match under it, so a message and a
 * receive can never miss each other.
 */
final class Mailbox {
    final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PostedRecv> posted = new ArrayDeque<>();
    private final ArrayDeque<Envelope> unexpected = new ArrayDeque<>();
    /** Incremented after every arrival into the unexpected queue, for blocking probes. */
    volatile long arrivals;

    /** Removes and returns the first posted receive that matches a message; under the lock. */
    PostedRecv takePosted(int context, int source, int tag) {
        for (Iterator<PostedRecv> it = posted.iterator(); it.hasNext(); ) {
            PostedRecv p = it.next();
            if (p.matches(context, source, tag)) {
                it.remove();
                return p;
            }
        }
        return null;
    }

    /** Tells whether any posted receive matches a message; under the lock. */
    boolean hasPosted(int context, int source, int tag) {
        for (PostedRecv p : posted) {
            if (p.matches(context, source, tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes and returns an arrived message that a receive matches; under the lock. Without a
     * chooser, the first; with one, a wildcard-source receive may take the first message of any
     * source (non-overtaking only orders messages of one sender), and the chooser decides which.
     */
    Envelope takeUnexpected(int context, int source, int tag, Chooser chooser) {
        Envelope e = chooser == null || source != io.mpi4j.Mpi.ANY_SOURCE ? null : chooseUnexpected(context, tag, chooser);
        if (e != null) {
            unexpected.remove(e);
            return e;
        }
        return takeUnexpected(context, source, tag);
    }

    /** Returns the message {@link #takeUnexpected(int, int, int, Chooser)} would take, leaving it queued; under the lock. */
    Envelope peekUnexpected(int context, int source, int tag, Chooser chooser) {
        Envelope e = chooser == null || source != io.mpi4j.Mpi.ANY_SOURCE ? null : chooseUnexpected(context, tag, chooser);
        return e != null ? e : peekUnexpected(context, source, tag);
    }

    /** The chooser's pick among the first matching message of each sender; {@code null} if none matches. */
    private Envelope chooseUnexpected(int context, int tag, Chooser chooser) {
        java.util.List<Envelope> firsts = new java.util.ArrayList<>(2);
        java.util.BitSet senders = new java.util.BitSet();
        for (Envelope e : unexpected) {
            if (e.matches(context, io.mpi4j.Mpi.ANY_SOURCE, tag) && !senders.get(e.source)) {
                senders.set(e.source);
                firsts.add(e);
            }
        }
        return switch (firsts.size()) {
            case 0 -> null;
            case 1 -> firsts.getFirst();
            default -> firsts.get(chooser.choose(firsts.size()));
        };
    }

    /** Removes and returns the first arrived message that a receive matches; under the lock. */
    Envelope takeUnexpected(int context, int source, int tag) {
        for (Iterator<Envelope> it = unexpected.iterator(); it.hasNext(); ) {
            Envelope e = it.next();
            if (e.matches(context, source, tag)) {
                it.remove();
                return e;
            }
        }
        return null;
    }

    /** Returns the first arrived message that a receive matches, leaving it queued; under the lock. */
    Envelope peekUnexpected(int context, int source, int tag) {
        for (Envelope e : unexpected) {
            if (e.matches(context, source, tag)) {
                return e;
            }
        }
        return null;
    }

    /** Under the lock. */
    void post(PostedRecv p) {
        posted.addLast(p);
    }

    /** Under the lock. */
    void arrive(Envelope e) {
        unexpected.addLast(e);
        arrivals++;
    }

    /** Under the lock. */
    boolean removePosted(PostedRecv p) {
        return posted.remove(p);
    }

    /** Under the lock. */
    boolean removeUnexpected(Envelope e) {
        return unexpected.remove(e);
    }

    /** Under the lock: the messages waiting to be received, in arrival order, for leak reports. */
    java.util.List<Envelope> unexpected() {
        return java.util.List.copyOf(unexpected);
    }

    /** Under the lock: the number of messages waiting to be received, for leak reports. */
    int unexpectedCount() {
        return unexpected.size();
    }
}
