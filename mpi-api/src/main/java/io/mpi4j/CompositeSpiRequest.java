package io.mpi4j;

import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several provider requests completed as one: the point-to-point messages of a neighbourhood
 * collective. It fails with the first failure among its parts.
 */
final class CompositeSpiRequest implements SpiRequest {
    private static final Status STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final List<SpiRequest> parts;
    private final String description;
    private final AtomicInteger pending;
    private final List<Runnable> callbacks = new ArrayList<>(0);
    private boolean fired;

    CompositeSpiRequest(List<SpiRequest> parts, String description) {
        this.parts = List.copyOf(parts);
        this.description = description;
        this.pending = new AtomicInteger(parts.size());
        for (SpiRequest p : this.parts) {
            p.onComplete(this::partDone);
        }
    }

    private void partDone() {
        if (pending.decrementAndGet() == 0) {
            List<Runnable> run;
            synchronized (this) {
                fired = true;
                run = new ArrayList<>(callbacks);
                callbacks.clear();
            }
            run.forEach(Runnable::run);
        }
    }

    /** The parts not yet complete, to wait on. */
    List<SpiRequest> incomplete() {
        List<SpiRequest> out = new ArrayList<>();
        for (SpiRequest p : parts) {
            if (!p.isComplete()) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public boolean isComplete() {
        for (SpiRequest p : parts) {
            if (!p.isComplete()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Status status() {
        if (!isComplete()) {
            throw new IllegalStateException("not complete: " + description);
        }
        return STATUS;
    }

    @Override
    public MpiException failure() {
        for (SpiRequest p : parts) {
            MpiException f = p.failure();
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    @Override
    public void cancel() {
        // MPI-4.1 §6.12: collectives cannot be cancelled
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (!fired && pending.get() > 0) {
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
