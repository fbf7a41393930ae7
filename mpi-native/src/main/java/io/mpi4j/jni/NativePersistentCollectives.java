package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiPersistent;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A persistent collective of the library itself (MPI-4.1 §6.13): MPI_Bcast_init and the other
 * {@code *_init} collectives (Open MPI 4.1: {@code MPIX_*_init}) once, MPI_Start at each start,
 * MPI_Request_free at the end.
 *
 * <p>MPI keeps every address it is given until the request is freed: buffers, and the counts,
 * displacements and type arrays of the v and w forms. Native memory is handed over as it is; heap
 * memory, which the garbage collector may move, gets native staging memory that lives as long as
 * the request. At each start the program's inputs, and the current contents of its outputs (so
 * that what MPI leaves alone, such as the gaps of a v buffer, stays as it was), are copied in; at
 * each successful completion the outputs are copied out.
 *
 * <p>What {@link NativeCollectives#supportsPredefined} does not map (object collectives, user-defined
 * operations, counts beyond {@code int}), and every call where the library has no persistent
 * collectives, stays with the API's emulation: {@link #create} returns empty, identically on
 * every rank since it depends only on the arguments every rank agrees on and on the library.
 */
final class NativePersistentCollectives extends LibraryPersistent {
    /** Persistent collectives created and not yet released in this process: what tests look at. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final JniSession session;
    private final JniComm comm;
    private final String description;
    private final Staging memory;

    private NativePersistentCollectives(JniComm comm, Collective call, Staging memory, long handle) {
        this.session = comm.session;
        this.comm = comm;
        this.description = call.name() + "_init(comm=" + comm.name() + ")";
        this.memory = memory;
        this.handle = handle;
        LIVE.incrementAndGet();
        comm.users.hold();
    }

    /** Whether the loaded library has persistent collectives that work (asked once, after it is loaded). */
    private static final class Available {
        static final boolean VALUE = usable(JniPersistentCollectives.available(), Jni.libraryVersion());
    }

    /**
     * Whether the library's persistent collectives are used: the glue was built with them, and the
     * library is not MPICH 4.0. MPICH 4.0.2's own (checked in C, data changed between starts as
     * MPI-4.1 §6.13 allows): MPI_Gather_init delivers the send buffers as they were at the init on
     * any number of processes, MPI_Scatter_init and MPI_Allgather_init likewise on two, and with
     * three processes an activation fails with "Invalid communicator" in MPIDU_Sched_progress_state.
     * Open MPI 4.1's MPIX_*_init pass the same check.
     */
    static boolean usable(boolean built, String libraryVersion) {
        return built && !libraryVersion.matches("(?s).*MPICH Version:\\s*4\\.0\\..*");
    }

    /** Whether persistent collectives map to the library's in this process (the same on every rank). */
    static boolean available() {
        return Available.VALUE;
    }

    /**
     * The library's persistent form of {@code call}, or empty where the API must emulate it.
     *
     * @param comm the communicator
     * @param call the collective, its buffers the program's own memory (the API has staged nothing)
     * @return the persistent request, inactive
     */
    static Optional<SpiPersistent> create(JniComm comm, Collective call) {
        if (!canCreate(comm, call)) {
            return Optional.empty();
        }
        Staging memory = new Staging();
        long[] out = new long[2];
        int rc;
        try {
            rc = NativeCollectives.invoke(comm, call, memory, PERSISTENT, true, out);
        } catch (RuntimeException e) {
            memory.arena.close();
            throw e;
        }
        if (rc != 0) {
            memory.arena.close();
            throw Errors.exception(rc, call.name() + "_init");
        }
        if (out[1] == 0) {
            // declined by the glue (a call the library is known to get wrong): emulated instead
            memory.arena.close();
            return Optional.empty();
        }
        return Optional.of(new NativePersistentCollectives(comm, call, memory, out[0]));
    }

    /**
     * Whether this rank's side of the call maps: predefined datatypes and operations, counts an int
     * holds (what {@link NativeCollectives#invoke} maps).
     *
     * @param comm the communicator
     * @param call the collective
     * @return whether {@link #create} would make the library's persistent collective
     */
    static boolean canCreate(JniComm comm, Collective call) {
        return Available.VALUE && NativeCollectives.supportsPredefined(call, comm.size());
    }

    /** The number of persistent collectives of the library that this process holds. */
    static int live() {
        return LIVE.get();
    }

    @Override
    public SpiRequest start() {
        if (handle == 0) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "start: " + description
                    + " was freed by the MPI library when an earlier activation failed");
        }
        memory.copyIn();
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
        int rc = JniPersistent.free(handle, 0);
        memory.arena.close();
        comm.users.release();
        return rc;
    }

    /** One activation of this request. */
    private final class Activation extends LibraryPersistent.Activation {
        Activation() {
            super(NativePersistentCollectives.this.session, description);
        }

        @Override
        void finish(int rc, long[] st) {
            int err = rc != 0 ? rc : (int) st[5];
            if (err != 0) {
                MpiException e = Errors.exception(err, description);
                complete(new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE,
                        false, e.errorClass()), e);
                return;
            }
            memory.copyOut();
            complete(NativeCollectives.STATUS, null);
        }

        @Override
        public void cancel() {
            // a collective cannot be cancelled (MPI-4.1 §3.8.4): the activation runs to completion
        }
    }

    /**
     * The memory of the request, for its whole life: native buffers as they are, heap buffers and
     * the int/long arrays of the v and w forms in native memory of {@link #arena}.
     */
    private static final class Staging implements NativeCollectives.Memory {
        final Arena arena = Arena.ofShared();
        /** Pairs {program's memory, staging} copied in at each start. */
        private final List<MemorySegment[]> inputs = new ArrayList<>(4);
        /** Pairs {program's memory, staging} copied out at each successful completion. */
        private final List<MemorySegment[]> outputs = new ArrayList<>(2);
        /** Keeps the program's buffers (and the memory behind them) reachable while MPI holds their addresses. */
        private final List<Buf> keep = new ArrayList<>(4);
        private boolean copyOut = true;

        @Override
        public long in(Buf b) {
            return stage(b, false);
        }

        @Override
        public long out(Buf b) {
            return stage(b, true);
        }

        private long stage(Buf b, boolean output) {
            if (b == null) {
                return 0;
            }
            if (b.isInPlace()) {
                return Jni.IN_PLACE;
            }
            keep.add(b);
            MemorySegment user = b.segment();
            if (user.isNative()) {
                return user.address();
            }
            MemorySegment staged = arena.allocate(Math.max(1, user.byteSize()), 16).asSlice(0, user.byteSize());
            MemorySegment[] pair = {user, staged};
            inputs.add(pair);
            if (output) {
                outputs.add(pair);
            }
            return staged.address();
        }

        @Override
        public long ints(int[] v) {
            if (v == null) {
                return 0;
            }
            MemorySegment m = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, v.length));
            MemorySegment.copy(v, 0, m, ValueLayout.JAVA_INT, 0, v.length);
            return m.address();
        }

        @Override
        public long longs(long[] v) {
            MemorySegment m = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, v.length));
            MemorySegment.copy(v, 0, m, ValueLayout.JAVA_LONG, 0, v.length);
            return m.address();
        }

        @Override
        public void discardOutputs() {
            copyOut = false;
        }

        void copyIn() {
            for (MemorySegment[] p : inputs) {
                MemorySegment.copy(p[0], 0, p[1], 0, p[1].byteSize());
            }
        }

        void copyOut() {
            if (copyOut) {
                for (MemorySegment[] p : outputs) {
                    MemorySegment.copy(p[1], 0, p[0], 0, p[1].byteSize());
                }
            }
        }
    }

    /** {@link JniPersistentCollectives} as a {@link NativeCollectives.Lib}: {@code start} means nothing here. */
    private static final NativeCollectives.Lib PERSISTENT = new NativeCollectives.Lib() {
        @Override
        public int barrier(long comm, boolean start, long[] out) {
            return JniPersistentCollectives.barrier(comm, out);
        }

        @Override
        public int bcast(long comm, long buf, int count, int type, int root, boolean start, long[] out) {
            return JniPersistentCollectives.bcast(comm, buf, count, type, root, out);
        }

        @Override
        public int gather(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start,
                          long[] out) {
            return JniPersistentCollectives.gather(comm, send, sc, st, recv, rc, rt, root, out);
        }

        @Override
        public int gatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt, int root,
                           boolean start, long[] out) {
            return JniPersistentCollectives.gatherv(comm, send, sc, st, recv, counts, displs, rt, root, out);
        }

        @Override
        public int scatter(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start,
                           long[] out) {
            return JniPersistentCollectives.scatter(comm, send, sc, st, recv, rc, rt, root, out);
        }

        @Override
        public int scatterv(long comm, long send, long counts, long displs, int st, long recv, int rc, int rt, int root,
                            boolean start, long[] out) {
            return JniPersistentCollectives.scatterv(comm, send, counts, displs, st, recv, rc, rt, root, out);
        }

        @Override
        public int allgather(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start,
                             long[] out) {
            return JniPersistentCollectives.allgather(comm, send, sc, st, recv, rc, rt, out);
        }

        @Override
        public int allgatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt,
                              boolean start, long[] out) {
            return JniPersistentCollectives.allgatherv(comm, send, sc, st, recv, counts, displs, rt, out);
        }

        @Override
        public int alltoall(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start,
                            long[] out) {
            return JniPersistentCollectives.alltoall(comm, send, sc, st, recv, rc, rt, out);
        }

        @Override
        public int alltoallv(long comm, long send, long sc, long sd, int st, long recv, long rc, long rd, int rt,
                             boolean start, long[] out) {
            return JniPersistentCollectives.alltoallv(comm, send, sc, sd, st, recv, rc, rd, rt, out);
        }

        @Override
        public int alltoallw(long comm, int n, long send, long sc, long sd, long stypes, long recv, long rc, long rd,
                             long rtypes, boolean start, long[] out) {
            return JniPersistentCollectives.alltoallw(comm, n, send, sc, sd, stypes, recv, rc, rd, rtypes, out);
        }

        @Override
        public int reduce(long comm, int kind, long send, long recv, int count, int type, int op, int root,
                          boolean start, Object sArr, Object rArr, long[] out) {
            return JniPersistentCollectives.reduce(comm, kind, send, recv, count, type, op, root, out);
        }

        @Override
        public int reduceScatter(long comm, long send, long recv, long counts, int type, int op, boolean start,
                                 Object sArr, Object rArr, long[] out) {
            return JniPersistentCollectives.reduceScatter(comm, send, recv, counts, type, op, out);
        }
    };
}
