package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;

/**
 * Reductions of more elements than an {@code int} counts (reduce, allreduce, scan and exscan with a
 * predefined operation on a predefined datatype): MPI's counts are {@code int}, so the call becomes
 * consecutive MPI reductions of at most {@link #CHUNK} elements each, over consecutive slices of the
 * buffers. The predefined operations work element by element, so the slices are independent and the
 * result is the one call's. MPI requires the same count on every rank, so every rank splits alike.
 *
 * <p>Nonblocking: every slice's nonblocking reduction is started at once (a communicator's
 * collectives match in the order they are started, on every rank) and the request completes when
 * all of them have; under {@link WaitPolicy#POLL} a blocking call is that, polled.
 *
 * <p>Reduce-scatter keeps the provider-neutral algorithms beyond {@code int} counts: its blocks
 * cannot be sliced into consecutive memory.
 */
final class ChunkedReductions {
    /** The most elements one MPI call reduces: a power of two well inside {@code int}. */
    static final long CHUNK = 1L << 30;

    private ChunkedReductions() {
    }

    /**
     * Tells whether this is a reduction with a predefined operation and datatype over more elements
     * than an {@code int} counts; the answer is the same on every rank.
     *
     * @param call the collective
     * @return whether {@link #run} takes it
     */
    static boolean applies(Collective call) {
        return switch (call) {
            case Collective.Reduce c -> large(c.op(), c.send() == null || c.send().isInPlace() ? c.recv() : c.send(), c.send(),
                    c.recv());
            case Collective.Allreduce c -> large(c.op(), c.recv(), c.send(), c.recv());
            case Collective.Scan c -> large(c.op(), c.recv(), c.send(), c.recv());
            case Collective.Exscan c -> large(c.op(), c.recv(), c.send(), c.recv());
            default -> false;
        };
    }

    /** {@code data} is the buffer whose count every rank shares; every real buffer must be predefined. */
    private static boolean large(Op op, Buf data, Buf... bufs) {
        if (Types.code(op) < 0 || data == null || data.isInPlace() || data.count() <= Integer.MAX_VALUE) {
            return false;
        }
        for (Buf b : bufs) {
            if (b != null && !b.isInPlace() && Types.code(b.datatype()) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the reduction slice by slice.
     *
     * @param comm the communicator
     * @param call a collective {@link #applies} to
     * @param start whether to start it (nonblocking) rather than complete it
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest run(JniComm comm, Collective call, boolean start) {
        Buf send;
        Buf recv;
        int kind;
        int root = 0;
        Op op;
        switch (call) {
            case Collective.Reduce c -> {
                send = c.send(); recv = c.recv(); kind = 0; root = c.root(); op = c.op();
            }
            case Collective.Allreduce c -> {
                send = c.send(); recv = c.recv(); kind = 1; op = c.op();
            }
            case Collective.Scan c -> {
                send = c.send(); recv = c.recv(); kind = 2; op = c.op();
            }
            case Collective.Exscan c -> {
                send = c.send(); recv = c.recv(); kind = 3; op = c.op();
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " is not a reduction that splits");
        }
        Buf data = send == null || send.isInPlace() ? recv : send;
        long total = data.count();
        long elementBytes = data.datatype().size();
        int type = Types.code(data.datatype());
        NativeCollectives.Frame f = new NativeCollectives.Frame();
        Arena scratch = null;
        long sendAt;
        long recvAt;
        try {
            sendAt = f.in(send);
            if (kind == 3 && comm.rank() == 0) {
                // MPI leaves rank 0's exscan result undefined (and may write there); mpi4j leaves it alone
                f.discardOutputs();
                scratch = Arena.ofShared();
                recvAt = f.out(Buf.of(scratch.allocate(recv.byteSize(), 8)));
            } else {
                recvAt = f.out(recv);
            }
        } catch (RuntimeException e) {
            f.finish(false);
            close(scratch);
            throw e;
        }
        int slices = (int) ((total + CHUNK - 1) / CHUNK);
        long[] handles = new long[start ? slices : 0];
        long[] out = new long[1];
        int op2 = Types.code(op);
        for (int k = 0; k < slices; k++) {
            long first = k * CHUNK;
            int n = (int) Math.min(CHUNK, total - first);
            long offset = first * elementBytes;
            int rc = Jni.reduce(comm.handle, kind, at(sendAt, offset), at(recvAt, offset), n, type, op2, root, start, null,
                    null, out);
            if (rc != 0) {
                // the slices started before this one still run: let them finish before the memory goes
                for (int j = 0; j < k && start; j++) {
                    Jni.test(handles[j], true, new long[7]);
                }
                f.finish(false);
                close(scratch);
                throw Errors.exception(rc, call.name());
            }
            if (start) {
                handles[k] = out[0];
            }
        }
        if (!start) {
            f.finish(true);
            close(scratch);
            return null;
        }
        JniRequest[] parts = new JniRequest[slices];
        for (int k = 0; k < slices; k++) {
            parts[k] = new JniRequest(comm.session, handles[k], call.name(), "i" + call.name() + " slice " + k,
                    (st, err) -> NativeCollectives.STATUS);
        }
        Arena held = scratch;
        return new Slices(comm.session, "i" + call.name() + "(comm=" + comm.name() + ", " + slices + " slices)", parts,
                ok -> {
                    f.finish(ok);
                    close(held);
                });
    }

    /** The address of a slice: MPI_IN_PLACE and "no buffer" stay what they are. */
    private static long at(long base, long offset) {
        return base == Jni.IN_PLACE || base == 0 ? base : base + offset;
    }

    private static void close(Arena a) {
        if (a != null) {
            a.close();
        }
    }

    /** What to do when every slice has completed: copy results out (if they succeeded) and release memory. */
    private interface Finish {
        void finish(boolean succeeded);
    }

    /** The request of a sliced nonblocking reduction: complete when every slice is, failed with the first failure. */
    private static final class Slices extends NativeRequest {
        private final JniRequest[] parts;
        private final Finish finish;

        Slices(JniSession session, String description, JniRequest[] parts, Finish finish) {
            super(session, description);
            this.parts = parts;
            this.finish = finish;
        }

        @Override
        void poll() {
            for (JniRequest p : parts) {
                if (!p.isDone()) {
                    p.poll();
                }
            }
            settle();
        }

        @Override
        void await() {
            for (JniRequest p : parts) {
                p.await();
            }
            settle();
        }

        private synchronized void settle() {
            if (isDone()) {
                return;
            }
            MpiException failure = null;
            for (JniRequest p : parts) {
                if (!p.isDone()) {
                    return;
                }
                if (failure == null) {
                    failure = p.failure();
                }
            }
            finish.finish(failure == null);
            complete(NativeCollectives.STATUS, failure);
        }

        @Override
        public void cancel() {
            // a collective cannot be cancelled (MPI-4.1 §3.8.4): it completes on its own
        }
    }
}
