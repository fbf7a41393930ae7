package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiPersistent;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A persistent request of the library itself (MPI-4.1 §3.9): MPI_Send_init, MPI_Ssend_init,
 * MPI_Rsend_init or MPI_Recv_init once, MPI_Start at each start, MPI_Request_free at the end.
 *
 * <p>MPI keeps the buffer address for the life of the request. Native memory (direct buffers,
 * segments) is handed over as it is; heap memory, which the garbage collector may move, is
 * replaced by native staging memory that lives as long as the request: a send copies the array
 * into it at each start, a receive copies out of it at each successful completion.
 */
final class NativePersistent extends LibraryPersistent {
    /** Persistent requests created and not yet released in this process: what tests look at. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final JniSession session;
    private final long comm;
    private final int mode;
    private final String op;
    /** A derived datatype of a message over 2 GiB, freed with the request; else 0. */
    private volatile long type;
    private final boolean send;
    /** The program's memory. */
    private final MemorySegment user;
    /** The memory MPI reads or writes: {@link #user} itself, or staging in {@link #arena}. */
    private final MemorySegment mem;
    /** Owns the staging memory; {@code null} when MPI uses the program's memory directly. */
    private final Arena arena;
    /** Keeps the program's buffer (and the memory behind it) reachable while MPI holds its address. */
    @SuppressWarnings("unused")
    private final Buf keep;
    private final Datatype datatype;
    private final int peer;
    private final int tag;
    private final String description;

    private NativePersistent(JniComm comm, Buf buf, boolean send, int peer, int tag, int mode, String op) {
        this.session = comm.session;
        this.comm = comm.handle;
        this.mode = mode;
        this.op = op;
        this.send = send;
        this.user = buf.segment();
        this.keep = buf;
        this.datatype = buf.datatype();
        this.peer = peer;
        this.tag = tag;
        this.description = op + "(" + (send ? "dest=" : "source=") + peer + ", tag=" + tag + ", comm=" + comm.name() + ")";
        long bytes = user.byteSize();
        if (user.isNative()) {
            this.arena = null;
            this.mem = user;
        } else {
            this.arena = Arena.ofShared();
            this.mem = arena.allocate(Math.max(1, bytes), 16).asSlice(0, bytes);
        }
        try {
            init();
        } catch (MpiException e) {
            if (arena != null) {
                arena.close();
            }
            throw e;
        }
        LIVE.incrementAndGet();
    }

    /** Creates the MPI request (MPI_Send_init and its modes, MPI_Recv_init). */
    private void init() {
        long[] out = new long[2];
        int rc = send ? JniPersistent.sendInit(comm, mem.address(), mem.byteSize(), peer, tag, mode, out)
                : JniPersistent.recvInit(comm, mem.address(), mem.byteSize(), peer, tag, out);
        if (rc != 0) {
            throw Errors.exception(rc, op);
        }
        handle = out[0];
        type = out[1];
    }

    /** A persistent send (MPI_Send_init, MPI_Ssend_init, MPI_Rsend_init). */
    static NativePersistent send(JniComm comm, Buf buf, int dest, int tag, SendMode mode) {
        return switch (mode) {
            case STANDARD -> new NativePersistent(comm, buf, true, dest, tag, 0, "send_init");
            case SYNCHRONOUS -> new NativePersistent(comm, buf, true, dest, tag, 1, "ssend_init");
            case READY -> new NativePersistent(comm, buf, true, dest, tag, 3, "rsend_init");
            case BUFFERED -> throw new MpiException(ErrorClass.ERR_INTERN, "bsend_init: buffered persistent sends are "
                    + "served by the API from its attached buffer, not by the provider");
        };
    }

    /** A persistent receive (MPI_Recv_init). */
    static NativePersistent recv(JniComm comm, Buf buf, int source, int tag) {
        return new NativePersistent(comm, buf, false, source, tag, 0, "recv_init");
    }

    /** The number of persistent requests of the library that this process holds. */
    static int live() {
        return LIVE.get();
    }

    @Override
    public SpiRequest start() {
        if (handle == 0) {
            // the library freed the request when an activation failed: set it up again, as it was
            JniPersistent.free(0, type);
            init();
        }
        if (send && arena != null) {
            MemorySegment.copy(user, 0, mem, 0, mem.byteSize());
        }
        int rc = JniPersistent.start(handle);
        if (rc != 0) {
            throw Errors.exception(rc, "start");
        }
        Activation a = new Activation();
        current = a;
        return a;
    }

    @Override
    int releaseOnce() {
        LIVE.decrementAndGet();
        int rc = JniPersistent.free(handle, type);
        if (arena != null) {
            arena.close();
        }
        return rc;
    }

    /** One activation of this request. */
    private final class Activation extends LibraryPersistent.Activation {
        Activation() {
            super(NativePersistent.this.session, description);
        }

        @Override
        void finish(int rc, long[] st) {
            if (rc != 0) {
                MpiException e = Errors.exception(rc, send ? "send" : "recv");
                complete(new Status(peer, tag, 0, datatype, false, e.errorClass()), e);
                return;
            }
            int err = (int) st[5];
            ErrorClass cls = err == 0 ? ErrorClass.SUCCESS : Errors.errorClass(err);
            complete(status(st, cls), err == 0 ? null : Errors.exception(err, send ? "send" : "recv"));
        }

        /** The status of the activation; a successful receive into a heap array is copied out first. */
        private Status status(long[] st, ErrorClass err) {
            if (send) {
                return new Status(peer, tag, mem.byteSize(), datatype, st[4] != 0, err);
            }
            if (err != ErrorClass.SUCCESS) {
                // as JniComm's receives: after a failure (ERR_TRUNCATE) MPI does not say what the
                // staging memory holds, so the program's array keeps its contents
                return new Status((int) st[1], (int) st[2], st[3], datatype, false, err);
            }
            if (st[4] != 0) {
                return new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, datatype, true, err);
            }
            if (arena != null) {
                MemorySegment.copy(mem, 0, user, 0, Math.min(st[3], mem.byteSize()));
            }
            return new Status((int) st[1], (int) st[2], st[3], datatype, false, err);
        }

        @Override
        public void cancel() {
            if (!isDone()) {
                int rc = JniPersistent.cancel(handle);
                if (rc != 0) {
                    throw Errors.exception(rc, "cancel");
                }
            }
        }
    }
}
