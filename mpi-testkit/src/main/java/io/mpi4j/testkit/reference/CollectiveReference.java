package io.mpi4j.testkit.reference;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.WBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The reference semantics of the MPI collective operations: given every rank's inputs, what each
 * rank holds when the collective has completed, computed sequentially from the definitions of
 * MPI-4.1 chapter 6.
 *
 * <p>Data is passed as one value per rank: a primitive array (its datatype inferred as {@code Buf}
 * does: {@code int[]} is {@link Datatype#INT}, {@code boolean[]} is {@link Datatype#BOOLEAN}, ...)
 * or an {@link Elements} for other datatypes, such as the value-index pairs of {@code MAXLOC}. Every
 * method returns one value per rank, of the same kind as its inputs, freshly allocated; the entry
 * of a rank whose result MPI leaves undefined or unchanged (non-roots of {@code reduce} and
 * {@code gather}, rank 0 of {@code exscan}) is {@code null}. Inputs are never modified.
 *
 * <p>Reductions combine with {@link Op#apply} in rank order, {@code x0 op x1 op ... op x(n-1)}
 * (MPI-4.1 §6.9.1), with {@code in} the left (lower-rank) operand: exactly MPI's definition, valid
 * for non-commutative operations too. An implementation may associate a commutative operation
 * differently; tests of floating-point sums should use values whose sums are exact.
 *
 * {@snippet :
 * List<long[]> inputs = ...;                                  // inputs.get(r): rank r's operands
 * long[] expected = CollectiveReference.fold(inputs, Op.SUM);
 * // "allreduce on N ranks equals the fold of the inputs":
 * assertArrayEquals(expected, resultOfRank);
 * }
 */
public final class CollectiveReference {
    private CollectiveReference() {
    }

    // =============================== data movement ===============================

    /**
     * MPI_Bcast (MPI-4.1 §6.4): every rank receives the root's buffer.
     *
     * @param buffers every rank's buffer before the call (only the root's matters)
     * @param root the root
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's buffer afterwards: a copy of the root's
     */
    public static <A> List<A> bcast(List<A> buffers, int root) {
        checkRoot(buffers, root);
        List<A> out = new ArrayList<>();
        for (int r = 0; r < buffers.size(); r++) {
            out.add(copy(buffers.get(root)));
        }
        return out;
    }

    /**
     * MPI_Gather (MPI-4.1 §6.5): the root receives every rank's send buffer, block {@code i} from rank
     * {@code i}.
     *
     * @param sends every rank's send buffer, all of one count
     * @param root the root
     * @param <A> a primitive array type or {@link Elements}
     * @return the root's receive buffer (the concatenation in rank order); {@code null} elsewhere
     */
    public static <A> List<A> gather(List<A> sends, int root) {
        checkRoot(sends, root);
        return onlyAt(root, sends.size(), concat(sends));
    }

    /**
     * MPI_Gatherv (MPI-4.1 §6.5): block {@code i} of the root's receive buffer, at displacement
     * {@code displs[i]}, receives rank {@code i}'s send buffer; elements outside the blocks keep their
     * values.
     *
     * @param sends every rank's send buffer; its length is the count of its block
     * @param rootRecv the root's receive buffer before the call
     * @param displs the displacement of each rank's block, in elements
     * @param root the root
     * @param <A> a primitive array type or {@link Elements}
     * @return the root's receive buffer afterwards; {@code null} elsewhere
     */
    public static <A> List<A> gatherv(List<A> sends, A rootRecv, int[] displs, int root) {
        checkRoot(sends, root);
        Elements recv = in(rootRecv);
        for (int i = 0; i < sends.size(); i++) {
            put(recv, displs[i], in(sends.get(i)));
        }
        return onlyAt(root, sends.size(), out(recv, rootRecv));
    }

    /**
     * MPI_Scatter (MPI-4.1 §6.6): rank {@code i} receives block {@code i} of the root's send buffer.
     *
     * @param rootSend the root's send buffer: {@code size} equal blocks
     * @param size the number of ranks
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer
     * @throws IllegalArgumentException if the count is not a multiple of {@code size}
     */
    public static <A> List<A> scatter(A rootSend, int size) {
        Elements all = in(rootSend);
        long block = blockCount(all.count(), size);
        List<A> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            out.add(out(slice(all, i * block, block), rootSend));
        }
        return out;
    }

    /**
     * MPI_Scatterv (MPI-4.1 §6.6): rank {@code i} receives {@code counts[i]} elements of the root's send
     * buffer, from displacement {@code displs[i]}.
     *
     * @param rootSend the root's send buffer
     * @param counts the count of each rank's block
     * @param displs the displacement of each rank's block, in elements
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer, of {@code counts[rank]} elements
     */
    public static <A> List<A> scatterv(A rootSend, int[] counts, int[] displs) {
        Elements all = in(rootSend);
        List<A> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            out.add(out(slice(all, displs[i], counts[i]), rootSend));
        }
        return out;
    }

    /**
     * MPI_Allgather (MPI-4.1 §6.7): every rank receives every rank's send buffer, in rank order.
     *
     * @param sends every rank's send buffer, all of one count
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer: the concatenation
     */
    public static <A> List<A> allgather(List<A> sends) {
        List<A> out = new ArrayList<>();
        A all = concat(sends);
        for (int r = 0; r < sends.size(); r++) {
            out.add(copy(all));
        }
        return out;
    }

    /**
     * MPI_Allgatherv (MPI-4.1 §6.7): on every rank, block {@code i} of the receive buffer, at
     * displacement {@code displs[i]}, receives rank {@code i}'s send buffer; other elements keep their
     * values.
     *
     * @param sends every rank's send buffer; its length is the count of its block
     * @param recvs every rank's receive buffer before the call
     * @param displs the displacement of each block, the same on every rank
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer afterwards
     */
    public static <A> List<A> allgatherv(List<A> sends, List<A> recvs, int[] displs) {
        List<A> out = new ArrayList<>();
        for (A recv0 : recvs) {
            Elements recv = in(recv0);
            for (int i = 0; i < sends.size(); i++) {
                put(recv, displs[i], in(sends.get(i)));
            }
            out.add(out(recv, recv0));
        }
        return out;
    }

    /**
     * MPI_Alltoall (MPI-4.1 §6.8): block {@code j} of rank {@code i}'s send buffer becomes block
     * {@code i} of rank {@code j}'s receive buffer.
     *
     * @param sends every rank's send buffer: {@code size} equal blocks
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer
     */
    public static <A> List<A> alltoall(List<A> sends) {
        int n = sends.size();
        List<Elements> ins = ins(sends);
        List<A> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Elements recv = new Elements(Elements.allocate(ins.get(j).segment().byteSize()), ins.get(j).datatype());
            long block = blockCount(recv.count(), n);
            for (int i = 0; i < n; i++) {
                put(recv, i * block, slice(ins.get(i), j * block, block));
            }
            out.add(out(recv, sends.get(j)));
        }
        return out;
    }

    /**
     * MPI_Alltoallv (MPI-4.1 §6.8): rank {@code i} sends {@code sendCounts[i][j]} elements from
     * displacement {@code sendDispls[i][j]} of its send buffer to rank {@code j}, which stores them at
     * displacement {@code recvDispls[j][i]} of its receive buffer; other elements keep their values.
     *
     * @param sends every rank's send buffer
     * @param sendCounts {@code sendCounts[i][j]}: what rank {@code i} sends to rank {@code j}
     * @param sendDispls where in rank {@code i}'s send buffer the block for {@code j} starts
     * @param recvs every rank's receive buffer before the call
     * @param recvDispls where in rank {@code j}'s receive buffer the block from {@code i} starts
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer afterwards
     */
    public static <A> List<A> alltoallv(List<A> sends, int[][] sendCounts, int[][] sendDispls, List<A> recvs, int[][] recvDispls) {
        int n = sends.size();
        List<Elements> ins = ins(sends);
        List<A> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Elements recv = in(recvs.get(j));
            for (int i = 0; i < n; i++) {
                put(recv, recvDispls[j][i], slice(ins.get(i), sendDispls[i][j], sendCounts[i][j]));
            }
            out.add(out(recv, recvs.get(j)));
        }
        return out;
    }

    /**
     * MPI_Alltoallw (MPI-4.1 §6.8): block {@code j} of rank {@code i}'s send descriptor is stored as
     * block {@code i} of rank {@code j}'s receive descriptor, byte for byte; other bytes of the receive
     * memory keep their values.
     *
     * @param sends every rank's send descriptor
     * @param recvs every rank's receive descriptor, its memory holding the values before the call
     * @return every rank's receive memory afterwards (fresh copies)
     * @throws IllegalArgumentException if a sent block and the matching received block differ in
     *     byte size (their type signatures cannot match)
     */
    public static List<MemorySegment> alltoallw(List<WBuf> sends, List<WBuf> recvs) {
        int n = sends.size();
        List<MemorySegment> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            WBuf r = recvs.get(j);
            MemorySegment mem = Elements.copyOf(r.memory());
            for (int i = 0; i < n; i++) {
                WBuf s = sends.get(i);
                long bytes = (long) s.counts()[j] * s.types()[j].size();
                long rbytes = (long) r.counts()[i] * r.types()[i].size();
                if (bytes != rbytes) {
                    throw new IllegalArgumentException("rank " + i + " sends " + bytes + " bytes to rank " + j + ", which expects "
                            + rbytes);
                }
                MemorySegment.copy(s.memory(), s.byteDispls()[j], mem, r.byteDispls()[i], bytes);
            }
            out.add(mem);
        }
        return out;
    }

    // =============================== reductions ===============================

    /**
     * The reduction of every rank's operands in rank order, {@code x0 op x1 op ... op x(n-1)},
     * element by element (MPI-4.1 §6.9.1): the result of {@code reduce} at the root and of
     * {@code allreduce} everywhere.
     *
     * @param operands every rank's operands, all of one count and datatype; at least one
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return the result
     * @throws MpiException with {@link ErrorClass#ERR_OP} if the operation does not apply to the datatype,
     *     even for a single rank
     */
    public static <A> A fold(List<A> operands, Op op) {
        return fold(operands, op, operands.size());
    }

    /**
     * MPI_Reduce (MPI-4.1 §6.9.1): the root receives the {@link #fold}.
     *
     * @param operands every rank's operands
     * @param op the operation
     * @param root the root
     * @param <A> a primitive array type or {@link Elements}
     * @return the root's receive buffer; {@code null} elsewhere
     */
    public static <A> List<A> reduce(List<A> operands, Op op, int root) {
        checkRoot(operands, root);
        return onlyAt(root, operands.size(), fold(operands, op));
    }

    /**
     * MPI_Allreduce (MPI-4.1 §6.9.6): every rank receives the {@link #fold}.
     *
     * @param operands every rank's operands
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's receive buffer
     */
    public static <A> List<A> allreduce(List<A> operands, Op op) {
        A all = fold(operands, op);
        List<A> out = new ArrayList<>();
        for (int r = 0; r < operands.size(); r++) {
            out.add(copy(all));
        }
        return out;
    }

    /**
     * MPI_Reduce_scatter (MPI-4.1 §6.10.2): the {@link #fold} is split into consecutive blocks, rank
     * {@code i} receiving {@code recvCounts[i]} elements.
     *
     * @param operands every rank's operands, {@code sum(recvCounts)} elements each
     * @param recvCounts the count of each rank's block
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's block of the result
     */
    public static <A> List<A> reduceScatter(List<A> operands, int[] recvCounts, Op op) {
        Elements all = in(fold(operands, op));
        List<A> out = new ArrayList<>();
        long at = 0;
        for (int c : recvCounts) {
            out.add(out(slice(all, at, c), operands.getFirst()));
            at += c;
        }
        return out;
    }

    /**
     * MPI_Reduce_scatter_block (MPI-4.1 §6.10.1): the {@link #fold} is split into {@code size} equal
     * blocks, rank {@code i} receiving block {@code i}.
     *
     * @param operands every rank's operands, {@code size} blocks each
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's block of the result
     */
    public static <A> List<A> reduceScatterBlock(List<A> operands, Op op) {
        int n = operands.size();
        long block = blockCount(in(operands.getFirst()).count(), n);
        int[] counts = new int[n];
        Arrays.fill(counts, Math.toIntExact(block));
        return reduceScatter(operands, counts, op);
    }

    /**
     * MPI_Scan (MPI-4.1 §6.11.1): rank {@code i} receives {@code x0 op ... op xi}.
     *
     * @param operands every rank's operands
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's inclusive prefix
     */
    public static <A> List<A> scan(List<A> operands, Op op) {
        List<A> out = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            out.add(fold(operands, op, i + 1));
        }
        return out;
    }

    /**
     * MPI_Exscan (MPI-4.1 §6.11.2): rank {@code i > 0} receives {@code x0 op ... op x(i-1)}; rank 0's
     * receive buffer is unchanged (MPI leaves it undefined).
     *
     * @param operands every rank's operands
     * @param op the operation
     * @param <A> a primitive array type or {@link Elements}
     * @return every rank's exclusive prefix; {@code null} for rank 0
     */
    public static <A> List<A> exscan(List<A> operands, Op op) {
        List<A> out = new ArrayList<>();
        out.add(null);
        for (int i = 1; i < operands.size(); i++) {
            out.add(fold(operands, op, i));
        }
        return out;
    }

    private static <A> A fold(List<A> operands, Op op, int upTo) {
        Objects.requireNonNull(op, "op");
        if (operands.isEmpty() || upTo < 1) {
            throw new IllegalArgumentException("a reduction needs the operands of at least one rank");
        }
        Elements acc = in(operands.getFirst());
        if (!op.supports(acc.datatype())) {
            throw new MpiException(ErrorClass.ERR_OP, op + " does not apply to " + acc.datatype() + " elements (MPI-4.1 §6.9.2)");
        }
        for (int i = 1; i < upTo; i++) {
            Elements right = in(operands.get(i));
            if (right.datatype() != acc.datatype() || right.count() != acc.count()) {
                throw new IllegalArgumentException("rank " + i + " has " + right.count() + " " + right.datatype()
                        + " operands but rank 0 has " + acc.count() + " " + acc.datatype());
            }
            op.apply(acc.segment(), right.segment(), acc.count(), acc.datatype());
            acc = right;
        }
        return out(acc, operands.getFirst());
    }

    // =============================== conversions ===============================

    /**
     * Returns a copy of a primitive array or {@link Elements}.
     *
     * @param value the value
     * @param <A> a primitive array type or {@link Elements}
     * @return an equal, independent value
     */
    public static <A> A copy(A value) {
        return out(in(value), value);
    }

    /**
     * Returns the datatype of a value as the reference sees it: inferred from a primitive array's
     * element type, or that of an {@link Elements}.
     *
     * @param value a primitive array or {@link Elements}
     * @return the datatype
     * @throws IllegalArgumentException for other objects
     */
    public static Datatype datatypeOf(Object value) {
        if (value instanceof Elements e) {
            return e.datatype();
        }
        if (value == null || !value.getClass().isArray() || !value.getClass().getComponentType().isPrimitive()) {
            throw new IllegalArgumentException("expected a primitive array or Elements, got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return Datatype.ofArrayClass(value.getClass());
    }

    /** Copies a value into fresh native memory. */
    static Elements in(Object value) {
        Datatype t = datatypeOf(value);
        if (value instanceof Elements e) {
            return Elements.of(e.segment(), t);
        }
        if (value instanceof boolean[] b) {
            MemorySegment m = Elements.allocate(b.length);
            for (int i = 0; i < b.length; i++) {
                m.set(ValueLayout.JAVA_BYTE, i, (byte) (b[i] ? 1 : 0));
            }
            return new Elements(m, t);
        }
        return new Elements(Elements.copyOf(heapView(value)), t);
    }

    private static MemorySegment heapView(Object array) {
        return switch (array) {
            case byte[] a -> MemorySegment.ofArray(a);
            case char[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a primitive array: " + array.getClass().getName());
        };
    }

    /** Converts elements back to the kind of {@code template}. */
    @SuppressWarnings("unchecked")
    static <A> A out(Elements e, A template) {
        MemorySegment s = e.segment();
        Object r = switch (template) {
            case Elements _ -> Elements.of(s, e.datatype());
            case byte[] _ -> s.toArray(ValueLayout.JAVA_BYTE);
            case boolean[] _ -> {
                boolean[] b = new boolean[(int) s.byteSize()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = s.get(ValueLayout.JAVA_BYTE, i) != 0;
                }
                yield b;
            }
            case char[] _ -> s.toArray(ValueLayout.JAVA_CHAR_UNALIGNED);
            case short[] _ -> s.toArray(ValueLayout.JAVA_SHORT_UNALIGNED);
            case int[] _ -> s.toArray(ValueLayout.JAVA_INT_UNALIGNED);
            case long[] _ -> s.toArray(ValueLayout.JAVA_LONG_UNALIGNED);
            case float[] _ -> s.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            case double[] _ -> s.toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED);
            default -> throw new IllegalArgumentException("expected a primitive array or Elements, got " + template.getClass().getName());
        };
        return (A) r;
    }

    private static List<Elements> ins(List<?> values) {
        List<Elements> l = new ArrayList<>(values.size());
        for (Object v : values) {
            l.add(in(v));
        }
        return l;
    }

    private static <A> A concat(List<A> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no ranks");
        }
        List<Elements> ins = ins(values);
        long bytes = 0;
        for (Elements e : ins) {
            bytes += e.segment().byteSize();
        }
        MemorySegment m = Elements.allocate(bytes);
        long at = 0;
        for (Elements e : ins) {
            MemorySegment.copy(e.segment(), 0, m, at, e.segment().byteSize());
            at += e.segment().byteSize();
        }
        return out(new Elements(m, ins.getFirst().datatype()), values.getFirst());
    }

    private static Elements slice(Elements e, long first, long count) {
        long size = e.datatype().size();
        return new Elements(e.segment().asSlice(first * size, count * size), e.datatype());
    }

    private static void put(Elements into, long first, Elements block) {
        MemorySegment.copy(block.segment(), 0, into.segment(), first * into.datatype().size(), block.segment().byteSize());
    }

    private static long blockCount(long count, int size) {
        if (size < 1 || count % size != 0) {
            throw new IllegalArgumentException("count=" + count + " is not a multiple of size=" + size);
        }
        return count / size;
    }

    private static <A> List<A> onlyAt(int root, int size, A value) {
        List<A> out = new ArrayList<>(Collections.nCopies(size, null));
        out.set(root, value);
        return out;
    }

    private static void checkRoot(List<?> perRank, int root) {
        if (root < 0 || root >= perRank.size()) {
            throw new IllegalArgumentException("root=" + root + " is not a rank of a world of size " + perRank.size());
        }
    }
}
