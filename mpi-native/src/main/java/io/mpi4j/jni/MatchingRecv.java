package io.mpi4j.jni;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.RecvTarget;

/**
 * A receive whose buffer is allocated once the message is matched ({@link RecvTarget.Allocate}):
 * MPI_Improbe polling, then MPI_Imrecv into memory of the matched size (MPI-4.1 §3.8.2).
 */
final class MatchingRecv extends NativeRequest {
    private final JniComm comm;
    private final RecvTarget target;
    private final int source;
    private final int tag;
    private NativeRequest inner;
    private boolean cancelled;

    MatchingRecv(JniComm comm, RecvTarget target, int source, int tag) {
        super(comm.session, "irecv(source=" + source + ", tag=" + tag + ", comm=" + comm.name() + ")");
        this.comm = comm;
        this.target = target;
        this.source = source;
        this.tag = tag;
    }

    @Override
    void poll() {
        NativeRequest in;
        synchronized (this) {
            if (inner == null && !cancelled && !isDone()) {
                try {
                    comm.improbe(source, tag).ifPresent(m -> {
                        inner = (NativeRequest) m.irecv(target);
                        inner.onComplete(() -> complete(inner.status(), inner.failure()));
                    });
                } catch (MpiException e) {
                    // the communicator was freed under a pending receive, or the probe failed
                    complete(new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, target.datatype(), false, e.errorClass()), e);
                }
            }
            in = inner;
        }
        if (in != null) {
            in.poll();
        }
    }

    @Override
    void await() {
        Idle idle = session.polls() ? Idle.oversubscribed() : new Idle();
        while (!isComplete()) {
            idle.idle();
        }
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (inner == null && !cancelled) {
                cancelled = true;
                Datatype t = target.datatype();
                complete(new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, t, true, ErrorClass.SUCCESS), null);
            }
        }
    }
}
