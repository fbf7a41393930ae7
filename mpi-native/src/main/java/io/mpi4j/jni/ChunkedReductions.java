package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * Reductions of more elements than an {@code int} counts (reduce, allreduce, scan, exscan,
 * reduce-scatter and reduce-scatter-block with a predefined operation on a predefined datatype):
 * MPI's counts are {@code int}, so the call becomes consecutive MPI reductions of at most
 * {@link #CHUNK} elements each, over consecutive slices of the buffers. The predefined operations
 * work element by element, so the slices are independent and the result is the one call's. MPI
 * requires the same count on every rank, so every rank splits alike.
 *
 * <p>A reduce-scatter becomes one MPI_Reduce per block, to the rank that block belongs to, each
 * sliced as above: a block is consecutive memory in every rank's operands, where a slice of the
 * whole reduce-scatter would not be. With {@code IN_PLACE} the root of each block reduces it in
 * place, where it lies among the operands, and moves its result to the front of the buffer when
 * every block is done (MPI-4.1 §6.10.1: the result goes to the start of the receive buffer).
 *
 * <p>Nonblocking: every slice's nonblocking reduction is started at once (a communicator's
 * collectives match in the order they are started, on every rank) and the request completes when
 * all of them have; under {@link WaitPolicy#POLL} a blocking call is that, polled.
 *
 * <p>On an intercommunicator only an allreduce comes here, whose count every rank of both groups
 * has; the other reductions there go to {@link LargeInterCollectives}.
 */
final class ChunkedReductions {
    /** The most elements one MPI call reduces: a power of two well inside {@code int}. */
    static final long CHUNK = 1L << 30;

    /** The {@code kind} argument of {@link Jni#reduce}. */
    private static final int REDUCE = 0;
    private static final int ALLREDUCE = 1;
    private static final int SCAN = 2;
    private static final int EXSCAN = 3;

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
            case Collective.Reduce c -> large(c.op(), operands(c.send(), c.recv()), c.send(), c.recv());
            case Collective.Allreduce c -> large(c.op(), c.recv(), c.send(), c.recv());
            case Collective.Scan c -> large(c.op(), c.recv(), c.send(), c.recv());
            case Collective.Exscan c -> large(c.op(), c.recv(), c.send(), c.recv());
            case Collective.ReduceScatter c -> large(c.op(), operands(c.send(), c.recv()), c.send(), c.recv());
            case Collective.ReduceScatterBlock c -> large(c.op(), operands(c.send(), c.recv()), c.send(), c.recv());
            default -> false;
        };
    }

    /** The buffer that holds the operands: the receive buffer with IN_PLACE (or at a reduce's root without one). */
    private static Buf operands(Buf send, Buf recv) {
        return send == null || send.isInPlace() ? recv : send;
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
     * One MPI reduction of the split call.
     *
     * @param kind {@link Jni#reduce}'s kind
     * @param send the operands' address ({@link Jni#IN_PLACE}, or 0 where the rank has none)
     * @param recv the result's address (0 where the rank receives none)
     * @param count the elements
     * @param root the root of a reduce
     */
    private record Piece(int kind, long send, long recv, int count, int root) {
    }

    /**
     * Runs the reduction slice by slice.
     *
     * @param comm the communicator (an intracommunicator)
     * @param call a collective {@link #applies} to
     * @param start whether to start it (nonblocking) rather than complete it
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest run(JniComm comm, Collective call, boolean start) {
        Buf send;
        Buf recv;
        Op op;
        switch (call) {
            case Collective.Reduce c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            case Collective.Allreduce c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            case Collective.Scan c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            case Collective.Exscan c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            case Collective.ReduceScatter c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            case Collective.ReduceScatterBlock c -> {
                send = c.send(); recv = c.recv(); op = c.op();
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " is not a reduction that splits");
        }
        Buf data = operands(send, recv);
        long elementBytes = data.datatype().size();
        int type = Types.code(data.datatype());
        NativeCollectives.Frame f = new NativeCollectives.Frame();
        Arena scratch = null;
        long sendAt;
        long recvAt;
        try {
            if (call instanceof Collective.Exscan && comm.rank() == 0) {
                // MPI leaves rank 0's exscan result undefined (and may write there); mpi4j leaves it
                // alone: MPI writes scratch memory, and reads the operands (IN_PLACE: the program's
                // buffer) as a send buffer
                sendAt = f.in(send.isInPlace() ? recv : send);
                f.discardOutputs();
                scratch = Arena.ofShared();
                recvAt = f.out(Buf.of(scratch.allocate(recv.byteSize(), 8)));
            } else {
                sendAt = f.in(send);
                recvAt = f.out(recv);
            }
        } catch (RuntimeException e) {
            f.finish(false);
            close(scratch);
            throw e;
        }
        List<Piece> pieces = new ArrayList<>();
        Runnable beforeCopyOut = () -> { };
        switch (call) {
            case Collective.Reduce c -> slices(pieces, REDUCE, sendAt, recvAt, data.count(), elementBytes, c.root());
            case Collective.Allreduce c -> slices(pieces, ALLREDUCE, sendAt, recvAt, data.count(), elementBytes, 0);
            case Collective.Scan c -> slices(pieces, SCAN, sendAt, recvAt, data.count(), elementBytes, 0);
            case Collective.Exscan c -> slices(pieces, EXSCAN, sendAt, recvAt, data.count(), elementBytes, 0);
            case Collective.ReduceScatter c -> beforeCopyOut = blocks(pieces, comm.rank(), send, sendAt, recvAt,
                    c.recvCounts(), elementBytes);
            case Collective.ReduceScatterBlock c -> {
                int[] counts = new int[comm.size()];
                java.util.Arrays.fill(counts, (int) (data.count() / comm.size()));
                beforeCopyOut = blocks(pieces, comm.rank(), send, sendAt, recvAt, counts, elementBytes);
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " is not a reduction that splits");
        }
        int op2 = Types.code(op);
        long[] handles = new long[start ? pieces.size() : 0];
        long[] out = new long[1];
        for (int k = 0; k < pieces.size(); k++) {
            Piece p = pieces.get(k);
            int rc = Jni.reduce(comm.handle, p.kind(), p.send(), p.recv(), p.count(), type, op2, p.root(), start, null,
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
        Runnable move = beforeCopyOut;
        Arena held = scratch;
        Finish finish = ok -> {
            if (ok) {
                move.run();
            }
            f.finish(ok);
            close(held);
        };
        if (!start) {
            finish.finish(true);
            return null;
        }
        JniRequest[] parts = new JniRequest[pieces.size()];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = new JniRequest(comm.session, handles[k], call.name(), "i" + call.name() + " slice " + k,
                    (st, err) -> NativeCollectives.STATUS);
        }
        return new Slices(comm.session, "i" + call.name() + "(comm=" + comm.name() + ", " + parts.length + " slices)",
                parts, finish);
    }

    /** Adds the slices of one reduction of {@code total} elements at the two addresses. */
    private static void slices(List<Piece> pieces, int kind, long send, long recv, long total, long elementBytes,
                               int root) {
        for (long first = 0; first < total; first += CHUNK) {
            long offset = first * elementBytes;
            pieces.add(new Piece(kind, at(send, offset), at(recv, offset), (int) Math.min(CHUNK, total - first), root));
        }
    }

    /**
     * Adds the sliced reduce of each block to its rank.
     *
     * @return what to do once every piece has succeeded: with IN_PLACE, move this rank's block of
     *     the result to the front of the buffer
     */
    private static Runnable blocks(List<Piece> pieces, int rank, Buf send, long sendAt, long recvAt, int[] counts,
                                   long elementBytes) {
        boolean inPlace = send.isInPlace();
        long offset = 0;
        long mine = 0;
        for (int r = 0; r < counts.length; r++) {
            long bytes = offset * elementBytes;
            if (inPlace) {
                // the root reduces its block where it lies; the others send theirs from the same place
                slices(pieces, REDUCE, r == rank ? Jni.IN_PLACE : recvAt + bytes, r == rank ? recvAt + bytes : 0,
                        counts[r], elementBytes, r);
            } else {
                slices(pieces, REDUCE, sendAt + bytes, r == rank ? recvAt : 0, counts[r], elementBytes, r);
            }
            if (r == rank) {
                mine = offset;
            }
            offset += counts[r];
        }
        if (!inPlace || mine == 0) {
            return () -> { };
        }
        long from = mine * elementBytes;
        long length = counts[rank] * elementBytes;
        return () -> {
            // the result is this rank's block of the operands: to the front of the buffer (a memmove)
            Jni.copy(recvAt + from, recvAt, length);
        };
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
