package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.SpiRequest;
import io.mpi4j.spi.TaskRequest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Runs any {@link Collective} with point-to-point algorithms over a {@link CollectiveChannel}:
 * what a provider gets for every collective it does not implement itself (DESIGN §5).
 *
 * <p>Each call takes one tag from {@link CollectiveChannel#nextTag()}, at the call, and sends all
 * its messages with it, so that concurrent nonblocking collectives on one communicator never match
 * each other. The algorithm is chosen, as in MPICH, by the communicator size and the message size:
 *
 * <table class="striped">
 * <caption>Algorithms</caption>
 * <thead><tr><th>Collective</th><th>Algorithm</th></tr></thead>
 * <tbody>
 * <tr><td>barrier</td><td>dissemination</td></tr>
 * <tr><td>bcast</td><td>binomial tree below {@value #BCAST_SHORT_BYTES} bytes or {@value #BCAST_MIN_RANKS}
 *     ranks; else binomial scatter and ring all-gather</td></tr>
 * <tr><td>gather, scatter</td><td>binomial tree</td></tr>
 * <tr><td>gatherv, scatterv</td><td>direct messages to or from the root</td></tr>
 * <tr><td>allgather</td><td>Bruck below {@value #ALLGATHER_SHORT_BYTES} bytes in all; else ring</td></tr>
 * <tr><td>allgatherv</td><td>ring</td></tr>
 * <tr><td>alltoall</td><td>batches of direct messages below {@value #ALLTOALL_MEDIUM_BYTES} bytes per
 *     block; else pairwise exchanges</td></tr>
 * <tr><td>alltoallv, alltoallw</td><td>batches of direct messages</td></tr>
 * <tr><td>reduce</td><td>binomial tree (on ranks relative to the root if the operation commutes, else
 *     rooted at rank 0 in rank order and sent on to the root)</td></tr>
 * <tr><td>allreduce</td><td>recursive doubling up to {@value #ALLREDUCE_SHORT_BYTES} bytes and for user
 *     operations; else Rabenseifner's reduce-scatter and all-gather</td></tr>
 * <tr><td>reduce_scatter(_block)</td><td>pairwise exchanges if the operation commutes; else reduce to
 *     rank 0 and scatter</td></tr>
 * <tr><td>scan, exscan</td><td>recursive doubling</td></tr>
 * <tr><td>object collectives</td><td>binomial bcast, direct gather and scatter, ring all-gather,
 *     batched all-to-all, each receive allocated to its message's size</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Every algorithm applies non-commutative operations in rank order ({@code x0 op x1 op ... op
 * x(n-1)}).
 */
public final class DefaultCollectives {
    /** Broadcasts shorter than this many bytes use a binomial tree. */
    static final long BCAST_SHORT_BYTES = 12288;
    /** Broadcasts on fewer ranks than this use a binomial tree. */
    static final int BCAST_MIN_RANKS = 8;
    /** All-gathers of fewer bytes in all than this use Bruck's algorithm. */
    static final long ALLGATHER_SHORT_BYTES = 81920;
    /** All-to-alls with blocks shorter than this many bytes post all messages in batches. */
    static final long ALLTOALL_MEDIUM_BYTES = 32768;
    /** All-reduces of up to this many bytes use recursive doubling. */
    static final long ALLREDUCE_SHORT_BYTES = 2048;

    private DefaultCollectives() {
    }

    /**
     * Runs a collective to completion on the calling thread.
     *
     * @param channel the communicator's collective channel
     * @param call the operation
     * @throws MpiException the error of a message of the call, such as {@link ErrorClass#ERR_TRUNCATE}
     *     when ranks disagree on counts, or of the operation
     */
    public static void run(CollectiveChannel channel, Collective call) {
        int tag = channel.nextTag();
        CollContext context = new CollContext(channel, tag, describe(channel, call, false));
        try {
            execute(context, call);
        } catch (RuntimeException | Error e) {
            context.abandon();
            throw e;
        }
        context.rethrowOpFailure();
    }

    /**
     * Starts a collective on a thread of its own ({@link CollectiveChannel#spawn}). The tag of the call is taken now, on the
     * calling thread, so that the calls a rank starts in one order match the same calls on the
     * other ranks.
     *
     * @param channel the communicator's collective channel
     * @param call the operation
     * @return the request, complete when the algorithm has finished on this rank; its status has
     *     source {@code ANY_SOURCE}, tag {@code ANY_TAG} and count 0, and {@link SpiRequest#failure()}
     *     gives the error if the call failed
     */
    public static SpiRequest start(CollectiveChannel channel, Collective call) {
        int tag = channel.nextTag();
        String description = describe(channel, call, true);
        CollContext context = new CollContext(channel, tag, description);
        TaskRequest request = new TaskRequest(description);
        channel.spawn("mpi4j-" + description, () -> {
            MpiException failure = null;
            try {
                execute(context, call);
                context.rethrowOpFailure();
            } catch (MpiException e) {
                context.abandon();
                failure = e;
            } catch (Throwable t) {
                context.abandon();
                failure = new MpiException(ErrorClass.ERR_INTERN, description + " failed: " + t, t);
            }
            request.complete(failure);
        });
        return request;
    }

    /** Runs the algorithm of a call. */
    private static void execute(CollContext c, Collective call) {
        switch (call) {
            case Collective.Barrier b -> DisseminationBarrier.run(c);
            case Collective.Bcast b -> bcast(c, b.buf(), b.root());
            case Collective.Gather g -> gather(c, g);
            case Collective.Gatherv g -> LinearGather.run(c, g.send(), c.rank == g.root() ? blocks(g.recv()) : null, g.root());
            case Collective.Scatter s -> scatter(c, s);
            case Collective.Scatterv s -> LinearScatter.run(c, c.rank == s.root() ? blocks(s.send()) : null, s.recv(), s.root());
            case Collective.Allgather a -> allgather(c, a);
            case Collective.Allgatherv a -> allgatherv(c, a);
            case Collective.Alltoall a -> alltoall(c, a);
            case Collective.Alltoallv a -> alltoallv(c, a);
            case Collective.Alltoallw a -> alltoallw(c, a);
            case Collective.Reduce r -> BinomialReduce.run(c, c.rank == r.root() && r.send().isInPlace() ? r.recv() : r.send(),
                    r.recv(), r.op(), r.root());
            case Collective.Allreduce a -> allreduce(c, a);
            case Collective.ReduceScatter r -> reduceScatter(c, r.send(), r.recv(), Arrays.stream(r.recvCounts()).asLongStream().toArray(), r.op());
            case Collective.ReduceScatterBlock r -> reduceScatterBlock(c, r);
            case Collective.Scan s -> scan(c, s);
            case Collective.Exscan e -> RecursiveDoublingExscan.run(c, e.send().isInPlace() ? e.recv() : e.send(), e.recv(), e.op());
            case Collective.BcastBytes b -> b.result().set(BinomialBcastBytes.run(c, b.data(), b.root()));
            case Collective.GatherBytes g -> {
                var all = LinearGatherBytes.run(c, g.data(), g.root());
                if (all != null) {
                    g.result().set(all);
                }
            }
            case Collective.ScatterBytes s -> s.result().set(LinearScatterBytes.run(c, s.data(), s.root()));
            case Collective.AllgatherBytes a -> a.result().set(RingAllgatherBytes.run(c, a.data()));
            case Collective.AlltoallBytes a -> a.result().set(ScatteredAlltoallBytes.run(c, a.data()));
        }
    }

    // ---- selection and IN_PLACE ----

    private static void bcast(CollContext c, Buf buf, int root) {
        if (c.size == 1) {
            return;
        }
        if (buf.byteSize() < BCAST_SHORT_BYTES || c.size < BCAST_MIN_RANKS) {
            BinomialBcast.run(c, buf, root);
        } else {
            ScatterAllgatherBcast.run(c, buf, root);
        }
    }

    private static void gather(CollContext c, Collective.Gather g) {
        long blockCount = g.send().isInPlace() ? g.recv().count() / c.size : g.send().count();
        BinomialGather.run(c, g.send(), g.recv(), blockCount, g.root());
    }

    private static void scatter(CollContext c, Collective.Scatter s) {
        long blockCount = s.recv().isInPlace() ? s.send().count() / c.size : s.recv().count();
        BinomialScatter.run(c, s.send(), s.recv(), blockCount, s.root());
    }

    private static void allgather(CollContext c, Collective.Allgather a) {
        Buf recv = a.recv();
        long blockCount = recv.count() / c.size;
        if (!a.send().isInPlace()) {
            CollContext.copy(a.send(), CollContext.block(recv, c.rank, blockCount));
        }
        if (c.size == 1) {
            return;
        }
        if (recv.byteSize() < ALLGATHER_SHORT_BYTES) {
            BruckAllgather.run(c, recv, blockCount);
        } else {
            RingAllgather.run(c, CollContext.blocks(recv, c.size, blockCount));
        }
    }

    private static void allgatherv(CollContext c, Collective.Allgatherv a) {
        Buf[] blocks = blocks(a.recv());
        if (!a.send().isInPlace()) {
            CollContext.copy(a.send(), blocks[c.rank]);
        }
        RingAllgather.run(c, blocks);
    }

    private static void alltoall(CollContext c, Collective.Alltoall a) {
        Buf recv = a.recv();
        long blockCount = recv.count() / c.size;
        Buf send = a.send().isInPlace() ? CollContext.tempCopy(recv) : a.send();
        Buf[] sendBlocks = CollContext.blocks(send, c.size, blockCount);
        Buf[] recvBlocks = CollContext.blocks(recv, c.size, blockCount);
        if (blockCount * recv.datatype().extent() < ALLTOALL_MEDIUM_BYTES) {
            ScatteredAlltoall.run(c, sendBlocks, recvBlocks);
        } else {
            PairwiseAlltoall.run(c, sendBlocks, recvBlocks);
        }
    }

    private static void alltoallv(CollContext c, Collective.Alltoallv a) {
        VBuf recv = a.recv();
        VBuf send = a.send() != null ? a.send() : VBuf.of(CollContext.tempCopy(recv.buf()), recv.counts(), recv.displs());
        ScatteredAlltoall.run(c, blocks(send), blocks(recv));
    }

    private static void alltoallw(CollContext c, Collective.Alltoallw a) {
        WBuf recv = a.recv();
        WBuf send = a.send();
        if (send == null) {
            MemorySegment copy = CollContext.temp(io.mpi4j.Datatype.BYTE, recv.memory().byteSize()).segment();
            copy.copyFrom(recv.memory());
            send = new WBuf(copy, recv.counts(), recv.byteDispls(), recv.types());
        }
        ScatteredAlltoall.run(c, blocks(send), blocks(recv));
    }

    private static void allreduce(CollContext c, Collective.Allreduce a) {
        Buf recv = a.recv();
        Op op = a.op();
        if (!a.send().isInPlace()) {
            CollContext.copy(a.send(), recv);
        }
        if (c.size == 1) {
            return;
        }
        int pof2 = Integer.highestOneBit(c.size);
        if (recv.byteSize() <= ALLREDUCE_SHORT_BYTES || !op.isPredefined() || recv.count() < pof2) {
            RecursiveDoublingAllreduce.run(c, recv, op);
        } else {
            ReduceScatterAllgatherAllreduce.run(c, recv, op);
        }
    }

    private static void reduceScatter(CollContext c, Buf send, Buf recv, long[] counts, Op op) {
        Buf input = send.isInPlace() ? recv : send;
        Buf result = send.isInPlace() ? recv.slice(0, counts[c.rank]) : recv;
        if (op.isCommutative()) {
            PairwiseReduceScatter.run(c, input, result, counts, op);
        } else {
            ReduceThenScatterReduceScatter.run(c, input, result, counts, op);
        }
    }

    private static void reduceScatterBlock(CollContext c, Collective.ReduceScatterBlock r) {
        long blockCount = r.send().isInPlace() ? r.recv().count() / c.size : r.recv().count();
        long[] counts = new long[c.size];
        Arrays.fill(counts, blockCount);
        reduceScatter(c, r.send(), r.recv(), counts, r.op());
    }

    private static void scan(CollContext c, Collective.Scan s) {
        if (!s.send().isInPlace()) {
            CollContext.copy(s.send(), s.recv());
        }
        RecursiveDoublingScan.run(c, s.recv(), s.op());
    }

    private static Buf[] blocks(VBuf v) {
        Buf[] out = new Buf[v.blocks()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.block(i);
        }
        return out;
    }

    private static Buf[] blocks(WBuf w) {
        Buf[] out = new Buf[w.blocks()];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.block(i);
        }
        return out;
    }

    // ---- reports ----

    /** Describes a call: {@code "ibcast(root=0, comm=WORLD)"}. */
    static String describe(CollectiveChannel channel, Collective call, boolean nonblocking) {
        String name = call.name();
        StringBuilder sb = new StringBuilder();
        int paren = name.indexOf('(');
        String base = paren < 0 ? name : name.substring(0, paren);
        sb.append(nonblocking ? "i" : "").append(base).append('(');
        if (paren >= 0) {
            sb.append(name, paren + 1, name.length() - 1).append(", ");
        }
        int root = switch (call) {
            case Collective.Bcast b -> b.root();
            case Collective.Gather g -> g.root();
            case Collective.Gatherv g -> g.root();
            case Collective.Scatter s -> s.root();
            case Collective.Scatterv s -> s.root();
            case Collective.Reduce r -> r.root();
            case Collective.BcastBytes b -> b.root();
            case Collective.GatherBytes g -> g.root();
            case Collective.ScatterBytes s -> s.root();
            default -> -1;
        };
        if (root >= 0) {
            sb.append("root=").append(root).append(", ");
        }
        Op op = switch (call) {
            case Collective.Reduce r -> r.op();
            case Collective.Allreduce a -> a.op();
            case Collective.ReduceScatter r -> r.op();
            case Collective.ReduceScatterBlock r -> r.op();
            case Collective.Scan s -> s.op();
            case Collective.Exscan e -> e.op();
            default -> null;
        };
        if (op != null) {
            sb.append("op=").append(op).append(", ");
        }
        String comm = channel.p2p().name();
        sb.append("comm=").append(comm == null || comm.isEmpty() ? "?" : comm).append(')');
        return sb.toString();
    }
}
