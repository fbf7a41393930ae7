package io.mpi4j.testkit.arbitraries;

import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.testkit.reference.Elements;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for testing collective operations (MPI-4.1 chapter 6): world sizes, roots,
 * datatypes, the predefined operations with the datatypes they apply to (MPI-4.1 §6.9.2), user
 * operations, buffers of random contents and the counts of {@code v} collectives.
 *
 * <p>Buffers are primitive arrays, or {@link Elements} for the value-index pair types, ready for
 * {@link io.mpi4j.testkit.reference.CollectiveReference}. Their values are chosen so that every
 * predefined reduction is exact in any association: floating-point elements are small integers (and
 * only -2 to 2 for {@link Op#PROD}), so an implementation that combines a commutative operation in
 * another order still matches the reference bit for bit.
 *
 * {@snippet :
 * @Property(tries = 30)
 * void allreduceIsTheFold(@ForAll("cases") CollectiveArbitraries.ReductionCase c) { ... }
 *
 * @Provide
 * Arbitrary<CollectiveArbitraries.ReductionCase> cases() {
 *     return CollectiveArbitraries.reductionCases(8, 20);
 * }
 * }
 */
public final class CollectiveArbitraries {
    /** The predefined datatypes of Java's primitive types. */
    public static final List<Datatype> PRIMITIVE_TYPES = List.of(Datatype.BYTE, Datatype.BOOLEAN, Datatype.CHAR, Datatype.SHORT,
            Datatype.INT, Datatype.LONG, Datatype.FLOAT, Datatype.DOUBLE);
    /** The value-index pair types of {@link Op#MAXLOC} and {@link Op#MINLOC} (MPI-4.1 §6.9.4). */
    public static final List<Datatype> PAIR_TYPES = List.of(Datatype.INT_INT, Datatype.LONG_INT, Datatype.FLOAT_INT,
            Datatype.DOUBLE_INT);
    /** Every predefined operation (MPI-4.1 §6.9.2, and REPLACE and NO_OP of §12.3.4). */
    public static final List<Op> PREDEFINED_OPS = List.of(Op.SUM, Op.PROD, Op.MAX, Op.MIN, Op.LAND, Op.BAND, Op.LOR, Op.BOR,
            Op.LXOR, Op.BXOR, Op.MAXLOC, Op.MINLOC, Op.REPLACE, Op.NO_OP);
    /**
     * A commutative user operation on {@link Datatype#LONG}: the sum, made by {@link Op#ofLongs}.
     * A constant, so that a process-based runner can name it to the job's processes.
     */
    public static final Op LONG_SUM = Op.ofLongs(Long::sum, true);

    /** {@link #affineComposition()}'s operation, a constant for the same reason as {@link #LONG_SUM}. */
    public static final Op AFFINE_COMPOSITION = Op.ofLongs(CollectiveArbitraries::composeAffine, false);

    private CollectiveArbitraries() {
    }

    /**
     * World sizes from 1 to {@code max}, shrinking towards 1.
     *
     * @param max the largest size
     * @return the arbitrary
     */
    public static Arbitrary<Integer> worldSizes(int max) {
        return Arbitraries.integers().between(1, max);
    }

    /**
     * The roots of a world: every rank of it.
     *
     * @param size the world size
     * @return ranks in {@code [0, size)}
     */
    public static Arbitrary<Integer> roots(int size) {
        return Arbitraries.integers().between(0, size - 1);
    }

    /**
     * A world size and a root of it.
     *
     * @param size the number of ranks
     * @param root a rank, the root of the collective
     */
    public record SizeAndRoot(int size, int root) implements java.io.Serializable {
    }

    /**
     * World sizes up to {@code max}, each with one of its ranks as root.
     *
     * @param max the largest size
     * @return the arbitrary
     */
    public static Arbitrary<SizeAndRoot> sizesAndRoots(int max) {
        return worldSizes(max).flatMap(n -> roots(n).map(r -> new SizeAndRoot(n, r)));
    }

    /**
     * The datatypes of Java's primitive types.
     *
     * @return one of {@link #PRIMITIVE_TYPES}
     */
    public static Arbitrary<Datatype> datatypes() {
        return Arbitraries.of(PRIMITIVE_TYPES);
    }

    /**
     * The predefined operations.
     *
     * @return one of {@link #PREDEFINED_OPS}
     */
    public static Arbitrary<Op> predefinedOps() {
        return Arbitraries.of(PREDEFINED_OPS);
    }

    /**
     * The predefined operations that apply to a datatype (MPI-4.1 §6.9.2).
     *
     * @param datatype the element type
     * @return the operations {@link Op#supports} accepts
     */
    public static List<Op> opsSupporting(Datatype datatype) {
        return PREDEFINED_OPS.stream().filter(o -> o.supports(datatype)).toList();
    }

    /**
     * The predefined operations that do not apply to a datatype: they raise {@code ERR_OP}.
     *
     * @param datatype the element type
     * @return the operations {@link Op#supports} rejects
     */
    public static List<Op> opsRejecting(Datatype datatype) {
        return PREDEFINED_OPS.stream().filter(o -> !o.supports(datatype)).toList();
    }

    /**
     * An operation and a datatype it applies to.
     *
     * @param op the operation
     * @param datatype the element type
     */
    public record OpAndType(Op op, Datatype datatype) {
        @Override
        public String toString() {
            return op + " on " + datatype;
        }
    }

    /**
     * Every supported combination of a predefined operation and a datatype, pair types included
     * (for {@link Op#MAXLOC} and {@link Op#MINLOC}), and the user operations of {@link #userOps()}
     * on {@link Datatype#LONG}.
     *
     * @return the arbitrary
     */
    public static Arbitrary<OpAndType> opsAndTypes() {
        List<OpAndType> all = new ArrayList<>();
        for (Datatype t : PRIMITIVE_TYPES) {
            for (Op o : opsSupporting(t)) {
                all.add(new OpAndType(o, t));
            }
        }
        for (Datatype t : PAIR_TYPES) {
            for (Op o : opsSupporting(t)) {
                all.add(new OpAndType(o, t));
            }
        }
        for (Op o : userOps()) {
            all.add(new OpAndType(o, Datatype.LONG));
        }
        return Arbitraries.of(all);
    }

    /**
     * User operations on {@link Datatype#LONG}: a commutative one (a sum made by
     * {@link Op#ofLongs}) and a non-commutative one ({@link #affineComposition()}).
     *
     * @return the operations
     */
    public static List<Op> userOps() {
        return List.of(LONG_SUM, AFFINE_COMPOSITION);
    }

    /**
     * An associative, non-commutative user operation on {@link Datatype#LONG}: each element encodes
     * the affine map {@code x -> a*x + b} modulo 2^32 ({@code a} in the high 32 bits, {@code b} in the
     * low ones), and {@code left op right} is the map "first left, then right". Reducing in any
     * order but rank order gives another map, so it shows whether an implementation respects rank
     * order (MPI-4.1 §6.9.5).
     *
     * @return the operation, with {@code commutative = false}
     */
    public static Op affineComposition() {
        return AFFINE_COMPOSITION;
    }

    /**
     * Composes two affine maps as {@link #affineComposition()} does.
     *
     * @param left the map applied first
     * @param right the map applied second
     * @return the packed composition {@code right(left(x))}
     */
    public static long composeAffine(long left, long right) {
        long al = left >>> 32;
        long bl = left & 0xFFFF_FFFFL;
        long ar = right >>> 32;
        long br = right & 0xFFFF_FFFFL;
        long a = (al * ar) & 0xFFFF_FFFFL;
        long b = (bl * ar + br) & 0xFFFF_FFFFL;
        return (a << 32) | b;
    }

    /**
     * Buffers of one datatype and count with random contents suited to the operation: a primitive
     * array, or {@link Elements} for a pair type (values from a few candidates, so that ties occur,
     * and indices from 0 to 9).
     *
     * @param datatype the element type
     * @param count the number of elements
     * @param op the operation the buffer will be reduced with, or {@code null} for data movement
     * @return the arbitrary
     */
    public static Arbitrary<Object> buffers(Datatype datatype, int count, Op op) {
        if (datatype.pairValueType().isPresent()) {
            return Combinators.combine(Arbitraries.integers().between(-3, 3).list().ofSize(count),
                    Arbitraries.integers().between(0, 9).list().ofSize(count)).as((vs, is) -> {
                        double[] v = new double[count];
                        int[] ix = new int[count];
                        for (int i = 0; i < count; i++) {
                            v[i] = vs.get(i);
                            ix[i] = is.get(i);
                        }
                        return (Object) Elements.pairs(datatype, v, ix);
                    });
        }
        boolean floating = datatype == Datatype.FLOAT || datatype == Datatype.DOUBLE;
        long lo;
        long hi;
        if (datatype == Datatype.BOOLEAN) {
            lo = 0;
            hi = 1;
        } else if (floating) {
            lo = op == Op.PROD ? -2 : -100;
            hi = -lo;
        } else if (datatype == Datatype.CHAR) {
            lo = 0;
            hi = 0xFFFF;
        } else if (datatype == Datatype.BYTE) {
            lo = Byte.MIN_VALUE;
            hi = Byte.MAX_VALUE;
        } else if (datatype == Datatype.SHORT) {
            lo = Short.MIN_VALUE;
            hi = Short.MAX_VALUE;
        } else if (datatype == Datatype.INT) {
            lo = Integer.MIN_VALUE;
            hi = Integer.MAX_VALUE;
        } else {
            lo = Long.MIN_VALUE;
            hi = Long.MAX_VALUE;
        }
        return Arbitraries.longs().between(lo, hi).list().ofSize(count).map(l -> arrayOf(datatype, l));
    }

    /**
     * One buffer per rank, of one datatype and count.
     *
     * @param datatype the element type
     * @param count the number of elements of each buffer
     * @param ranks the number of ranks
     * @param op the operation the buffers will be reduced with, or {@code null}
     * @return the arbitrary
     */
    public static Arbitrary<List<Object>> buffersPerRank(Datatype datatype, int count, int ranks, Op op) {
        return buffers(datatype, count, op).list().ofSize(ranks);
    }

    /**
     * The counts of a {@code v} collective: one count per rank, from 0 to {@code maxCount}, with
     * empty blocks likely.
     *
     * @param ranks the number of ranks
     * @param maxCount the largest count
     * @return the arbitrary
     */
    public static Arbitrary<int[]> vcounts(int ranks, int maxCount) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, maxCount)))
                .list().ofSize(ranks).map(l -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A generated reduction: world size, root, operation, datatype, count and every rank's operands.
     *
     * @param size the number of ranks
     * @param root the root (for rooted reductions)
     * @param op the operation
     * @param datatype the element type
     * @param count the number of elements per rank
     * @param operands one buffer per rank (a primitive array or {@link Elements})
     */
    public record ReductionCase(int size, int root, Op op, Datatype datatype, int count, List<Object> operands) {
        @Override
        public String toString() {
            return "ReductionCase[size=" + size + ", root=" + root + ", " + op + " on " + count + " " + datatype + "]";
        }
    }

    /**
     * Generated reductions: sizes up to {@code maxSize}, every supported operation and datatype
     * ({@link #opsAndTypes()}), counts from 0 to {@code maxCount}, and operands of random contents.
     *
     * @param maxSize the largest world size
     * @param maxCount the largest count
     * @return the arbitrary
     */
    public static Arbitrary<ReductionCase> reductionCases(int maxSize, int maxCount) {
        return sizesAndRoots(maxSize).flatMap(sr -> opsAndTypes().flatMap(ot -> Arbitraries.integers().between(0, maxCount)
                .flatMap(count -> buffersPerRank(ot.datatype(), count, sr.size(), ot.op())
                        .map(ops -> new ReductionCase(sr.size(), sr.root(), ot.op(), ot.datatype(), count, ops)))));
    }

    /**
     * Converts values to a primitive array of a datatype (narrowing as Java casts do; non-zero is
     * {@code true} for {@link Datatype#BOOLEAN}).
     *
     * @param t a primitive datatype
     * @param l the values
     * @return the array
     * @throws IllegalArgumentException for a pair type
     */
    public static Object arrayOf(Datatype t, List<Long> l) {
        int n = l.size();
        if (t == Datatype.BYTE) {
            byte[] a = new byte[n];
            for (int i = 0; i < n; i++) {
                a[i] = (byte) (long) l.get(i);
            }
            return a;
        } else if (t == Datatype.BOOLEAN) {
            boolean[] a = new boolean[n];
            for (int i = 0; i < n; i++) {
                a[i] = l.get(i) != 0;
            }
            return a;
        } else if (t == Datatype.CHAR) {
            char[] a = new char[n];
            for (int i = 0; i < n; i++) {
                a[i] = (char) (long) l.get(i);
            }
            return a;
        } else if (t == Datatype.SHORT) {
            short[] a = new short[n];
            for (int i = 0; i < n; i++) {
                a[i] = (short) (long) l.get(i);
            }
            return a;
        } else if (t == Datatype.INT) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = (int) (long) l.get(i);
            }
            return a;
        } else if (t == Datatype.LONG) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = l.get(i);
            }
            return a;
        } else if (t == Datatype.FLOAT) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = l.get(i);
            }
            return a;
        } else if (t == Datatype.DOUBLE) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = l.get(i);
            }
            return a;
        }
        throw new IllegalArgumentException("no primitive array for " + t);
    }
}
