package io.mpi4j.spi;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A request completed by a task running on a thread of its own: a nonblocking collective run by
 * the default algorithms of {@link io.mpi4j.spi.coll.DefaultCollectives}, or by the API on an
 * intercommunicator. Its status has source {@code ANY_SOURCE}, tag {@code ANY_TAG} and count 0.
 */
public final class TaskRequest implements SpiRequest {
    private static final Status SUCCESS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final String description;
    private MpiException failure;
    private volatile boolean done;
    private List<Runnable> callbacks = new ArrayList<>(1);

    /**
     * Creates an incomplete request.
     *
     * @param description what the task does, for reports, such as {@code "ibcast(root=0, comm=WORLD)"}
     */
    public TaskRequest(String description) {
        this.description = description;
    }

    /**
     * Completes the request and runs the actions registered with {@link #onComplete}; later calls
     * have no effect.
     *
     * @param error the task's failure, or {@code null} if it succeeded
     */
    public void complete(MpiException error) {
        List<Runnable> actions;
        synchronized (this) {
            if (callbacks == null) {
                return;
            }
            failure = error;
            done = true; // release: publishes failure to isComplete() readers
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
        // MPI-4.1 §6.12: a nonblocking collective cannot be cancelled; the request completes normally
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
        return "TaskRequest[" + description + (done ? ", complete" : "") + "]";
    }
}
