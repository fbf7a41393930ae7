package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.Status;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The messaging of one collective call on one rank: point-to-point messages on the collective
 * context, all with the call's tag, and the waits that rethrow the first failure.
 *
 * <p>Every message of a call carries the tag taken once at the call, so that concurrent
 * nonblocking collectives on one communicator never match each other; within a call, the messages
 * between one pair of ranks are told apart by their order (MPI-4.1 §3.5, non-overtaking), which
 * is why the algorithms never receive from {@code ANY_SOURCE}.
 */
final class CollContext {
    /** Temporary buffers up to this size live on the heap; larger ones in an automatic arena. */
    private static final long MAX_HEAP_TEMP = Integer.MAX_VALUE - 8;

    final CollectiveChannel channel;
    final CommEngine p2p;
    final int rank;
    final int size;
    final int tag;
    /** What this call is, for wait reports: {@code "bcast(root=0, comm=WORLD)"}. */
    final String description;
    /** The receives this call has posted, cancelled if the call fails. */
    private final List<SpiRequest> receives = new ArrayList<>();

    CollContext(CollectiveChannel channel, int tag, String description) {
        this.channel = channel;
        this.p2p = channel.p2p();
        this.rank = p2p.rank();
        this.size = p2p.size();
        this.tag = tag;
        this.description = description;
    }

    // ---- messages ----

    SpiRequest isend(Buf buf, int dest) {
        return p2p.isend(buf, dest, tag, SendMode.STANDARD);
    }

    SpiRequest irecv(Buf buf, int source) {
        return irecv(new RecvTarget.Into(buf), source);
    }

    SpiRequest irecv(RecvTarget target, int source) {
        SpiRequest r = p2p.irecv(target, source, tag);
        receives.add(r);
        return r;
    }

    void send(Buf buf, int dest) {
        waitAll(isend(buf, dest));
    }

    void recv(Buf buf, int source) {
        waitAll(irecv(buf, source));
    }

    /** Receives a message of unknown size from {@code source}. */
    byte[] recvBytes(int source) {
        RecvTarget.Allocate target = new RecvTarget.Allocate();
        waitAll(irecv(target, source));
        return bytesOf(target);
    }

    /** Sends to {@code dest} and receives from {@code source} at the same time (MPI_Sendrecv). */
    void sendrecv(Buf send, int dest, Buf recv, int source) {
        SpiRequest r = irecv(recv, source);
        SpiRequest s = isend(send, dest);
        waitAll(r, s);
    }

    static byte[] bytesOf(RecvTarget.Allocate target) {
        byte[] b = target.bytes();
        return b == null ? new byte[0] : b;
    }

    // ---- waiting ----

    void waitAll(SpiRequest... requests) {
        waitAll(List.of(requests));
    }

    /**
     * Waits until every request has completed.
     *
     * @throws MpiException the failure of the first request found failed, after cancelling this
     *     call's other pending receives
     */
    void waitAll(List<SpiRequest> requests) {
        List<SpiRequest> pending = new ArrayList<>(requests.size());
        for (SpiRequest r : requests) {
            if (r.isComplete()) {
                check(r);
            } else {
                pending.add(r);
            }
        }
        while (!pending.isEmpty()) {
            channel.awaitAny(pending, description);
            for (Iterator<SpiRequest> it = pending.iterator(); it.hasNext(); ) {
                SpiRequest r = it.next();
                if (r.isComplete()) {
                    it.remove();
                    check(r);
                }
            }
        }
    }

    private void check(SpiRequest r) {
        MpiException failure = r.failure();
        Status status = failure == null ? r.status() : null;
        if (failure == null && status.error() == ErrorClass.SUCCESS && !status.cancelled()) {
            return;
        }
        abandon();
        if (failure != null) {
            throw failure;
        }
        ErrorClass error = status.error() == ErrorClass.SUCCESS ? ErrorClass.ERR_INTERN : status.error();
        throw new MpiException(error, description + ": a message of the collective failed with " + status);
    }

    /** Cancels the receives of this call that have not completed, so they write no user memory later. */
    void abandon() {
        for (SpiRequest r : receives) {
            if (!r.isComplete()) {
                try {
                    r.cancel();
                } catch (RuntimeException ignored) {
                    // best effort: the call is failing anyway
                }
            }
        }
    }

    // ---- local data ----

    /** A temporary buffer of {@code count} elements of {@code type}, on the heap up to 2 GiB. */
    static Buf temp(Datatype type, long count) {
        long bytes = count * type.extent();
        MemorySegment seg = bytes <= MAX_HEAP_TEMP
                ? MemorySegment.ofArray(new byte[(int) bytes])
                : Arena.ofAuto().allocate(bytes, 16);
        return Buf.of(seg, type, count);
    }

    /** A temporary copy of a buffer. */
    static Buf tempCopy(Buf from) {
        Buf t = temp(from.datatype(), from.count());
        copy(from, t);
        return t;
    }

    /**
     * Copies the data of {@code from} to the start of {@code to}.
     *
     * @throws MpiException with {@link ErrorClass#ERR_TRUNCATE} if it does not fit
     */
    static void copy(Buf from, Buf to) {
        long bytes = from.segment().byteSize();
        if (bytes > to.segment().byteSize()) {
            throw new MpiException(ErrorClass.ERR_TRUNCATE, "a block of " + bytes + " bytes does not fit in a receive block of "
                    + to.segment().byteSize() + " bytes");
        }
        if (bytes > 0) {
            MemorySegment.copy(from.segment(), 0, to.segment(), 0, bytes);
        }
    }

    /** Block {@code i} of {@code blockCount} elements of a buffer. */
    static Buf block(Buf buf, long i, long blockCount) {
        return buf.slice(i * blockCount, blockCount);
    }

    /** Splits a buffer into {@code n} blocks of {@code blockCount} elements. */
    static Buf[] blocks(Buf buf, int n, long blockCount) {
        Buf[] out = new Buf[n];
        for (int i = 0; i < n; i++) {
            out[i] = block(buf, i, blockCount);
        }
        return out;
    }

    /** The first exception the operation threw on this rank in this call, or {@code null}. */
    private Throwable opFailure;

    /**
     * {@code inout = in op inout}, with {@code in} the left (lower-rank) operands. A user's function
     * that throws does not stop the call: this rank still takes part to the end (the others would
     * wait for it forever), its further applications are skipped, and {@link #rethrowOpFailure}
     * raises the exception once the call is complete, as the native provider's library reductions do.
     * The ranks whose function did not throw complete normally, with results that may include the
     * failing rank's operands uncombined: only the failing ranks know, and a program that catches
     * the failure there must not trust the others' results.
     */
    void apply(Op op, Buf in, Buf inout) {
        if (inout.count() > 0 && opFailure == null) {
            try {
                op.apply(in.segment(), inout.segment(), inout.count(), inout.datatype());
            } catch (RuntimeException | Error e) {
                opFailure = e;
            }
        }
    }

    /**
     * Raises the operation's failure, if it threw during the call: an MpiException of the class it
     * threw, or ERR_OTHER with it as the cause.
     */
    void rethrowOpFailure() {
        Throwable t = opFailure;
        if (t == null) {
            return;
        }
        ErrorClass cls = t instanceof MpiException m ? m.errorClass() : ErrorClass.ERR_OTHER;
        throw new MpiException(cls, description + ": the operation threw " + t, t);
    }

    /**
     * Combines the operands of two groups of ranks into {@code mine}: {@code mine = other op mine}
     * if the other group's ranks are lower, else {@code mine = mine op other}; {@code other} may be
     * overwritten.
     */
    void combine(Op op, Buf other, Buf mine, boolean otherIsLower) {
        if (otherIsLower || op.isCommutative()) {
            apply(op, other, mine);
        } else {
            apply(op, mine, other);
            copy(other, mine);
        }
    }
}
