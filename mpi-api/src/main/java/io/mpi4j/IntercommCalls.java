package io.mpi4j;

import io.mpi4j.CollectiveCalls.Prepared;
import io.mpi4j.spi.Collective;

/**
 * Validates the arguments of an intercommunicator collective and prepares the {@link Collective}
 * record for an engine that runs such collectives itself
 * ({@link io.mpi4j.spi.CommEngine#takesIntercommCollective}), with the meaning MPI gives them on an
 * intercommunicator (MPI-4.1 §6.2.2): roots are {@link Mpi#ROOT}, {@link Mpi#PROC_NULL} or a
 * remote rank; blocks are per remote process; buffers that are not significant are {@code null}
 * and no buffer may be {@link Buf#IN_PLACE}. The staging, flattening and derived-type handling are
 * those of the intracommunicator collectives ({@link CollectiveCalls}).
 */
final class IntercommCalls {
    private IntercommCalls() {
    }

    static Prepared barrier(Intercomm c, String op) {
        return CollectiveCalls.of(c, op).done(new Collective.Barrier());
    }

    static Prepared bcast(Intercomm c, String op, Buf buf, int root) {
        CollectiveCalls p = rooted(c, op, root).moving();
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Bcast(null, root));
        }
        if (root == Mpi.ROOT) {
            Buf data = p.flat(buf, false);
            p.requireBuf("data", data, false);
            return p.done(new Collective.Bcast(p.in(data), root));
        }
        Buf target = p.flat(buf, true);
        p.requireWritable("receive", target);
        return p.done(new Collective.Bcast(p.out(target), root));
    }

    static Prepared gather(Intercomm c, String op, Buf send, Buf recv, int root) {
        CollectiveCalls p = rooted(c, op, root).moving();
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Gather(null, null, root));
        }
        if (root == Mpi.ROOT) {
            Buf r = p.flat(recv, true, c.remoteSize());
            p.requireWritable("receive", r);
            wholeBlocks(p, c, r, "receive");
            return p.done(new Collective.Gather(null, p.out(r), root));
        }
        Buf s = p.flat(send, false);
        p.requireBuf("send", s, false);
        return p.done(new Collective.Gather(p.in(s), null, root));
    }

    static Prepared gatherv(Intercomm c, String op, Buf send, VBuf recv, int root) {
        CollectiveCalls p = rooted(c, op, root).moving();
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Gatherv(null, null, root));
        }
        if (root == Mpi.ROOT) {
            VBuf r = p.flat(recv, true);
            p.blocks(r, "receive", c.remoteSize(), "remoteSize()=");
            p.requireWritable("receive", r.buf());
            return p.done(new Collective.Gatherv(null, p.out(r), root));
        }
        Buf s = p.flat(send, false);
        p.requireBuf("send", s, false);
        return p.done(new Collective.Gatherv(p.in(s), null, root));
    }

    static Prepared scatter(Intercomm c, String op, Buf send, Buf recv, int root) {
        CollectiveCalls p = rooted(c, op, root).moving();
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Scatter(null, null, root));
        }
        if (root == Mpi.ROOT) {
            Buf s = p.flat(send, false, c.remoteSize());
            p.requireBuf("send", s, false);
            wholeBlocks(p, c, s, "send");
            return p.done(new Collective.Scatter(p.in(s), null, root));
        }
        Buf r = p.flat(recv, true);
        p.requireWritable("receive", r);
        return p.done(new Collective.Scatter(null, p.out(r), root));
    }

    static Prepared scatterv(Intercomm c, String op, VBuf send, Buf recv, int root) {
        CollectiveCalls p = rooted(c, op, root).moving();
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Scatterv(null, null, root));
        }
        if (root == Mpi.ROOT) {
            VBuf s = p.flat(send, false);
            p.blocks(s, "send", c.remoteSize(), "remoteSize()=");
            return p.done(new Collective.Scatterv(p.in(s), null, root));
        }
        Buf r = p.flat(recv, true);
        p.requireWritable("receive", r);
        return p.done(new Collective.Scatterv(null, p.out(r), root));
    }

    static Prepared allgather(Intercomm c, String op, Buf send, Buf recv) {
        CollectiveCalls p = CollectiveCalls.of(c, op).moving();
        Buf s = p.flat(send, false);
        Buf r = p.flat(recv, true, c.remoteSize());
        p.requireBuf("send", s, false);
        p.requireWritable("receive", r);
        wholeBlocks(p, c, r, "receive");
        return p.done(new Collective.Allgather(p.in(s), p.out(r)));
    }

    static Prepared allgatherv(Intercomm c, String op, Buf send, VBuf recv) {
        CollectiveCalls p = CollectiveCalls.of(c, op).moving();
        Buf s = p.flat(send, false);
        VBuf r = p.flat(recv, true);
        p.requireBuf("send", s, false);
        p.blocks(r, "receive", c.remoteSize(), "remoteSize()=");
        p.requireWritable("receive", r.buf());
        return p.done(new Collective.Allgatherv(p.in(s), p.out(r)));
    }

    static Prepared alltoall(Intercomm c, String op, Buf send, Buf recv) {
        CollectiveCalls p = CollectiveCalls.of(c, op).moving();
        Buf s = p.flat(send, false, c.remoteSize());
        Buf r = p.flat(recv, true, c.remoteSize());
        p.requireBuf("send", s, false);
        p.requireWritable("receive", r);
        wholeBlocks(p, c, s, "send");
        wholeBlocks(p, c, r, "receive");
        return p.done(new Collective.Alltoall(p.in(s), p.out(r)));
    }

    static Prepared alltoallv(Intercomm c, String op, VBuf send, VBuf recv) {
        CollectiveCalls p = CollectiveCalls.of(c, op).moving();
        VBuf s = p.flat(send, false);
        VBuf r = p.flat(recv, true);
        p.blocks(s, "send", c.remoteSize(), "remoteSize()=");
        p.blocks(r, "receive", c.remoteSize(), "remoteSize()=");
        p.requireWritable("receive", r.buf());
        return p.done(new Collective.Alltoallv(p.in(s), p.out(r)));
    }

    static Prepared alltoallw(Intercomm c, String op, WBuf send, WBuf recv) {
        CollectiveCalls p = CollectiveCalls.of(c, op).moving();
        int n = c.remoteSize();
        if (send == null || recv == null) {
            throw p.raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": null " + (send == null ? "send" : "receive") + " buffer"));
        }
        if (!(send.blocks() == n && recv.blocks() == n)) {
            p.count(false, "the send and receive WBufs need one block per remote rank ("
                + n + "), not " + send.blocks() + " and " + recv.blocks());
        }
        if (recv.memory().isReadOnly()) {
            throw p.raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": the receive memory is read-only"));
        }
        try {
            return p.done(new Collective.Alltoallw(p.wbuf(send, false), p.wbuf(recv, true)));
        } catch (MpiException e) {
            throw p.raise(e);
        }
    }

    static Prepared reduce(Intercomm c, String op, Buf send, Buf recv, Op o, int root) {
        CollectiveCalls p = rooted(c, op, root);
        requireOp(p, op, o);
        if (root == Mpi.PROC_NULL) {
            return p.done(new Collective.Reduce(null, null, o, root));
        }
        if (root == Mpi.ROOT) {
            Op flatOp = CollectiveCalls.opFor(o, null, recv);
            Buf r = p.flatForOp(recv, true, o);
            p.requireWritable("receive", r);
            p.operation(flatOp, r.datatype());
            return p.done(new Collective.Reduce(null, p.out(r), flatOp, root));
        }
        Op flatOp = CollectiveCalls.opFor(o, send, null);
        Buf s = p.flatForOp(send, false, o);
        p.requireBuf("send", s, false);
        p.operation(flatOp, s.datatype());
        return p.done(new Collective.Reduce(p.in(s), null, flatOp, root));
    }

    static Prepared allreduce(Intercomm c, String op, Buf send, Buf recv, Op o) {
        CollectiveCalls p = CollectiveCalls.of(c, op);
        requireOp(p, op, o);
        Operands x = operands(p, send, recv, o);
        if (x.send().count() != x.recv().count()) {
            p.count(false, "the send buffer has count=" + x.send().count()
                + " but the receive buffer has count=" + x.recv().count());
        }
        return p.done(new Collective.Allreduce(p.in(x.send()), p.out(x.recv()), x.op()));
    }

    static Prepared reduceScatterBlock(Intercomm c, String op, Buf send, Buf recv, Op o) {
        CollectiveCalls p = CollectiveCalls.of(c, op);
        requireOp(p, op, o);
        Operands x = operands(p, send, recv, o);
        int n = c.size();
        if (x.send().count() != x.recv().count() * n) {
            p.count(false, "the send buffer has count=" + x.send().count()
                + " but needs size() * receive count = " + n + " * " + x.recv().count()
                + " (MPI requires the same total in both groups)");
        }
        return p.done(new Collective.ReduceScatterBlock(p.in(x.send()), p.out(x.recv()), x.op()));
    }

    static Prepared reduceScatter(Intercomm c, String op, Buf send, Buf recv, int[] recvCounts, Op o) {
        CollectiveCalls p = CollectiveCalls.of(c, op);
        requireOp(p, op, o);
        // the counts are in elements of the receive type: in elements of its flat form they scale
        long k = Flattening.opLength(send != null ? send : recv, o);
        Operands x = operands(p, send, recv, o);
        int[] counts = Flattening.scale(localCounts(p, c, recvCounts), k);
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        if (x.recv().count() != counts[c.rank()]) {
            p.count(false, "the receive buffer has count=" + x.recv().count() + " but recvCounts["
                + c.rank() + "]=" + counts[c.rank()]);
        }
        if (x.send().count() != total) {
            p.count(false, "the send buffer has count=" + x.send().count() + " but the recvCounts add up to "
                + total + " (MPI requires the same total in both groups)");
        }
        return p.done(new Collective.ReduceScatter(p.in(x.send()), p.out(x.recv()), counts, x.op()));
    }

    /**
     * Checks a reduce-scatter's receive counts: one per local process, none negative.
     *
     * @return the counts
     */
    static int[] localCounts(CollectiveCalls p, Intercomm c, int[] recvCounts) {
        if (recvCounts == null) {
            throw p.raise(new MpiException(ErrorClass.ERR_COUNT, "reduceScatter: null recvCounts"));
        }
        if (recvCounts.length != c.size()) {
            p.count(false, "recvCounts needs one entry per local rank (" + c.size() + "), not "
                + recvCounts.length);
        }
        for (int i = 0; i < recvCounts.length; i++) {
            if (recvCounts[i] < 0) {
                p.count(false, "recvCounts[" + i + "]=" + recvCounts[i] + " is negative");
            }
        }
        return recvCounts.clone();
    }

    /** The flat forms of a reduction's two buffers, both significant, and its operation. */
    private record Operands(Buf send, Buf recv, Op op) {
    }

    private static Operands operands(CollectiveCalls p, Buf send, Buf recv, Op o) {
        Op flatOp = CollectiveCalls.opFor(o, send, recv);
        Buf s = p.flatForOp(send, false, o);
        Buf r = p.flatForOp(recv, true, o);
        p.requireBuf("send", s, false);
        p.requireWritable("receive", r);
        p.operation(flatOp, r.datatype());
        p.sameType(s, r);
        return new Operands(s, r, flatOp);
    }

    private static CollectiveCalls rooted(Intercomm c, String op, int root) {
        c.checkInterRoot(op, root);
        return CollectiveCalls.of(c, op);
    }

    private static void requireOp(CollectiveCalls p, String op, Op o) {
        if (o == null) {
            throw p.raise(new MpiException(ErrorClass.ERR_OP, op + ": null operation"));
        }
    }

    private static void wholeBlocks(CollectiveCalls p, Intercomm c, Buf b, String what) {
        int n = c.remoteSize();
        if (b.count() % n != 0) {
            p.count(false, "the " + what + " buffer has count=" + b.count() + ", which is not remoteSize()=" + n
                + " equal blocks");
        }
    }
}
