package io.mpi4j.sim.engine;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The data movement of every collective, done in one thread with every rank's buffers at hand
 * (MPI-4.1 chapter 6 semantics, including {@code IN_PLACE}). The calls have been checked to match.
 */
final class SharedCollectives {
    private SharedCollectives() {
    }

    static void execute(Collective[] calls, SimCollectiveRequest[] requests) {
        int n = calls.length;
        switch (calls[0]) {
            case Collective.Barrier b -> { }
            case Collective.Bcast b -> {
                Buf src = ((Collective.Bcast) calls[b.root()]).buf();
                for (int r = 0; r < n; r++) {
                    if (r != b.root()) {
                        copy(src.segment(), ((Collective.Bcast) calls[r]).buf().segment(), src.byteSize());
                    }
                }
            }
            case Collective.Gather g -> {
                Buf recv = ((Collective.Gather) calls[g.root()]).recv();
                long block = recv.byteSize() / n;
                for (int r = 0; r < n; r++) {
                    Buf send = ((Collective.Gather) calls[r]).send();
                    if (!send.isInPlace()) {
                        copy(send.segment(), recv.segment().asSlice(r * block, block), block);
                    }
                }
            }
            case Collective.Gatherv g -> {
                VBuf recv = ((Collective.Gatherv) calls[g.root()]).recv();
                for (int r = 0; r < n; r++) {
                    Buf send = ((Collective.Gatherv) calls[r]).send();
                    if (!send.isInPlace()) {
                        copy(send.segment(), recv.block(r).segment(), send.byteSize());
                    }
                }
            }
            case Collective.Scatter s -> {
                Buf send = ((Collective.Scatter) calls[s.root()]).send();
                long block = send.byteSize() / n;
                for (int r = 0; r < n; r++) {
                    Buf recv = ((Collective.Scatter) calls[r]).recv();
                    if (!recv.isInPlace()) {
                        copy(send.segment().asSlice(r * block, block), recv.segment(), block);
                    }
                }
            }
            case Collective.Scatterv s -> {
                VBuf send = ((Collective.Scatterv) calls[s.root()]).send();
                for (int r = 0; r < n; r++) {
                    Buf recv = ((Collective.Scatterv) calls[r]).recv();
                    if (!recv.isInPlace()) {
                        copy(send.block(r).segment(), recv.segment(), recv.byteSize());
                    }
                }
            }
            case Collective.Allgather a -> {
                for (int j = 0; j < n; j++) {
                    Collective.Allgather from = (Collective.Allgather) calls[j];
                    long block = from.recv().byteSize() / n;
                    MemorySegment src = from.send().isInPlace() ? from.recv().segment().asSlice(j * block, block) : from.send().segment();
                    for (int k = 0; k < n; k++) {
                        if (k != j || !from.send().isInPlace()) {
                            copy(src, ((Collective.Allgather) calls[k]).recv().segment().asSlice(j * block, block), block);
                        }
                    }
                }
            }
            case Collective.Allgatherv a -> {
                for (int j = 0; j < n; j++) {
                    Collective.Allgatherv from = (Collective.Allgatherv) calls[j];
                    Buf src = from.send().isInPlace() ? from.recv().block(j) : from.send();
                    for (int k = 0; k < n; k++) {
                        if (k != j || !from.send().isInPlace()) {
                            copy(src.segment(), ((Collective.Allgatherv) calls[k]).recv().block(j).segment(), src.byteSize());
                        }
                    }
                }
            }
            case Collective.Alltoall a -> {
                MemorySegment[] src = new MemorySegment[n];
                for (int i = 0; i < n; i++) {
                    Collective.Alltoall c = (Collective.Alltoall) calls[i];
                    src[i] = c.send().isInPlace() ? snapshot(c.recv().segment()) : c.send().segment();
                }
                for (int j = 0; j < n; j++) {
                    MemorySegment dst = ((Collective.Alltoall) calls[j]).recv().segment();
                    long block = dst.byteSize() / n;
                    for (int i = 0; i < n; i++) {
                        copy(src[i].asSlice(j * block, block), dst.asSlice(i * block, block), block);
                    }
                }
            }
            case Collective.Alltoallv a -> {
                VBuf[] src = new VBuf[n];
                for (int i = 0; i < n; i++) {
                    Collective.Alltoallv c = (Collective.Alltoallv) calls[i];
                    src[i] = c.send() != null ? c.send() : snapshot(c.recv());
                }
                for (int j = 0; j < n; j++) {
                    VBuf dst = ((Collective.Alltoallv) calls[j]).recv();
                    for (int i = 0; i < n; i++) {
                        Buf block = src[i].block(j);
                        copy(block.segment(), dst.block(i).segment(), block.byteSize());
                    }
                }
            }
            case Collective.Alltoallw a -> {
                WBuf[] src = new WBuf[n];
                for (int i = 0; i < n; i++) {
                    Collective.Alltoallw c = (Collective.Alltoallw) calls[i];
                    src[i] = c.send() != null ? c.send() : snapshot(c.recv());
                }
                for (int j = 0; j < n; j++) {
                    WBuf dst = ((Collective.Alltoallw) calls[j]).recv();
                    for (int i = 0; i < n; i++) {
                        Buf block = src[i].block(j);
                        copy(block.segment(), dst.block(i).segment(), block.byteSize());
                    }
                }
            }
            case Collective.Reduce r -> {
                Collective.Reduce root = (Collective.Reduce) calls[r.root()];
                Buf[] x = new Buf[n];
                for (int i = 0; i < n; i++) {
                    Collective.Reduce c = (Collective.Reduce) calls[i];
                    x[i] = c.send().isInPlace() ? c.recv() : c.send();
                }
                MemorySegment acc = fold(x, r.op(), n);
                copy(acc, root.recv().segment(), acc.byteSize());
            }
            case Collective.Allreduce r -> {
                Buf[] x = operands(calls, c -> ((Collective.Allreduce) c).send(), c -> ((Collective.Allreduce) c).recv());
                MemorySegment acc = fold(x, r.op(), n);
                for (int i = 0; i < n; i++) {
                    // the result is private to the round: each rank copies its own, in parallel
                    MemorySegment recv = ((Collective.Allreduce) calls[i]).recv().segment();
                    requests[i].deliverLater(() -> copy(acc, recv, acc.byteSize()));
                }
            }
            case Collective.ReduceScatter r -> {
                Buf[] x = operands(calls, c -> ((Collective.ReduceScatter) c).send(), c -> ((Collective.ReduceScatter) c).recv());
                MemorySegment acc = fold(x, r.op(), n);
                long size = x[0].datatype().size();
                long offset = 0;
                int[] counts = r.recvCounts();
                for (int i = 0; i < n; i++) {
                    long bytes = counts[i] * size;
                    copy(acc.asSlice(offset, bytes), ((Collective.ReduceScatter) calls[i]).recv().segment(), bytes);
                    offset += bytes;
                }
            }
            case Collective.ReduceScatterBlock r -> {
                Buf[] x = operands(calls, c -> ((Collective.ReduceScatterBlock) c).send(), c -> ((Collective.ReduceScatterBlock) c).recv());
                MemorySegment acc = fold(x, r.op(), n);
                long block = acc.byteSize() / n;
                for (int i = 0; i < n; i++) {
                    copy(acc.asSlice(i * block, block), ((Collective.ReduceScatterBlock) calls[i]).recv().segment(), block);
                }
            }
            case Collective.Scan r -> {
                Buf[] x = operands(calls, c -> ((Collective.Scan) c).send(), c -> ((Collective.Scan) c).recv());
                MemorySegment acc = typedCopyOf(x[0]);
                copy(acc, ((Collective.Scan) calls[0]).recv().segment(), acc.byteSize());
                for (int i = 1; i < n; i++) {
                    acc = combine(acc, x[i], r.op());
                    copy(acc, ((Collective.Scan) calls[i]).recv().segment(), acc.byteSize());
                }
            }
            case Collective.Exscan r -> {
                Buf[] x = operands(calls, c -> ((Collective.Exscan) c).send(), c -> ((Collective.Exscan) c).recv());
                MemorySegment acc = typedCopyOf(x[0]);
                for (int i = 1; i < n; i++) {
                    Buf operand = x[i];
                    Buf recv = ((Collective.Exscan) calls[i]).recv();
                    if (operand == recv) {
                        // IN_PLACE: read the operand before the prefix overwrites it
                        operand = Buf.of(copyOf(recv.segment(), recv.byteSize()), recv.datatype(), recv.count());
                    }
                    copy(acc, recv.segment(), acc.byteSize());
                    if (i < n - 1) {
                        acc = combine(acc, operand, r.op());
                    }
                }
            }
            case Collective.BcastBytes b -> {
                byte[] data = ((Collective.BcastBytes) calls[b.root()]).data();
                for (Collective c : calls) {
                    ((Collective.BcastBytes) c).result().set(data);
                }
            }
            case Collective.GatherBytes g -> {
                List<byte[]> all = new ArrayList<>(n);
                for (Collective c : calls) {
                    all.add(((Collective.GatherBytes) c).data());
                }
                ((Collective.GatherBytes) calls[g.root()]).result().set(List.copyOf(all));
            }
            case Collective.ScatterBytes s -> {
                List<byte[]> data = ((Collective.ScatterBytes) calls[s.root()]).data();
                for (int r = 0; r < n; r++) {
                    ((Collective.ScatterBytes) calls[r]).result().set(data.get(r));
                }
            }
            case Collective.AllgatherBytes a -> {
                List<byte[]> all = new ArrayList<>(n);
                for (Collective c : calls) {
                    all.add(((Collective.AllgatherBytes) c).data());
                }
                List<byte[]> shared = List.copyOf(all);
                for (Collective c : calls) {
                    ((Collective.AllgatherBytes) c).result().set(shared);
                }
            }
            case Collective.AlltoallBytes a -> {
                for (int j = 0; j < n; j++) {
                    List<byte[]> in = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        in.add(((Collective.AlltoallBytes) calls[i]).data().get(j));
                    }
                    ((Collective.AlltoallBytes) calls[j]).result().set(List.copyOf(in));
                }
            }
        }
    }

    private static Buf[] operands(Collective[] calls, java.util.function.Function<Collective, Buf> send,
                                  java.util.function.Function<Collective, Buf> recv) {
        Buf[] x = new Buf[calls.length];
        for (int i = 0; i < calls.length; i++) {
            Buf s = send.apply(calls[i]);
            x[i] = s.isInPlace() ? recv.apply(calls[i]) : s;
        }
        return x;
    }

    /** {@code x[0] op x[1] op ... op x[n-1]}, in rank order, into fresh memory. */
    private static MemorySegment fold(Buf[] x, Op op, int n) {
        MemorySegment acc = typedCopyOf(x[0]);
        for (int i = 1; i < n; i++) {
            acc = combine(acc, x[i], op);
        }
        return acc;
    }

    /** Returns {@code acc op x}: in place for commutative operations, through a copy of {@code x} otherwise. */
    private static MemorySegment combine(MemorySegment acc, Buf x, Op op) {
        Datatype type = x.datatype();
        if (op.isCommutative()) {
            op.apply(x.segment(), acc, x.count(), type);
            return acc;
        }
        MemorySegment right = typedCopyOf(x);
        op.apply(acc, right, x.count(), type);
        return right;
    }

    private static void copy(MemorySegment src, MemorySegment dst, long bytes) {
        if (bytes > 0) {
            MemorySegment.copy(src, 0, dst, 0, bytes);
        }
    }

    /**
     * A copy of a buffer's data in a Java array of its element type where there is one (a
     * {@code double[]} for DOUBLE...): the reduction kernels then work on it in place, without
     * copying it through scratch chunks.
     */
    private static MemorySegment typedCopyOf(Buf x) {
        long n = x.count();
        Datatype t = x.datatype();
        MemorySegment m;
        if (n > Integer.MAX_VALUE - 8) {
            return copyOf(x.segment(), x.byteSize());
        } else if (t == Datatype.DOUBLE) {
            m = MemorySegment.ofArray(new double[(int) n]);
        } else if (t == Datatype.LONG) {
            m = MemorySegment.ofArray(new long[(int) n]);
        } else if (t == Datatype.INT) {
            m = MemorySegment.ofArray(new int[(int) n]);
        } else if (t == Datatype.FLOAT) {
            m = MemorySegment.ofArray(new float[(int) n]);
        } else {
            return copyOf(x.segment(), x.byteSize());
        }
        copy(x.segment(), m, x.byteSize());
        return m;
    }

    static MemorySegment copyOf(MemorySegment src, long bytes) {
        MemorySegment m = bytes <= Integer.MAX_VALUE - 8 ? MemorySegment.ofArray(new byte[(int) bytes]) : Arena.ofAuto().allocate(bytes, 8);
        copy(src, m, bytes);
        return m;
    }

    private static MemorySegment snapshot(MemorySegment s) {
        return copyOf(s, s.byteSize());
    }

    private static VBuf snapshot(VBuf v) {
        Buf b = v.buf();
        return VBuf.of(Buf.of(snapshot(b.segment()), b.datatype(), b.count()), v.counts(), v.displs());
    }

    private static WBuf snapshot(WBuf w) {
        return new WBuf(snapshot(w.memory()), w.counts(), w.byteDispls(), w.types());
    }
}
