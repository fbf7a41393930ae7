package io.mpi4j;

import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.SpiRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffer attached for buffered sends (MPI_Buffer_attach): accounts the space that messages in
 * flight occupy, and lets detach wait until they have all been delivered.
 */
final class BsendBuffer {
    private final ProviderSession session;
    private ByteBuffer attached;
    private long inUse;
    private final List<Entry> inFlight = new ArrayList<>();

    private record Entry(SpiRequest request, long bytes) {
    }

    BsendBuffer(ProviderSession session) {
        this.session = session;
    }

    synchronized void attach(ByteBuffer buffer) {
        if (buffer == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "attachBuffer: null buffer");
        }
        if (attached != null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "attachBuffer: a buffer of " + attached.capacity()
                    + " bytes is already attached; detach it first");
        }
        attached = buffer;
    }

    ByteBuffer detach() {
        List<SpiRequest> pending = new ArrayList<>();
        while (true) {
            synchronized (this) {
                if (attached == null) {
                    throw new MpiException(ErrorClass.ERR_BUFFER, "detachBuffer: no buffer is attached");
                }
                reap();
                pending.clear();
                for (Entry e : inFlight) {
                    pending.add(e.request());
                }
                if (pending.isEmpty()) {
                    ByteBuffer b = attached;
                    attached = null;
                    return b;
                }
            }
            session.awaitAny(pending, "detachBuffer(" + pending.size() + " buffered messages in flight)");
        }
    }

    /** Reserves space for a message; the caller sends it and then {@link #track}s the request. */
    synchronized void reserve(String op, long bytes) {
        if (attached == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": no buffer is attached; call Mpi.attachBuffer with at least "
                    + (bytes + Mpi.BSEND_OVERHEAD) + " bytes first");
        }
        reap();
        long need = bytes + Mpi.BSEND_OVERHEAD;
        if (inUse + need > attached.capacity()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": a message of " + bytes + " bytes (+" + Mpi.BSEND_OVERHEAD
                    + " overhead) does not fit in the attached buffer: capacity=" + attached.capacity() + ", in use=" + inUse);
        }
        inUse += need;
    }

    synchronized void release(long bytes) {
        inUse -= bytes + Mpi.BSEND_OVERHEAD;
    }

    synchronized void track(SpiRequest request, long bytes) {
        inFlight.add(new Entry(request, bytes + Mpi.BSEND_OVERHEAD));
    }

    private void reap() {
        inFlight.removeIf(e -> {
            if (e.request().isComplete()) {
                inUse -= e.bytes();
                return true;
            }
            return false;
        });
    }
}
