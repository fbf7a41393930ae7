package io.mpi4j;

import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/** An SPI request completed by a task of the API itself (a nonblocking intercommunicator collective). */
final class TaskSpiRequest implements SpiRequest {
    private static final Status STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final String description;
    private volatile boolean done;
    private MpiException failure;
    private List<Runnable> callbacks = new ArrayList<>(1);

    TaskSpiRequest(String description) {
        this.description = description;
    }

    void complete(MpiException error) {
        List<Runnable> run;
        synchronized (this) {
            failure = error;
            done = true;
            run = callbacks;
            callbacks = null;
        }
        run.forEach(Runnable::run);
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    @Override
    public Status status() {
        if (!done) {
            throw new IllegalStateException("not complete: " + description);
        }
        return STATUS;
    }

    @Override
    public synchronized MpiException failure() {
        return done ? failure : null;
    }

    @Override
    public void cancel() {
        // MPI-4.1 §6.12: collectives cannot be cancelled
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (!done) {
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
}
