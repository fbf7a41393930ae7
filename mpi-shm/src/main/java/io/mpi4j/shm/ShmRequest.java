package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A send or receive of the {@code shm} provider; completed by whichever thread polls the transport. */
final class ShmRequest implements SpiRequest {
    private final ShmComm comm;
    private final String kind;
    private final int peer;
    private final int tag;
    private volatile boolean done;
    private volatile Status status;
    private volatile MpiException failure;
    private List<Runnable> callbacks;
    /** The posted receive, for cancelling; guarded by the transport's lock. */
    volatile ShmTransport.Posted posted;
    /** For a synchronous send: its status once acknowledged. */
    volatile Status sendStatus;
    /** A matched message that the thread which read it could not copy (see {@link #handOver}). */
    private final AtomicReference<HandOver> handOver = new AtomicReference<>();

    /** A matched message left for a thread that may write its receive buffer, or else refused. */
    private record HandOver(RecvTarget target, Runnable delivery, Runnable refusal) {
    }

    ShmRequest(ShmComm comm, String kind, int peer, int tag) {
        this.comm = comm;
        this.kind = kind;
        this.peer = peer;
        this.tag = tag;
    }

    void complete(Status st, MpiException error) {
        List<Runnable> cbs;
        synchronized (this) {
            if (done) {
                return;
            }
            status = st;
            failure = error;
            done = true; // release: publishes status and failure to isComplete() readers
            cbs = callbacks;
            callbacks = null;
        }
        if (cbs != null) {
            cbs.forEach(Runnable::run);
        }
    }

    /**
     * Leaves the delivery of a matched message to the next thread that looks at this request:
     * the progress thread matched it, but the receive buffer is a segment confined to the
     * program's thread, which alone may write it.
     *
     * @param target the receive's buffer
     * @param delivery copies the message in and completes the request
     * @param refusal discards the message and fails the request, when a thread that may not write
     *     the buffer looks first (it would otherwise wait for the owner, perhaps forever)
     */
    void handOver(RecvTarget target, Runnable delivery, Runnable refusal) {
        handOver.set(new HandOver(target, delivery, refusal));
    }

    /** Runs a delivery left by {@link #handOver}, if any, on this thread; or its refusal, if this thread may not. */
    void runHandOver() {
        HandOver h = handOver.getAndSet(null);
        if (h != null) {
            (h.target().writableBy(Thread.currentThread()) ? h.delivery() : h.refusal()).run();
        }
    }

    /** Completes a synchronous send once the receiver acknowledged the match. */
    void completeSend() {
        complete(sendStatus, null);
    }

    @Override
    public boolean isComplete() {
        if (done) {
            return true;
        }
        runHandOver();
        ShmTransport t = comm.transport;
        t.poll();
        runHandOver();
        if (!done) {
            t.checkFailure();
        }
        return done;
    }

    /** The communicator of the request. */
    ShmComm comm() {
        return comm;
    }

    /** The peer: the source of a receive (or {@code ANY_SOURCE}), the destination of a send. */
    int peer() {
        return peer;
    }

    /** Whether this is a receive (completed by a matching message). */
    boolean isReceive() {
        return kind.endsWith("recv");
    }

    /** Whether this is a synchronous send (completed by the receiver's acknowledgement). */
    boolean isSyncSend() {
        return kind.equals("ssend");
    }

    /** Tells whether the request has completed, without polling. */
    boolean isDone() {
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
        ShmTransport.Posted p = posted;
        if (p != null && comm.transport.removePosted(p)) {
            posted = null;
            complete(new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, p.target().datatype(), true, ErrorClass.SUCCESS), null);
        }
        // sends are eager or already queued at the destination: they cannot be cancelled (no SEND_CANCEL)
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (!done) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(1);
                }
                callbacks.add(action);
                comm.transport.ensureProgress();
                return;
            }
        }
        action.run();
    }

    @Override
    public String describe() {
        boolean send = !kind.endsWith("recv");
        return kind + "(" + (send ? "dest=" : "source=") + (peer == Mpi.ANY_SOURCE ? "ANY_SOURCE" : peer)
                + ", tag=" + (tag == Mpi.ANY_TAG ? "ANY_TAG" : tag) + ", comm=" + comm.displayName() + ")";
    }

    @Override
    public String toString() {
        return "ShmRequest[" + describe() + (done ? ", complete" : "") + "]";
    }
}
