package io.mpi4j.sim.engine;

import io.mpi4j.Buf;
import io.mpi4j.Op;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one rank's collective call looks like to the others: a description for reports, and the
 * check (run once every rank of the round has arrived) that all ranks called the same collective
 * with the same root and operation and with matching data sizes (MPI-4.1 §6.1: "the type signature
 * ... must be identical"). The check is in bytes, since the sizes of the two sides are all a
 * transfer needs to agree on.
 */
final class CollectiveSignature {
    private CollectiveSignature() {
    }

    /** Describes a call for reports, such as {@code allreduce(op=SUM, count=4 DOUBLE, comm=WORLD)}. */
    static String describe(Collective c, int rank, String comm) {
        String args = switch (c) {
            case Collective.Barrier b -> "";
            case Collective.Bcast b -> "root=" + b.root() + ", " + count(b.buf());
            case Collective.Gather g -> "root=" + g.root() + ", send " + count(g.send()) + (g.recv() != null ? ", recv " + count(g.recv()) : "");
            case Collective.Gatherv g -> "root=" + g.root() + ", send " + count(g.send()) + (g.recv() != null ? ", recv " + counts(g.recv()) : "");
            case Collective.Scatter s -> "root=" + s.root() + (s.send() != null ? ", send " + count(s.send()) : "") + ", recv " + count(s.recv());
            case Collective.Scatterv s -> "root=" + s.root() + (s.send() != null ? ", send " + counts(s.send()) : "") + ", recv " + count(s.recv());
            case Collective.Allgather a -> "send " + count(a.send()) + ", recv " + count(a.recv());
            case Collective.Allgatherv a -> "send " + count(a.send()) + ", recv " + counts(a.recv());
            case Collective.Alltoall a -> "send " + count(a.send()) + ", recv " + count(a.recv());
            case Collective.Alltoallv a -> "send " + (a.send() == null ? "IN_PLACE" : counts(a.send())) + ", recv " + counts(a.recv());
            case Collective.Alltoallw a -> "send " + (a.send() == null ? "IN_PLACE" : counts(a.send())) + ", recv " + counts(a.recv());
            case Collective.Reduce r -> "root=" + r.root() + ", op=" + r.op() + ", " + count(r.send().isInPlace() ? r.recv() : r.send());
            case Collective.Allreduce r -> "op=" + r.op() + ", " + count(r.send().isInPlace() ? r.recv() : r.send());
            case Collective.ReduceScatter r -> "op=" + r.op() + ", recvCounts=" + Arrays.toString(r.recvCounts());
            case Collective.ReduceScatterBlock r -> "op=" + r.op() + ", recv " + count(r.recv());
            case Collective.Scan r -> "op=" + r.op() + ", " + count(r.send().isInPlace() ? r.recv() : r.send());
            case Collective.Exscan r -> "op=" + r.op() + ", " + count(r.send().isInPlace() ? r.recv() : r.send());
            case Collective.BcastBytes b -> "root=" + b.root();
            case Collective.GatherBytes g -> "root=" + g.root();
            case Collective.ScatterBytes s -> "root=" + s.root();
            case Collective.AllgatherBytes a -> "";
            case Collective.AlltoallBytes a -> "";
        };
        return c.name() + "(" + args + (args.isEmpty() ? "" : ", ") + "comm=" + comm + ")";
    }

    private static String count(Buf b) {
        if (b == null) {
            return "-";
        }
        return b.isInPlace() ? "IN_PLACE" : "count=" + b.count() + " " + b.datatype();
    }

    private static String counts(VBuf v) {
        return "counts=" + Arrays.toString(v.counts()) + " " + v.buf().datatype();
    }

    private static String counts(WBuf w) {
        return "counts=" + Arrays.toString(w.counts()) + " types=" + Arrays.toString(w.types());
    }

    /**
     * Checks that the calls of all ranks of a round agree.
     *
     * @param worldRanks the world rank of each rank of the communicator: a communicator other than
     *     the world numbers its ranks differently, and the report gives both
     * @return {@code null} if they do; otherwise the report, naming what each rank called
     */
    static String check(Collective[] calls, boolean[] nonblocking, int seq, String comm, int[] worldRanks) {
        String problem = null;
        for (int r = 1; r < calls.length && problem == null; r++) {
            if (nonblocking[r] != nonblocking[0]) {
                // MPI-4.1 §6.12: a blocking collective never matches a nonblocking one
                problem = "rank 0 called the " + (nonblocking[0] ? "nonblocking" : "blocking") + " form but rank " + r
                        + " called the " + (nonblocking[r] ? "nonblocking" : "blocking") + " form";
            }
        }
        if (problem == null) {
            problem = firstProblem(calls);
        }
        if (problem == null) {
            return null;
        }
        boolean renumbered = false;
        for (int r = 0; r < worldRanks.length; r++) {
            renumbered |= worldRanks[r] != r;
        }
        StringBuilder sb = new StringBuilder("collective mismatch on ").append(comm).append(" (collective call #").append(seq + 1)
                .append(" on this communicator").append(renumbered ? "; ranks of this communicator, world ranks in brackets" : "")
                .append("): ").append(problem).append('\n');
        for (int r = 0; r < calls.length; r++) {
            sb.append("  rank ").append(r).append(renumbered ? " [world " + worldRanks[r] + "]" : "").append(" called ").append(nonblocking[r] ? "i" : "").append(describe(calls[r], r, comm))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String firstProblem(Collective[] calls) {
        Collective first = calls[0];
        for (int r = 1; r < calls.length; r++) {
            if (calls[r].getClass() != first.getClass()) {
                return "rank 0 called " + first.name() + " but rank " + r + " called " + calls[r].name();
            }
        }
        Integer root = rootOf(first);
        Op op = opOf(first);
        for (int r = 1; r < calls.length; r++) {
            if (root != null && !root.equals(rootOf(calls[r]))) {
                return "the ranks disagree on the root (rank 0: root=" + root + ", rank " + r + ": root=" + rootOf(calls[r]) + ")";
            }
            Op o = opOf(calls[r]);
            if (op != null && !sameOp(op, o)) {
                return "the ranks disagree on the operation (rank 0: " + op + ", rank " + r + ": " + o + ")";
            }
        }
        String types = datatypes(calls);
        return types != null ? types : sizes(calls);
    }

    /**
     * Compares the datatypes of the data: equal sizes are not enough, an INT sent must not be
     * received as FLOAT (MPI-4.1 §6.1: the type signatures must match). Alltoallw carries a type per
     * block and the byte-array collectives carry bytes: they are not compared here.
     */
    private static String datatypes(Collective[] calls) {
        io.mpi4j.Datatype first = null;
        int firstRank = -1;
        for (int r = 0; r < calls.length; r++) {
            io.mpi4j.Datatype t = dataType(calls[r]);
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
                firstRank = r;
            } else if (!sameSignature(first, t)) {
                return "the ranks disagree on the datatype (rank " + firstRank + ": " + first + ", rank " + r + ": " + t + ")";
            }
        }
        return null;
    }

    /**
     * Whether one element of each type has the same type signature: ranks build their derived
     * types on their own, so two equal structs are different objects that must still match.
     */
    private static boolean sameSignature(io.mpi4j.Datatype a, io.mpi4j.Datatype b) {
        return a == b || (a.size() == b.size() && io.mpi4j.Datatype.signaturesMatch(a, b, a.size()));
    }

    /** The datatype of a rank's data in a call (its buffers agree with each other: the API checked that). */
    private static io.mpi4j.Datatype dataType(Collective c) {
        return switch (c) {
            case Collective.Bcast b -> b.buf().datatype();
            case Collective.Gather g -> real(g.send(), g.recv());
            case Collective.Gatherv g -> real(g.send(), g.recv() == null ? null : g.recv().buf());
            case Collective.Scatter s -> real(s.recv(), s.send());
            case Collective.Scatterv s -> real(s.recv(), s.send() == null ? null : s.send().buf());
            case Collective.Allgather a -> real(a.send(), a.recv());
            case Collective.Allgatherv a -> real(a.send(), a.recv().buf());
            case Collective.Alltoall a -> a.recv().datatype();
            case Collective.Alltoallv a -> a.recv().buf().datatype();
            case Collective.Reduce r -> real(r.send(), r.recv());
            case Collective.Allreduce r -> r.recv().datatype();
            case Collective.ReduceScatter r -> r.recv().datatype();
            case Collective.ReduceScatterBlock r -> r.recv().datatype();
            case Collective.Scan r -> r.recv().datatype();
            case Collective.Exscan r -> r.recv().datatype();
            default -> null;
        };
    }

    private static io.mpi4j.Datatype real(Buf preferred, Buf other) {
        Buf b = preferred != null && !preferred.isInPlace() ? preferred : other;
        return b == null || b.isInPlace() ? null : b.datatype();
    }

    private static boolean sameOp(Op a, Op b) {
        // user operations are created per rank: only their kind can be compared
        return a == b || (!a.isPredefined() && !b.isPredefined());
    }

    private static Integer rootOf(Collective c) {
        return switch (c) {
            case Collective.Bcast b -> b.root();
            case Collective.Gather g -> g.root();
            case Collective.Gatherv g -> g.root();
            case Collective.Scatter s -> s.root();
            case Collective.Scatterv s -> s.root();
            case Collective.Reduce r -> r.root();
            case Collective.BcastBytes b -> b.root();
            case Collective.GatherBytes g -> g.root();
            case Collective.ScatterBytes s -> s.root();
            default -> null;
        };
    }

    private static Op opOf(Collective c) {
        return switch (c) {
            case Collective.Reduce r -> r.op();
            case Collective.Allreduce r -> r.op();
            case Collective.ReduceScatter r -> r.op();
            case Collective.ReduceScatterBlock r -> r.op();
            case Collective.Scan r -> r.op();
            case Collective.Exscan r -> r.op();
            default -> null;
        };
    }

    /** Compares the data sizes the ranks contribute and expect; returns the first disagreement. */
    private static String sizes(Collective[] calls) {
        int n = calls.length;
        switch (calls[0]) {
            case Collective.Bcast b -> {
                return allEqual(calls, c -> ((Collective.Bcast) c).buf().byteSize(), "broadcast size");
            }
            case Collective.Gather g -> {
                Collective.Gather root = (Collective.Gather) calls[g.root()];
                long block = root.recv().byteSize() / n;
                for (int r = 0; r < n; r++) {
                    Buf s = ((Collective.Gather) calls[r]).send();
                    if (!s.isInPlace() && s.byteSize() != block) {
                        return bytes("rank " + r + " sends", s.byteSize(), "the root receives", block);
                    }
                }
                return null;
            }
            case Collective.Gatherv g -> {
                Collective.Gatherv root = (Collective.Gatherv) calls[g.root()];
                for (int r = 0; r < n; r++) {
                    Buf s = ((Collective.Gatherv) calls[r]).send();
                    long expect = root.recv().count(r) * root.recv().buf().datatype().size();
                    if (!s.isInPlace() && s.byteSize() != expect) {
                        return bytes("rank " + r + " sends", s.byteSize(), "the root receives", expect);
                    }
                }
                return null;
            }
            case Collective.Scatter s -> {
                Collective.Scatter root = (Collective.Scatter) calls[s.root()];
                long block = root.send().byteSize() / n;
                for (int r = 0; r < n; r++) {
                    Buf recv = ((Collective.Scatter) calls[r]).recv();
                    if (!recv.isInPlace() && recv.byteSize() != block) {
                        return bytes("the root sends", block, "rank " + r + " receives", recv.byteSize());
                    }
                }
                return null;
            }
            case Collective.Scatterv s -> {
                Collective.Scatterv root = (Collective.Scatterv) calls[s.root()];
                for (int r = 0; r < n; r++) {
                    Buf recv = ((Collective.Scatterv) calls[r]).recv();
                    long expect = root.send().count(r) * root.send().buf().datatype().size();
                    if (!recv.isInPlace() && recv.byteSize() != expect) {
                        return bytes("the root sends", expect, "rank " + r + " receives", recv.byteSize());
                    }
                }
                return null;
            }
            case Collective.Allgather a -> {
                return allEqual(calls, c -> {
                    Collective.Allgather x = (Collective.Allgather) c;
                    return x.send().isInPlace() ? x.recv().byteSize() / n : x.send().byteSize();
                }, "block size");
            }
            case Collective.Allgatherv a -> {
                for (int j = 0; j < n; j++) {
                    Collective.Allgatherv sender = (Collective.Allgatherv) calls[j];
                    long sent = sender.send().isInPlace() ? sender.recv().count(j) * sender.recv().buf().datatype().size()
                            : sender.send().byteSize();
                    for (int k = 0; k < n; k++) {
                        VBuf recv = ((Collective.Allgatherv) calls[k]).recv();
                        long expect = recv.count(j) * recv.buf().datatype().size();
                        if (expect != sent) {
                            return bytes("rank " + j + " contributes", sent, "rank " + k + " expects", expect);
                        }
                    }
                }
                return null;
            }
            case Collective.Alltoall a -> {
                return allEqual(calls, c -> ((Collective.Alltoall) c).recv().byteSize(), "buffer size");
            }
            case Collective.Alltoallv a -> {
                for (int i = 0; i < n; i++) {
                    Collective.Alltoallv from = (Collective.Alltoallv) calls[i];
                    VBuf send = from.send() != null ? from.send() : from.recv();
                    for (int j = 0; j < n; j++) {
                        VBuf recv = ((Collective.Alltoallv) calls[j]).recv();
                        long sent = send.count(j) * send.buf().datatype().size();
                        long expect = recv.count(i) * recv.buf().datatype().size();
                        if (sent != expect) {
                            return bytes("rank " + i + " sends rank " + j, sent, "rank " + j + " receives", expect);
                        }
                    }
                }
                return null;
            }
            case Collective.Alltoallw a -> {
                for (int i = 0; i < n; i++) {
                    Collective.Alltoallw from = (Collective.Alltoallw) calls[i];
                    WBuf send = from.send() != null ? from.send() : from.recv();
                    for (int j = 0; j < n; j++) {
                        WBuf recv = ((Collective.Alltoallw) calls[j]).recv();
                        long sent = send.counts()[j] * send.types()[j].size();
                        long expect = recv.counts()[i] * recv.types()[i].size();
                        if (sent != expect) {
                            return bytes("rank " + i + " sends rank " + j, sent, "rank " + j + " receives", expect);
                        }
                    }
                }
                return null;
            }
            case Collective.Reduce r -> {
                return allEqual(calls, c -> operandSize(((Collective.Reduce) c).send(), ((Collective.Reduce) c).recv()), "operand size");
            }
            case Collective.Allreduce r -> {
                return allEqual(calls, c -> operandSize(((Collective.Allreduce) c).send(), ((Collective.Allreduce) c).recv()), "operand size");
            }
            case Collective.Scan r -> {
                return allEqual(calls, c -> operandSize(((Collective.Scan) c).send(), ((Collective.Scan) c).recv()), "operand size");
            }
            case Collective.Exscan r -> {
                return allEqual(calls, c -> operandSize(((Collective.Exscan) c).send(), ((Collective.Exscan) c).recv()), "operand size");
            }
            case Collective.ReduceScatter r -> {
                for (int k = 1; k < n; k++) {
                    if (!Arrays.equals(r.recvCounts(), ((Collective.ReduceScatter) calls[k]).recvCounts())) {
                        return "the ranks disagree on recvCounts (rank 0: " + Arrays.toString(r.recvCounts()) + ", rank " + k + ": "
                                + Arrays.toString(((Collective.ReduceScatter) calls[k]).recvCounts()) + ")";
                    }
                }
                return null;
            }
            case Collective.ReduceScatterBlock r -> {
                return allEqual(calls, c -> {
                    Collective.ReduceScatterBlock x = (Collective.ReduceScatterBlock) c;
                    return x.send().isInPlace() ? x.recv().byteSize() / n : x.recv().byteSize();
                }, "block size");
            }
            default -> {
                return null; // barrier and the byte-array collectives carry sizes of their own
            }
        }
    }

    private static long operandSize(Buf send, Buf recv) {
        return send.isInPlace() ? recv.byteSize() : send.byteSize();
    }

    private static String allEqual(Collective[] calls, java.util.function.ToLongFunction<Collective> size, String what) {
        long first = size.applyAsLong(calls[0]);
        List<Integer> differ = new ArrayList<>();
        for (int r = 1; r < calls.length; r++) {
            long s = size.applyAsLong(calls[r]);
            if (s != first) {
                return "the ranks disagree on the " + what + " (rank 0: " + first + " bytes, rank " + r + ": " + s + " bytes)";
            }
        }
        return differ.isEmpty() ? null : differ.toString();
    }

    private static String bytes(String a, long x, String b, long y) {
        return a + " " + x + " bytes but " + b + " " + y + " bytes";
    }
}
