package io.mpi4j.sim.engine;

import io.mpi4j.Buf;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Makes a rank's collective call readable and writable by the thread that will execute the round:
 * memory confined to this rank's thread (an {@code Arena.ofConfined()} segment) is replaced by a
 * private copy, taken now for what the call reads, and copied back by the owner on completion for
 * what it writes. Everything else (arrays, heap and shared native memory) is used directly.
 */
final class ConfinedStaging {
    /** An unstarted thread: memory it may access is memory any thread may access. */
    private static final Thread ANY_OTHER_THREAD = Thread.ofVirtual().unstarted(() -> { });

    private ConfinedStaging() {
    }

    /**
     * Prepares a call.
     *
     * @param c the call as the API made it
     * @param rank this rank in the communicator
     * @param ownerCopies receives the copies back to confined memory, to run on this thread at completion
     * @return the call with every buffer accessible from any thread
     */
    static Collective prepare(Collective c, int rank, List<Runnable> ownerCopies) {
        Stage s = new Stage(ownerCopies);
        return switch (c) {
            case Collective.Bcast b -> new Collective.Bcast(b.root() == rank ? s.in(b.buf()) : s.out(b.buf()), b.root());
            case Collective.Gather g -> new Collective.Gather(s.in(g.send()), g.send().isInPlace() ? s.inout(g.recv()) : s.out(g.recv()), g.root());
            case Collective.Gatherv g -> new Collective.Gatherv(s.in(g.send()), g.send().isInPlace() ? s.inout(g.recv()) : s.out(g.recv()), g.root());
            case Collective.Scatter x -> new Collective.Scatter(s.in(x.send()), s.out(x.recv()), x.root());
            case Collective.Scatterv x -> new Collective.Scatterv(s.in(x.send()), s.out(x.recv()), x.root());
            case Collective.Allgather a -> new Collective.Allgather(s.in(a.send()), a.send().isInPlace() ? s.inout(a.recv()) : s.out(a.recv()));
            case Collective.Allgatherv a -> new Collective.Allgatherv(s.in(a.send()), a.send().isInPlace() ? s.inout(a.recv()) : s.out(a.recv()));
            case Collective.Alltoall a -> new Collective.Alltoall(s.in(a.send()), a.send().isInPlace() ? s.inout(a.recv()) : s.out(a.recv()));
            case Collective.Alltoallv a -> new Collective.Alltoallv(s.in(a.send()), a.send() == null ? s.inout(a.recv()) : s.out(a.recv()));
            case Collective.Alltoallw a -> new Collective.Alltoallw(s.in(a.send()), a.send() == null ? s.inout(a.recv()) : s.out(a.recv()));
            case Collective.Reduce r -> new Collective.Reduce(s.in(r.send()), r.send().isInPlace() ? s.inout(r.recv()) : s.out(r.recv()), r.op(), r.root());
            case Collective.Allreduce r -> new Collective.Allreduce(s.in(r.send()), r.send().isInPlace() ? s.inout(r.recv()) : s.out(r.recv()), r.op());
            case Collective.ReduceScatter r -> new Collective.ReduceScatter(s.in(r.send()),
                    r.send().isInPlace() ? s.inout(r.recv()) : s.out(r.recv()), r.recvCounts(), r.op());
            case Collective.ReduceScatterBlock r -> new Collective.ReduceScatterBlock(s.in(r.send()),
                    r.send().isInPlace() ? s.inout(r.recv()) : s.out(r.recv()), r.op());
            case Collective.Scan r -> new Collective.Scan(s.in(r.send()), r.send().isInPlace() ? s.inout(r.recv()) : s.out(r.recv()), r.op());
            case Collective.Exscan r -> new Collective.Exscan(s.in(r.send()), s.inout(r.recv()), r.op());
            default -> c; // barrier and the byte-array collectives hold no user memory
        };
    }

    static boolean shared(MemorySegment m) {
        return m.isAccessibleBy(ANY_OTHER_THREAD);
    }

    /** Replaces confined buffers, recording the copies back. */
    private record Stage(List<Runnable> ownerCopies) {
        Buf in(Buf b) {
            return b == null || b.isInPlace() || shared(b.segment()) ? b
                    : Buf.of(SharedCollectives.copyOf(b.segment(), b.segment().byteSize()), b.datatype(), b.count());
        }

        Buf out(Buf b) {
            if (b == null || b.isInPlace() || shared(b.segment())) {
                return b;
            }
            MemorySegment user = b.segment();
            MemorySegment staged = MemorySegment.ofArray(new byte[Math.toIntExact(user.byteSize())]);
            ownerCopies.add(() -> MemorySegment.copy(staged, 0, user, 0, user.byteSize()));
            return Buf.of(staged, b.datatype(), b.count());
        }

        Buf inout(Buf b) {
            if (b == null || b.isInPlace() || shared(b.segment())) {
                return b;
            }
            MemorySegment user = b.segment();
            MemorySegment staged = SharedCollectives.copyOf(user, user.byteSize());
            ownerCopies.add(() -> MemorySegment.copy(staged, 0, user, 0, user.byteSize()));
            return Buf.of(staged, b.datatype(), b.count());
        }

        VBuf in(VBuf v) {
            return v == null ? null : VBuf.of(in(v.buf()), v.counts(), v.displs());
        }

        VBuf out(VBuf v) {
            return v == null ? null : VBuf.of(out(v.buf()), v.counts(), v.displs());
        }

        VBuf inout(VBuf v) {
            return v == null ? null : VBuf.of(inout(v.buf()), v.counts(), v.displs());
        }

        WBuf in(WBuf w) {
            return w == null || shared(w.memory()) ? w
                    : new WBuf(SharedCollectives.copyOf(w.memory(), w.memory().byteSize()), w.counts(), w.byteDispls(), w.types());
        }

        WBuf out(WBuf w) {
            return inout(w);
        }

        WBuf inout(WBuf w) {
            if (w == null || shared(w.memory())) {
                return w;
            }
            MemorySegment user = w.memory();
            MemorySegment staged = SharedCollectives.copyOf(user, user.byteSize());
            ownerCopies.add(() -> MemorySegment.copy(staged, 0, user, 0, user.byteSize()));
            return new WBuf(staged, w.counts(), w.byteDispls(), w.types());
        }
    }
}
