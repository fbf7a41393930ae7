package io.mpi4j.spi.coll;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The request of a nonblocking collective run by {@link DefaultCollectives#start}: complete when
 * the algorithm has finished on this rank, failed with the exception it threw.
 */
final class CollectiveRequest implements SpiRequest {
    private static final Status SUCCESS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final String description;
    /** Written before {@link #done}; read after reading it. */
    private MpiException failure;
    /** The completion flag: its volatile write publishes {@link #failure}. */
    private volatile boolean done;
    /** Actions to run at completion; guarded by {@code this}, {@code null} once complete. */
    private List<Runnable> callbacks = new ArrayList<>(1);

    CollectiveRequest(String description) {
        this.description = description;
    }

    /** Completes the request, successfully if {@code error} is {@code null}, and runs the callbacks. */
    void complete(MpiException error) {
        List<Runnable> actions;
        synchronized (this) {
            if (callbacks == null) {
                return;
            }
            failure = error;
            done = true;
            actions = callbacks;
            callbacks = null;
        }
        for (Runnable a : actions) {
            a.run();
        }
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    @Override
    public Status status() {
        if (!done) {
            throw new IllegalStateException(description + " has not completed");
        }
        MpiException f = failure;
        return f == null ? SUCCESS : new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, f.errorClass());
    }

    @Override
    public MpiException failure() {
        return done ? failure : null;
    }

    @Override
    public void cancel() {
        // MPI-4.1 §6.12: a nonblocking collective cannot be cancelled; the request completes normally.
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (callbacks != null) {
                callbacks.add(action);
                return;
            }
        }
        action.run();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "CollectiveRequest[" + description + (done ? ", complete" : "") + "]";
    }
}
