package io.mpi4j;

import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several provider requests completed as one: the point-to-point messages of a neighbourhood
 * collective, or the send and the receive of {@link Comm#isendrecv}. It fails with the first
 * failure among its parts. Its status is a neutral one, or that of a chosen part (the receive of
 * an {@code isendrecv}), in which case a cancel goes to every part, as MPI_Cancel does to an
 * MPI_Isendrecv's.
 */
final class CompositeSpiRequest implements SpiRequest {
    private static final Status STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final List<SpiRequest> parts;
    private final String description;
    /** The part whose status this reports, or {@code null} for a collective (neutral status, no cancel). */
    private final SpiRequest statusPart;
    private final AtomicInteger pending;
    private final List<Runnable> callbacks = new ArrayList<>(0);
    private boolean fired;

    CompositeSpiRequest(List<SpiRequest> parts, String description) {
        this(parts, description, null);
    }

    CompositeSpiRequest(List<SpiRequest> parts, String description, SpiRequest statusPart) {
        this.parts = List.copyOf(parts);
        this.description = description;
        this.statusPart = statusPart;
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
        return statusPart == null ? STATUS : statusPart.status();
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
        if (statusPart != null) {
            for (SpiRequest p : parts) {
                if (!p.isComplete()) {
                    p.cancel();
                }
            }
        }
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
