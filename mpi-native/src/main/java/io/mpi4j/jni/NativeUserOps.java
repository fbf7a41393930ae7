package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The reductions with a user-defined {@link Op} (MPI-4.1 §6.9.5), mapped to the MPI reductions
 * with an MPI_Op_create'd operation that calls the Java function ({@link JniOps}): reduce,
 * allreduce, scan, exscan, reduce_scatter and reduce_scatter_block, blocking and nonblocking, on
 * the predefined element types (a non-contiguous type reaches the provider packed, and its
 * operation unpacks: that stays with the provider-neutral algorithms).
 *
 * <p>When the user's function throws, the library still completes the call on every rank (the
 * further applications on this rank are skipped), the receive buffer keeps its contents, and the
 * rank whose function threw raises {@link MpiException}: of the class the function threw, or
 * {@link ErrorClass#ERR_OTHER}, with the exception as its cause.
 */
final class NativeUserOps {
    private NativeUserOps() {
    }

    /** Whether this is a reduction with a user operation that the library can run. */
    static boolean supports(Collective call) {
        return switch (call) {
            case Collective.Reduce c -> user(c.op(), c.send(), c.recv());
            case Collective.Allreduce c -> user(c.op(), c.send(), c.recv());
            case Collective.ReduceScatter c -> user(c.op(), c.send(), c.recv());
            case Collective.ReduceScatterBlock c -> user(c.op(), c.send(), c.recv());
            case Collective.Scan c -> user(c.op(), c.send(), c.recv());
            case Collective.Exscan c -> user(c.op(), c.send(), c.recv());
            default -> false;
        };
    }

    private static boolean user(Op op, Buf... bufs) {
        if (op.isPredefined()) {
            return false;
        }
        for (Buf b : bufs) {
            // the API hands over contiguous elements: predefined, contiguous derived, or packed forms
            if (b != null && !b.isInPlace() && (!b.datatype().isContiguous() || b.count() > Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    /** Runs the reduction; returns its request when {@code start}, else {@code null} once complete. */
    static SpiRequest run(JniComm comm, Collective call, boolean start) {
        Op op;
        Buf send;
        Buf recv;
        int kind;
        int root = 0;
        int[] counts = null;
        switch (call) {
            case Collective.Reduce c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 0; root = c.root();
            }
            case Collective.Allreduce c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 1;
            }
            case Collective.Scan c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 2;
            }
            case Collective.Exscan c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 3;
            }
            case Collective.ReduceScatterBlock c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 4;
            }
            case Collective.ReduceScatter c -> {
                op = c.op(); send = c.send(); recv = c.recv(); kind = 5; counts = c.recvCounts();
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " is not a reduction");
        }
        // the element count and type: of the data a rank contributes (send, or recv in place); on an
        // intercommunicator the root of a reduce has no send buffer, and PROC_NULL ranks have neither
        Buf data = send == null || send.isInPlace() ? recv : send;
        int count = switch (kind) {
            case 0 -> data == null ? 0 : (int) data.count();
            case 4 -> (int) (send.isInPlace() ? recv.count() / comm.size() : recv.count());
            default -> recv == null ? 0 : (int) recv.count();
        };
        // Open MPI 4.1 skips a reduce of count 0 before its nonblocking component sees it, which on
        // an intercommunicator puts PROC_NULL ranks out of step (collectives.c, mpi4j_inter_idle):
        // a rank with nothing to reduce there moves one placeholder element the function never sees
        boolean idle = kind == 0 && count == 0 && comm.isIntercomm();
        Datatype type = data == null ? Datatype.BYTE : data.datatype();
        if (idle) {
            count = 1;
            if (data != null) {
                // the root's receive buffer or a sender's send buffer: room for the one element
                Buf placeholder = Buf.of(MemorySegment.ofArray(new byte[Math.toIntExact(type.size())]));
                if (data == send) {
                    send = placeholder;
                } else {
                    recv = placeholder;
                }
            }
        }
        List<Mem> mems = new ArrayList<>(3);
        Mem in = add(mems, Mem.of(send, true));
        // MPI leaves exscan's result at rank 0 undefined (and may write there); mpi4j leaves it alone
        boolean copyOut = !idle && !(kind == 3 && comm.rank() == 0);
        Mem out = add(mems, copyOut || recv == null ? Mem.of(recv, true) : Mem.of(Buf.of(copyOf(recv)), true));
        Mem cnt = counts == null ? Mem.NONE : add(mems, Mem.ofInts(counts));
        JniOps.Call c;
        try {
            c = JniOps.begin(op, type, idle);
        } catch (RuntimeException e) {
            mems.forEach(Mem::release);
            throw e;
        }
        long[] req = new long[1];
        int rc = JniOps.reduce(comm.handle, kind, in.address, out.address, count, cnt.address, c.type,
                op.isCommutative(), root, start, req);
        if (rc != 0 || !start) {
            finish(c, mems, out, copyOut && rc == 0);
            if (rc != 0) {
                throw Errors.exception(rc, call.name());
            }
            MpiException failure = userFailure(c, call.name());
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        String description = "i" + call.name() + "(op=USER, comm=" + comm.name() + ")";
        JniRequest inner = new JniRequest(comm.session, req[0], call.name(), description, (st, err) -> {
            finish(c, mems, out, copyOut && err == ErrorClass.SUCCESS);
            return NativeCollectives.STATUS;
        });
        return new Request(comm.session, description, inner, c, call.name());
    }

    private static Mem add(List<Mem> mems, Mem m) {
        mems.add(m);
        return m;
    }

    /** Ends the reduction: results copied back unless the user's function failed, memory released. */
    private static void finish(JniOps.Call c, List<Mem> mems, Mem out, boolean copy) {
        JniOps.end(c);
        if (copy && c.failure() == null) {
            out.copyOut(out.bytes);
        }
        mems.forEach(Mem::release);
    }

    /** The exception to raise for the user's function having thrown, or {@code null}. */
    private static MpiException userFailure(JniOps.Call c, String operation) {
        Throwable t = c.failure();
        if (t == null) {
            return null;
        }
        if (t instanceof MpiException m) {
            // Op.apply wrapped the function's exception already (or the function threw one)
            return new MpiException(m.errorClass(), operation + ": " + m.getMessage(), m);
        }
        return new MpiException(ErrorClass.ERR_OTHER, operation + ": the user-defined operation threw " + t, t);
    }

    /** A private copy of a buffer's memory, so that MPI may scribble on it. */
    private static MemorySegment copyOf(Buf b) {
        return MemorySegment.ofArray(b.segment().toArray(ValueLayout.JAVA_BYTE));
    }

    /** A nonblocking reduction: completes with the failure of the user's function, if it threw. */
    private static final class Request extends NativeRequest {
        private final JniRequest inner;
        private final JniOps.Call call;
        private final String operation;

        Request(JniSession session, String description, JniRequest inner, JniOps.Call call, String operation) {
            super(session, description);
            this.inner = inner;
            this.call = call;
            this.operation = operation;
        }

        @Override
        void poll() {
            inner.poll();
            settle();
        }

        @Override
        void await() {
            inner.await();
            settle();
        }

        private void settle() {
            if (inner.isDone()) {
                MpiException f = inner.failure();
                Status s = inner.status();
                complete(s, f != null ? f : userFailure(call, operation));
            }
        }

        @Override
        public void cancel() {
            inner.cancel();
        }
    }
}
