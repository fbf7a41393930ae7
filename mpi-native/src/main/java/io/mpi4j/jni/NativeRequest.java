package io.mpi4j.jni;

import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of the native provider's requests: completion state, callbacks, and a blocking
 * {@link #await()} that the session uses when one request is waited on.
 */
abstract class NativeRequest implements SpiRequest {
    final JniSession session;
    private final String description;
    private volatile boolean done;
    private Status status;
    private MpiException failure;
    private List<Runnable> callbacks;

    NativeRequest(JniSession session, String description) {
        this.session = session;
        this.description = description;
    }

    /** With whom the operation communicates, for {@link ClosingWatch}; {@code null} comm: not watched. */
    private JniComm waitComm;
    private int waitPeer = -1;
    private boolean waitCollective;

    /**
     * Says with whom the operation communicates, so that a thread waiting for it is watched
     * ({@link ClosingWatch#enter}).
     *
     * @param comm the communicator
     * @param peer the peer's rank, or -1 for any peer or every member
     * @param collective whether every member takes part
     * @return this request
     */
    final NativeRequest waitsOn(JniComm comm, int peer, boolean collective) {
        // now, while the communicator is surely open: the program may close it before it waits
        comm.cacheWorldRanks();
        this.waitComm = comm;
        this.waitPeer = peer;
        this.waitCollective = collective;
        return this;
    }

    /** With whom the operation communicates, or {@code null} if it did not say. */
    final ClosingWatch.Target waitTarget() {
        return waitComm == null ? null : new ClosingWatch.Target(waitComm, waitPeer, waitCollective);
    }

    /** Blocks until complete, the waiting thread watched if the request says with whom it communicates. */
    final void awaitWatched() {
        if (waitComm == null || done) {
            await();
            return;
        }
        try (ClosingWatch.Slot _ = session.closing.enter(waitComm, waitPeer, waitCollective, description)) {
            await();
        }
    }

    /** Makes progress without blocking; completes the request when the operation has. */
    abstract void poll();

    /** Blocks until the request has completed. */
    abstract void await();

    @Override
    public final boolean isComplete() {
        if (!done) {
            poll();
        }
        return done;
    }

    final boolean isDone() {
        return done;
    }

    /** Records the outcome; the write of {@code done} publishes status and failure to readers of {@code done}. */
    final void complete(Status s, MpiException f) {
        List<Runnable> run;
        synchronized (this) {
            if (done) {
                return;
            }
            status = s;
            failure = f;
            done = true;
            run = callbacks;
            callbacks = null;
        }
        if (run != null) {
            run.forEach(Runnable::run);
        }
    }

    @Override
    public final Status status() {
        if (!done) {
            throw new IllegalStateException(description + " has not completed");
        }
        return status;
    }

    @Override
    public final MpiException failure() {
        return done ? failure : null;
    }

    @Override
    public final void onComplete(Runnable action) {
        synchronized (this) {
            if (!done) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(action);
                session.watch(this);
                return;
            }
        }
        action.run();
    }

    @Override
    public final String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
