package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps each {@link Collective} record to the MPI collective (MPI-4.1 chapter 6), blocking or
 * nonblocking. The data-movement collectives go to {@link TypedCollectives}, with MPI datatypes
 * (derived ones included) and counts of any size; the reductions use the predefined datatypes
 * and operations here ({@link ChunkedReductions} splits those of more than {@code int} elements).
 * What MPI cannot express directly ({@code *Bytes} object collectives, REPLACE/NO_OP) goes to the
 * provider-neutral algorithms on the communicator's collective context; {@link #route} decides,
 * identically on every rank.
 */
final class NativeCollectives {
    static final Status STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    /** Intercommunicator collectives handed to this process's library, for the tests that check the mapping. */
    private static final java.util.concurrent.atomic.AtomicLong INTERCOMM_CALLS = new java.util.concurrent.atomic.AtomicLong();

    private NativeCollectives() {
    }

    /**
     * Returns how many intercommunicator collectives this process has handed to the library.
     *
     * @return the count
     */
    static long intercommCalls() {
        return INTERCOMM_CALLS.get();
    }

    /** How a collective goes to the library, decided once per call ({@link #route}). */
    enum Route {
        /** {@link TypedCollectives}: a data-movement call, with MPI datatypes and counts of any size. */
        TYPED,
        /** {@link #invoke}: predefined datatypes and operations, counts an int holds. */
        PREDEFINED,
        /** {@link ChunkedReductions}: a reduction over more elements than an int counts, split. */
        CHUNKED,
        /** Not the library's: the provider-neutral algorithms. */
        PORTABLE
    }

    /**
     * Decides how the call maps, identically on every rank (the common case, a reduction with
     * predefined types, is answered first: this runs on every collective call).
     *
     * @param call the collective
     * @param size the communicator's size
     * @return the route
     */
    static Route route(Collective call, int size) {
        if (TypedCollectives.applies(call)) {
            return Route.TYPED;
        }
        if (supportsPredefined(call, size)) {
            return Route.PREDEFINED;
        }
        return ChunkedReductions.applies(call) ? Route.CHUNKED : Route.PORTABLE;
    }

    /**
     * Whether {@link #invoke} maps the call: predefined datatypes and operations, counts an int can
     * hold (the persistent collectives use this path, not {@link TypedCollectives}).
     */
    static boolean supportsPredefined(Collective call, int size) {
        return switch (call) {
            case Collective.Barrier b -> true;
            case Collective.Bcast c -> types(c.buf());
            case Collective.Gather c -> types(c.send(), c.recv());
            case Collective.Gatherv c -> types(c.send()) && (c.recv() == null || types(c.recv().buf()));
            case Collective.Scatter c -> types(c.send(), c.recv());
            case Collective.Scatterv c -> types(c.recv()) && (c.send() == null || types(c.send().buf()));
            case Collective.Allgather c -> types(c.send(), c.recv());
            case Collective.Allgatherv c -> types(c.send()) && types(c.recv().buf());
            case Collective.Alltoall c -> types(c.send(), c.recv());
            case Collective.Alltoallv c -> (c.send() == null || types(c.send().buf())) && types(c.recv().buf());
            case Collective.Alltoallw c -> wtypes(c.send()) && wtypes(c.recv());
            case Collective.Reduce c -> ops(c.op(), c.send(), c.recv());
            case Collective.Allreduce c -> ops(c.op(), c.send(), c.recv());
            case Collective.ReduceScatter c -> ops(c.op(), c.send(), c.recv());
            case Collective.ReduceScatterBlock c -> ops(c.op(), c.send(), c.recv());
            case Collective.Scan c -> ops(c.op(), c.send(), c.recv());
            case Collective.Exscan c -> ops(c.op(), c.send(), c.recv());
            default -> false;
        };
    }

    /** Counts a collective on an intercommunicator ({@link #intercommCalls}). */
    static void countIntercomm() {
        INTERCOMM_CALLS.incrementAndGet();
    }

    /**
     * A broadcast on an intercommunicator as the scatterv that moves the same data: the root's
     * whole buffer is every remote process's block (MPICH 4.0's MPI_Ibcast there loses the data,
     * {@link JniSession#interIbcastBroken}; the scatterv is its flat algorithm).
     *
     * @param b the broadcast
     * @param remoteSize the size of the remote group
     * @return the scatterv, for every rank of both groups alike; a broadcast of more bytes than an
     *     {@code int} counts goes to {@link LargeInterCollectives} instead
     */
    static Collective.Scatterv bcastAsScatterv(Collective.Bcast b, int remoteSize) {
        if (b.root() != Mpi.ROOT) {
            return new Collective.Scatterv(null, b.root() == Mpi.PROC_NULL ? null : b.buf(), b.root());
        }
        // a packed copy is bytes to the library (TypedCollectives): its blocks are counted in bytes
        Buf data = b.buf().isPacked() ? Buf.of(b.buf().segment()) : b.buf();
        int[] counts = new int[remoteSize];
        java.util.Arrays.fill(counts, (int) data.count());
        return new Collective.Scatterv(VBuf.of(data, counts, new int[remoteSize]), null, Mpi.ROOT);
    }

    private static boolean types(Buf... bufs) {
        for (Buf b : bufs) {
            if (b != null && !b.isInPlace() && (Types.code(b.datatype()) < 0 || b.count() > Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    private static boolean wtypes(WBuf w) {
        if (w == null) {
            return true;
        }
        for (Datatype t : w.types()) {
            if (Types.code(t) < 0) {
                return false;
            }
        }
        for (long d : w.byteDispls()) {
            if (d > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static boolean ops(Op op, Buf... bufs) {
        return Types.code(op) >= 0 && types(bufs);
    }

    /** The datatype code of the first real buffer. */
    private static int type(Buf... bufs) {
        for (Buf b : bufs) {
            if (b != null && !b.isInPlace()) {
                return Types.code(b.datatype());
            }
        }
        return 0;
    }

    private static int count(Buf b) {
        return b == null || b.isInPlace() ? 0 : (int) b.count();
    }

    /**
     * The memory of one call as MPI sees it: native addresses of the buffers (inputs copied in,
     * outputs copied out after completion, each implementation deciding when) and of the counts,
     * displacements and type codes of the v and w forms.
     */
    interface Memory {
        /** A buffer MPI reads. */
        long in(Buf b);

        /** A buffer MPI writes: staged with its contents so that what MPI leaves alone stays as it was. */
        long out(Buf b);

        long ints(int[] v);

        long longs(long[] v);

        /** The outputs are not the program's to see (rank 0 of an exscan): never copied out. */
        void discardOutputs();

        /**
         * The heap array the send buffer's address is an offset into ({@link HeapPins}), or {@code null}.
         *
         * @return the array, or {@code null} where the address is native
         */
        default Object sendArray() {
            return null;
        }

        /**
         * The heap array the receive buffer's address is an offset into, or {@code null}.
         *
         * @return the array, or {@code null} where the address is native
         */
        default Object recvArray() {
            return null;
        }
    }

    /**
     * The native calls of {@link #invoke}: {@link Jni}'s blocking or nonblocking collectives
     * ({@link #IMMEDIATE}), or the persistent ones of {@link NativePersistentCollectives}. Same
     * arguments as {@link Jni}'s methods.
     */
    interface Lib {
        int barrier(long comm, boolean start, long[] out);

        int bcast(long comm, long buf, int count, int type, int root, boolean start, long[] out);

        int gather(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start, long[] out);

        int gatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt, int root,
                    boolean start, long[] out);

        int scatter(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start, long[] out);

        int scatterv(long comm, long send, long counts, long displs, int st, long recv, int rc, int rt, int root,
                     boolean start, long[] out);

        int allgather(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start, long[] out);

        int allgatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt, boolean start,
                       long[] out);

        int alltoall(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start, long[] out);

        int alltoallv(long comm, long send, long sc, long sd, int st, long recv, long rc, long rd, int rt, boolean start,
                      long[] out);

        int alltoallw(long comm, int n, long send, long sc, long sd, long stypes, long recv, long rc, long rd,
                      long rtypes, boolean start, long[] out);

        int reduce(long comm, int kind, long send, long recv, int count, int type, int op, int root, boolean start,
                   Object sArr, Object rArr, long[] out);

        int reduceScatter(long comm, long send, long recv, long counts, int type, int op, boolean start, Object sArr,
                          Object rArr, long[] out);
    }

    /** The blocking and nonblocking collectives of {@link Jni}. */
    static final Lib IMMEDIATE = new Lib() {
        @Override
        public int barrier(long comm, boolean start, long[] out) {
            return Jni.barrier(comm, start, out);
        }

        @Override
        public int bcast(long comm, long buf, int count, int type, int root, boolean start, long[] out) {
            return Jni.bcast(comm, buf, count, type, root, start, out);
        }

        @Override
        public int gather(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start,
                          long[] out) {
            return Jni.gather(comm, send, sc, st, recv, rc, rt, root, start, out);
        }

        @Override
        public int gatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt, int root,
                           boolean start, long[] out) {
            return Jni.gatherv(comm, send, sc, st, recv, counts, displs, rt, root, start, out);
        }

        @Override
        public int scatter(long comm, long send, int sc, int st, long recv, int rc, int rt, int root, boolean start,
                           long[] out) {
            return Jni.scatter(comm, send, sc, st, recv, rc, rt, root, start, out);
        }

        @Override
        public int scatterv(long comm, long send, long counts, long displs, int st, long recv, int rc, int rt, int root,
                            boolean start, long[] out) {
            return Jni.scatterv(comm, send, counts, displs, st, recv, rc, rt, root, start, out);
        }

        @Override
        public int allgather(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start,
                             long[] out) {
            return Jni.allgather(comm, send, sc, st, recv, rc, rt, start, out);
        }

        @Override
        public int allgatherv(long comm, long send, int sc, int st, long recv, long counts, long displs, int rt,
                              boolean start, long[] out) {
            return Jni.allgatherv(comm, send, sc, st, recv, counts, displs, rt, start, out);
        }

        @Override
        public int alltoall(long comm, long send, int sc, int st, long recv, int rc, int rt, boolean start,
                            long[] out) {
            return Jni.alltoall(comm, send, sc, st, recv, rc, rt, start, out);
        }

        @Override
        public int alltoallv(long comm, long send, long sc, long sd, int st, long recv, long rc, long rd, int rt,
                             boolean start, long[] out) {
            return Jni.alltoallv(comm, send, sc, sd, st, recv, rc, rd, rt, start, out);
        }

        @Override
        public int alltoallw(long comm, int n, long send, long sc, long sd, long stypes, long recv, long rc, long rd,
                             long rtypes, boolean start, long[] out) {
            return Jni.alltoallw(comm, n, send, sc, sd, stypes, recv, rc, rd, rtypes, start, out);
        }

        @Override
        public int reduce(long comm, int kind, long send, long recv, int count, int type, int op, int root,
                          boolean start, Object sArr, Object rArr, long[] out) {
            return Jni.reduce(comm, kind, send, recv, count, type, op, root, start, sArr, rArr, out);
        }

        @Override
        public int reduceScatter(long comm, long send, long recv, long counts, int type, int op, boolean start,
                                 Object sArr, Object rArr, long[] out) {
            return Jni.reduceScatter(comm, send, recv, counts, type, op, start, sArr, rArr, out);
        }
    };

    /** The memory of one MPI call, released when it has completed (outputs copied back if it succeeded). */
    interface CallMemory {
        /**
         * Releases the memory.
         *
         * @param succeeded whether the call succeeded: then outputs are copied back to the program's buffers
         */
        void finish(boolean succeeded);
    }

    /** One MPI call: returns the error code; a started call's request goes to {@code out[0]}. */
    interface MpiCall {
        int call(long[] out);
    }

    /**
     * Makes a collective's MPI call and completes it: blocking, the memory is finished at once;
     * started, the request finishes it when the operation completes. Shared by every mapping of a
     * collective to one MPI call ({@link #run}, {@link TypedCollectives}, {@link NativeNeighborCollectives}).
     *
     * @param comm the communicator
     * @param name the operation's name, for errors and the request's description
     * @param memory the call's memory
     * @param start whether the call starts the nonblocking form
     * @param call the MPI call
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest complete(JniComm comm, String name, CallMemory memory, boolean start, MpiCall call) {
        long[] out = new long[1];
        int rc;
        try {
            rc = call.call(out);
        } catch (RuntimeException e) {
            memory.finish(false);
            throw e;
        }
        if (rc != 0) {
            memory.finish(false);
            throw Errors.exception(rc, name);
        }
        if (!start) {
            memory.finish(true);
            return null;
        }
        return new JniRequest(comm.session, out[0], name, "i" + name + "(comm=" + comm.name() + ")", (st, err) -> {
            memory.finish(err == ErrorClass.SUCCESS);
            return STATUS;
        });
    }

    /** Collects the memory of one call: inputs copied in, outputs copied out after completion. */
    static final class Frame implements Memory, CallMemory {
        final List<Mem> all = new ArrayList<>(4);
        final List<Mem> outputs = new ArrayList<>(2);
        boolean copyOut = true;
        /** The heap arrays read and written in place (a blocking call under G1), else none. */
        private final HeapPins pins;

        /** The memory of a nonblocking call (or of one whose arrays must be staged). */
        Frame() {
            this(false);
        }

        /**
         * @param blocking whether the call completes before it returns: then heap arrays may go in place
         */
        Frame(boolean blocking) {
            this.pins = new HeapPins(blocking);
        }

        @Override
        public Object sendArray() {
            return pins.send();
        }

        @Override
        public Object recvArray() {
            return pins.recv();
        }

        @Override
        public long in(Buf b) {
            long offset = pins.take(b, false);
            if (offset >= 0) {
                return offset;
            }
            Mem m = Mem.of(b, true);
            all.add(m);
            return m.address;
        }

        @Override
        public long out(Buf b) {
            long offset = pins.take(b, true);
            if (offset >= 0) {
                return offset;
            }
            Mem m = Mem.of(b, true);
            all.add(m);
            outputs.add(m);
            return m.address;
        }

        @Override
        public long ints(int[] v) {
            Mem m = Mem.ofInts(v);
            all.add(m);
            return m.address;
        }

        @Override
        public long longs(long[] v) {
            Mem m = Mem.ofLongs(v);
            all.add(m);
            return m.address;
        }

        @Override
        public void discardOutputs() {
            copyOut = false;
        }

        @Override
        public void finish(boolean copy) {
            if (copy && copyOut) {
                for (Mem m : outputs) {
                    m.copyOut(m.bytes);
                }
            }
            for (Mem m : all) {
                m.release();
            }
        }
    }

    /**
     * Runs a call the library takes.
     *
     * @param comm the communicator
     * @param call the collective
     * @param route its {@link #route}, not {@link Route#PORTABLE}
     * @param start whether to start it (nonblocking) rather than complete it
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest run(JniComm comm, Collective call, Route route, boolean start) {
        return switch (route) {
            case TYPED -> TypedCollectives.run(comm, call, start);
            case CHUNKED -> ChunkedReductions.run(comm, call, start);
            case PREDEFINED -> {
                Frame f = new Frame(!start);
                yield complete(comm, call.name(), f, start, out -> invoke(comm, call, f, IMMEDIATE, start, out));
            }
            case PORTABLE -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " has no native mapping");
        };
    }

    /**
     * Makes the MPI call of one collective through {@code lib}, with the memory {@code f} gives.
     *
     * @return the MPI error code; the request, if any, is in {@code out[0]}
     */
    static int invoke(JniComm comm, Collective call, Memory f, Lib lib, boolean start, long[] out) {
        long h = comm.handle;
        return switch (call) {
            case Collective.Barrier b -> lib.barrier(h, start, out);
            case Collective.Bcast c -> lib.bcast(h, f.out(c.buf()), count(c.buf()), type(c.buf()), c.root(), start, out);
            case Collective.Gather c -> {
                int t = type(c.send(), c.recv());
                int rcount = c.recv() == null ? 0 : (int) (c.recv().count() / comm.size());
                yield lib.gather(h, f.in(c.send()), count(c.send()), t, f.out(c.recv()), rcount, t, c.root(), start, out);
            }
            case Collective.Gatherv c -> {
                VBuf r = c.recv();
                int t = type(c.send(), r == null ? null : r.buf());
                yield lib.gatherv(h, f.in(c.send()), count(c.send()), t, r == null ? 0 : f.out(r.buf()),
                        r == null ? 0 : f.ints(r.counts()), r == null ? 0 : f.ints(r.displs()), t, c.root(), start, out);
            }
            case Collective.Scatter c -> {
                int t = type(c.recv(), c.send());
                int scount = c.send() == null ? 0 : (int) (c.send().count() / comm.size());
                yield lib.scatter(h, f.in(c.send()), scount, t, f.out(c.recv()), c.recv().isInPlace() ? scount : count(c.recv()),
                        t, c.root(), start, out);
            }
            case Collective.Scatterv c -> {
                VBuf s = c.send();
                int t = type(c.recv(), s == null ? null : s.buf());
                yield lib.scatterv(h, s == null ? 0 : f.in(s.buf()), s == null ? 0 : f.ints(s.counts()),
                        s == null ? 0 : f.ints(s.displs()), t, f.out(c.recv()), count(c.recv()), t, c.root(), start, out);
            }
            case Collective.Allgather c -> {
                int t = type(c.recv());
                int rcount = (int) (c.recv().count() / comm.size());
                yield lib.allgather(h, f.in(c.send()), c.send().isInPlace() ? rcount : count(c.send()), t,
                        f.out(c.recv()), rcount, t, start, out);
            }
            case Collective.Allgatherv c -> {
                VBuf r = c.recv();
                int t = type(r.buf());
                yield lib.allgatherv(h, f.in(c.send()), count(c.send()), t, f.out(r.buf()), f.ints(r.counts()),
                        f.ints(r.displs()), t, start, out);
            }
            case Collective.Alltoall c -> {
                int t = type(c.recv());
                int n = (int) (c.recv().count() / comm.size());
                yield lib.alltoall(h, f.in(c.send()), n, t, f.out(c.recv()), n, t, start, out);
            }
            case Collective.Alltoallv c -> {
                VBuf s = c.send();
                VBuf r = c.recv();
                int t = type(r.buf());
                yield lib.alltoallv(h, s == null ? Jni.IN_PLACE : f.in(s.buf()), s == null ? 0 : f.ints(s.counts()),
                        s == null ? 0 : f.ints(s.displs()), s == null ? t : type(s.buf()), f.out(r.buf()),
                        f.ints(r.counts()), f.ints(r.displs()), t, start, out);
            }
            case Collective.Alltoallw c -> {
                WBuf s = c.send();
                WBuf r = c.recv();
                int n = comm.size();
                yield lib.alltoallw(h, n, s == null ? Jni.IN_PLACE : f.in(Buf.of(s.memory())),
                        s == null ? 0 : f.ints(s.counts()), s == null ? 0 : f.ints(intDispls(s)),
                        s == null ? 0 : f.longs(codes(s)), f.out(Buf.of(r.memory())), f.ints(r.counts()),
                        f.ints(intDispls(r)), f.longs(codes(r)), start, out);
            }
            case Collective.Reduce c -> {
                // on an intercommunicator the root has no send buffer and PROC_NULL ranks neither
                Buf data = c.send() == null || c.send().isInPlace() ? c.recv() : c.send();
                yield lib.reduce(h, 0, f.in(c.send()), f.out(c.recv()), count(data), type(data),
                        Types.code(c.op()), c.root(), start, f.sendArray(), f.recvArray(), out);
            }
            case Collective.Allreduce c -> lib.reduce(h, 1, f.in(c.send()), f.out(c.recv()), count(c.recv()),
                    type(c.recv()), Types.code(c.op()), 0, start, f.sendArray(), f.recvArray(), out);
            case Collective.Scan c -> lib.reduce(h, 2, f.in(c.send()), f.out(c.recv()), count(c.recv()),
                    type(c.recv()), Types.code(c.op()), 0, start, f.sendArray(), f.recvArray(), out);
            case Collective.Exscan c -> {
                // MPI leaves rank 0's receive buffer undefined; mpi4j leaves it unchanged: MPI gets a
                // scratch buffer there, and with IN_PLACE reads rank 0's operands from the program's
                // buffer as a send buffer (for a persistent exscan, at every start)
                boolean first = comm.rank() == 0;
                if (first) {
                    f.discardOutputs();
                }
                Buf send = first && c.send().isInPlace() ? c.recv() : c.send();
                long sendAt = f.in(send);
                long recv = first ? f.out(Buf.of(java.lang.foreign.MemorySegment.ofArray(new byte[(int) c.recv().byteSize()])))
                        : f.out(c.recv());
                yield lib.reduce(h, 3, sendAt, recv, count(c.recv()), type(c.recv()), Types.code(c.op()), 0,
                        start, f.sendArray(), f.recvArray(), out);
            }
            case Collective.ReduceScatterBlock c -> {
                int n = c.send().isInPlace() ? count(c.recv()) / comm.size() : count(c.recv());
                yield lib.reduce(h, 4, f.in(c.send()), f.out(c.recv()), n, type(c.recv()), Types.code(c.op()), 0,
                        start, f.sendArray(), f.recvArray(), out);
            }
            case Collective.ReduceScatter c -> {
                // MPICH 4.0 with IN_PLACE moves the result to the front with an overlapping memcpy (JniSession)
                Buf send = c.send().isInPlace() && comm.session.inPlaceReduceScatterBroken ? Buf.of(copyOf(c.recv()))
                        : c.send();
                yield lib.reduceScatter(h, f.in(send), f.out(c.recv()), f.ints(c.recvCounts()), type(c.recv()),
                        Types.code(c.op()), start, f.sendArray(), f.recvArray(), out);
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " has no native mapping");
        };
    }

    /** A private copy of a buffer's memory in native memory, so that MPI may scribble on it. */
    private static java.lang.foreign.MemorySegment copyOf(Buf b) {
        byte[] a = b.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return java.lang.foreign.MemorySegment.ofArray(a);
    }

    private static int[] intDispls(WBuf w) {
        long[] d = w.byteDispls();
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) d[i];
        }
        return r;
    }

    /** The datatype codes of a WBuf's blocks, as 64-bit values (the glue rewrites them into MPI handles in place). */
    static long[] codes(WBuf w) {
        Datatype[] t = w.types();
        long[] r = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = Types.code(t[i]);
        }
        return r;
    }
}
