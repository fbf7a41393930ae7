package io.mpi4j.sim.engine;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A send or receive of the {@code sim} provider. Completed by whichever rank's thread finishes the
 * transfer, which then signals the owner.
 */
final class SimRequest implements SimPollable {
    final SimWorld world;
    final RankState owner;
    /** The operation, such as {@code "recv"} or {@code "ssend"}: descriptions are built only for reports. */
    private final String kind;
    private final SimComm comm;
    /** The peer in {@link #comm}: the destination of a send, the source (or ANY_SOURCE) of a receive. */
    private final int peer;
    private final int tag;
    private volatile boolean done;
    private volatile Status status;
    private MpiException failure;
    private List<Runnable> callbacks;
    /** For cancelling a receive still posted. */
    volatile PostedRecv posted;
    /**
     * A message matched to this receive whose data the matching thread could not write (the
     * receive buffer is confined to this rank's thread): the owner copies it in when it next
     * tests or waits.
     */
    private volatile Envelope deferred;
    private volatile io.mpi4j.spi.RecvTarget deferredTarget;
    /** For cancelling a send still queued at its destination. */
    volatile Envelope envelope;
    volatile Mailbox envelopeBox;

    SimRequest(SimComm comm, String kind, int peer, int tag) {
        this.world = comm.world;
        this.owner = comm.me;
        this.comm = comm;
        this.kind = kind;
        this.peer = peer;
        this.tag = tag;
    }

    /** The communicator the request belongs to. */
    SimComm comm() {
        return comm;
    }

    /** What this receive still waits to match, for deadlock reports; {@code null} once matched, or for a send. */
    PendingOp.Receive unmatched() {
        PostedRecv p = posted;
        return p == null || done ? null : new PendingOp.Receive(p.context, p.source, p.tag);
    }

    @Override
    public int[] waitsFor() {
        return peer == io.mpi4j.Mpi.ANY_SOURCE ? null : new int[] {comm.worldRankOf(peer)};
    }

    /** Completes the request and wakes its owner. Called once, by the thread that finished the transfer. */
    void complete(Status st, MpiException error) {
        List<Runnable> cbs;
        synchronized (this) {
            this.status = st;
            this.failure = error;
            this.done = true; // release: publishes status and failure to isComplete() readers
            cbs = callbacks;
            callbacks = null;
        }
        world.signal(owner);
        if (cbs != null) {
            for (Runnable r : cbs) {
                r.run();
            }
        }
    }

    /** Completes without signalling: for requests complete before anyone can wait on them. */
    void completeImmediately(Status st) {
        this.status = st;
        this.done = true;
    }

    /** Marks a completed eager send as cancelled (its message was withdrawn before delivery). */
    void markCancelled() {
        Status s = status;
        status = new Status(s.source(), s.tag(), s.byteCount(), s.datatype(), true, ErrorClass.SUCCESS);
    }

    /** Hands a matched message to the owner, who copies it into the receive buffer on its own thread. */
    void defer(Envelope env, io.mpi4j.spi.RecvTarget target) {
        deferredTarget = target;
        deferred = env; // release: publishes deferredTarget
        world.signal(owner);
    }

    @Override
    public boolean isReady() {
        return done || deferred != null;
    }

    /** Failed polls by the program, for {@link SimPollable#idleAfter}; touched by the owner only. */
    private int failedPolls;

    @Override
    public boolean isComplete() {
        if (poll()) {
            return true;
        }
        SimPollable.afterFailedPoll(world, owner, ++failedPolls);
        return poll();
    }

    @Override
    public boolean poll() {
        if (done) {
            return true;
        }
        Envelope d = deferred;
        if (d != null) {
            synchronized (this) {
                if (deferred != d) {
                    return done;
                }
                deferred = null;
            }
            if (deferredTarget.writableBy(Thread.currentThread())) {
                comm.deliver(d, deferredTarget, this);
            } else {
                // the owner of the memory is not the thread completing the request: fail, as the
                // API does for a finisher on the wrong thread, rather than wait for the owner
                comm.refuseConfined(d, deferredTarget, this);
            }
        }
        return done;
    }

    @Override
    public Status status() {
        if (!done) {
            throw new IllegalStateException("request not complete: " + describe());
        }
        return status;
    }

    @Override
    public MpiException failure() {
        return done ? failure : null;
    }

    @Override
    public void cancel() {
        PostedRecv p = posted;
        if (p != null) {
            Mailbox box = owner.mailbox;
            boolean removed;
            box.lock.lock();
            try {
                removed = box.removePosted(p);
            } finally {
                box.lock.unlock();
            }
            if (removed) {
                posted = null;
                complete(new Status(io.mpi4j.Mpi.ANY_SOURCE, io.mpi4j.Mpi.ANY_TAG, 0, p.target.datatype(), true,
                        ErrorClass.SUCCESS), null);
            }
            return;
        }
        Envelope e = envelope;
        Mailbox box = envelopeBox;
        if (e != null && box != null) {
            boolean removed;
            box.lock.lock();
            try {
                removed = box.removeUnexpected(e);
            } finally {
                box.lock.unlock();
            }
            if (removed) {
                envelope = null;
                if (done) {
                    markCancelled();
                } else {
                    complete(new Status(e.source, e.tag, e.bytes, e.datatype, true, ErrorClass.SUCCESS), null);
                }
            }
        }
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (!done) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(1);
                }
                callbacks.add(action);
                return;
            }
        }
        action.run();
    }

    @Override
    public String describe() {
        boolean send = !kind.endsWith("recv");
        return kind + "(" + (send ? "dest=" : "source=") + (peer == io.mpi4j.Mpi.ANY_SOURCE ? "ANY_SOURCE" : peer)
                + ", tag=" + (tag == io.mpi4j.Mpi.ANY_TAG ? "ANY_TAG" : tag) + ", comm=" + comm.displayName() + ")";
    }

    @Override
    public String toString() {
        return "SimRequest[" + describe() + (done ? ", complete" : "") + "]";
    }
}
