package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Op;
import io.mpi4j.testkit.reference.CollectiveReference;
import io.mpi4j.testkit.reference.Elements;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The base of the collective TCK classes (MPI-4.1 chapter 6): the world sizes they run on, the
 * deterministic per-rank data they exchange, and comparison with
 * {@link CollectiveReference}.
 *
 * <p>Every rank computes every rank's inputs from its rank and the case's parameters, so it can
 * check its own result against the reference without further communication.
 */
public abstract class AbstractCollectiveTck extends AbstractTck {
    /** The world sizes every collective runs on: 1, 2, 3, 4, 7 and 16 ranks (powers of two and not). */
    protected static final int[] COLLECTIVE_SIZES = {1, 2, 3, 4, 7, 16};

    /**
     * The options of collective jobs: the provider's default buffering and a 20-second limit, so
     * that a hung collective fails its case quickly.
     */
    protected static final TckOptions OPTIONS = TckOptions.defaults().withTimeout(java.time.Duration.ofSeconds(20));

    /** The value of receive elements a collective must not touch. */
    protected static final int SENTINEL = -7;

    /** Creates the test instance; subclasses supply the runner. */
    protected AbstractCollectiveTck() {
    }

    /**
     * Returns deterministic data of one rank: a primitive array of the datatype, or
     * {@link Elements} for a pair type, whose values differ between ranks, elements and salts.
     *
     * @param datatype the element type
     * @param count the number of elements
     * @param rank the owning rank
     * @param salt distinguishes several buffers of one rank
     * @return the data
     */
    public static Object data(Datatype datatype, int count, int rank, int salt) {
        if (datatype.pairValueType().isPresent()) {
            double[] v = new double[count];
            int[] ix = new int[count];
            for (int i = 0; i < count; i++) {
                v[i] = (rank * 7 + i * 3 + salt) % 5;
                ix[i] = rank;
            }
            return Elements.pairs(datatype, v, ix);
        }
        List<Long> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long x = rank * 1000L + i * 7L + salt * 131L + 1;
            if (datatype == Datatype.BOOLEAN) {
                x = (rank + i + salt) % 3 == 0 ? 1 : 0;
            } else if (datatype == Datatype.BYTE) {
                x = (rank * 31 + i * 7 + salt) % 127;
            }
            l.add(x);
        }
        return toArray(datatype, l);
    }

    /**
     * Returns every rank's data of {@link #data}, in rank order.
     *
     * @param datatype the element type
     * @param count the number of elements of each rank
     * @param size the number of ranks
     * @param salt distinguishes several buffers
     * @return one value per rank
     */
    public static List<Object> dataOfAll(Datatype datatype, int count, int size, int salt) {
        List<Object> l = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            l.add(data(datatype, count, r, salt));
        }
        return l;
    }

    /**
     * Returns a buffer of sentinel values ({@link #SENTINEL}; {@code true} for booleans), to detect
     * which elements a collective wrote.
     *
     * @param datatype the element type
     * @param count the number of elements
     * @return a primitive array or {@link Elements}
     */
    public static Object sentinels(Datatype datatype, int count) {
        if (datatype.pairValueType().isPresent()) {
            double[] v = new double[count];
            int[] ix = new int[count];
            Arrays.fill(v, SENTINEL);
            Arrays.fill(ix, SENTINEL);
            return Elements.pairs(datatype, v, ix);
        }
        List<Long> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            l.add((long) SENTINEL);
        }
        return toArray(datatype, l);
    }

    /**
     * Describes a value as a buffer. Arrays are used directly (the collective writes into them);
     * {@link Elements} are copied into fresh native memory, to be read back with {@link #contents}.
     *
     * @param value a primitive array or {@link Elements}
     * @return the buffer
     */
    public static Buf bufOf(Object value) {
        return switch (value) {
            case byte[] a -> Buf.of(a);
            case boolean[] a -> Buf.of(a);
            case char[] a -> Buf.of(a);
            case short[] a -> Buf.of(a);
            case int[] a -> Buf.of(a);
            case long[] a -> Buf.of(a);
            case float[] a -> Buf.of(a);
            case double[] a -> Buf.of(a);
            case Elements e -> Buf.of(e.copyOfSegment(), e.datatype(), e.count());
            default -> throw new IllegalArgumentException("not a buffer value: " + value);
        };
    }

    /**
     * Reads a buffer made by {@link #bufOf} back as a value of the reference's kind.
     *
     * @param buf the buffer
     * @param like the value it was made from
     * @return the array itself, or the memory's current contents as {@link Elements}
     */
    public static Object contents(Buf buf, Object like) {
        if (like instanceof Elements) {
            return Elements.of(buf.segment(), buf.datatype());
        }
        return buf.base();
    }

    /**
     * Fresh native memory holding a copy of the value's bytes (booleans as 0 and 1).
     *
     * @param value a primitive array or {@link Elements}
     * @return the memory
     */
    public static MemorySegment segmentOf(Object value) {
        Buf b = bufOf(value);
        if (value instanceof Elements) {
            return b.segment();
        }
        Datatype t = CollectiveReference.datatypeOf(value);
        long n = java.lang.reflect.Array.getLength(value);
        MemorySegment m = Arena.ofAuto().allocate(Math.max(1, n * t.size()), 16).asSlice(0, n * t.size());
        if (value instanceof boolean[] z) {
            for (int i = 0; i < z.length; i++) {
                m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (z[i] ? 1 : 0));
            }
        } else {
            MemorySegment.copy(b.segment(), 0, m, 0, m.byteSize());
        }
        return m;
    }

    /**
     * Asserts that a received value equals the expected one (arrays element by element,
     * {@link Elements} by bytes).
     *
     * @param expected the reference's value
     * @param actual what the rank holds
     * @param what a description for the failure message, such as {@code "allreduce on rank 2"}
     */
    public static void assertSameContents(Object expected, Object actual, String what) {
        if (expected instanceof Elements || actual instanceof Elements) {
            assertEquals(expected, actual, what);
            return;
        }
        if (!Arrays.deepEquals(new Object[] {expected}, new Object[] {actual})) {
            fail(what + ": expected " + Arrays.deepToString(new Object[] {expected}) + " but was "
                    + Arrays.deepToString(new Object[] {actual}));
        }
    }

    /**
     * Returns a copy of part of a primitive array.
     *
     * @param array the array
     * @param from the first element
     * @param count the number of elements
     * @param <A> the array type
     * @return the copy
     */
    @SuppressWarnings("unchecked")
    public static <A> A sliceOf(A array, int from, int count) {
        Object r = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), count);
        System.arraycopy(array, from, r, 0, count);
        return (A) r;
    }

    /**
     * Every rank's operands of {@link Datatype#INT}: rank {@code r}, element {@code i} holds
     * {@code (r + 1) * 100 + i}.
     *
     * @param size the number of ranks
     * @param count the number of elements
     * @return one array per rank
     */
    public static List<int[]> intOperands(int size, int count) {
        List<int[]> l = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            int[] a = new int[count];
            for (int i = 0; i < count; i++) {
                a[i] = (r + 1) * 100 + i;
            }
            l.add(a);
        }
        return l;
    }

    /**
     * Every rank's operands for {@link io.mpi4j.testkit.arbitraries.CollectiveArbitraries#affineComposition()}:
     * distinct affine maps per rank and element.
     *
     * @param size the number of ranks
     * @param count the number of elements
     * @return one array per rank
     */
    public static List<long[]> affineOperands(int size, int count) {
        List<long[]> l = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            long[] a = new long[count];
            for (int i = 0; i < count; i++) {
                long mul = 2L * r + 3 + i;
                long add = 5L * r + 1 + 11L * i;
                a[i] = (mul << 32) | add;
            }
            l.add(a);
        }
        return l;
    }

    /**
     * A job-wide check that a communicator still works after an error: an allreduce of the ranks
     * yields {@code size * (size - 1) / 2} on every rank (MPI-4.1 §9.3).
     *
     * @param comm the communicator
     */
    public static void assertCollectiveWorks(Intracomm comm) {
        int[] sum = new int[1];
        comm.allreduce(Buf.of(new int[] {comm.rank()}), Buf.of(sum), Op.SUM);
        int n = comm.size();
        assertEquals(n * (n - 1) / 2, sum[0], "allreduce after an error");
    }

    /**
     * Returns a copy of {@code target} with {@code block} written at element {@code first}.
     *
     * @param target a primitive array or {@link Elements}
     * @param first the element where the block starts
     * @param block a value of the same kind and datatype
     * @return the new value
     */
    public static Object withBlock(Object target, int first, Object block) {
        return CollectiveReference.gatherv(List.of(block), target, new int[] {first}, 0).getFirst();
    }

    /**
     * Returns a copy of elements {@code [first, first + count)} of a value.
     *
     * @param value a primitive array or {@link Elements}
     * @param first the first element
     * @param count the number of elements
     * @return the part
     */
    public static Object partOf(Object value, int first, int count) {
        return CollectiveReference.scatterv(value, new int[] {count}, new int[] {first}).getFirst();
    }

    /**
     * The displacements of uneven blocks laid out in reverse rank order with a gap of one element
     * before each block, so that a {@code v} collective that ignores displacements, or writes
     * outside its blocks, is caught.
     *
     * @param counts the count of each rank's block
     * @return the displacements
     */
    public static int[] reversedGappedDispls(int[] counts) {
        int[] d = new int[counts.length];
        int at = 1;
        for (int r = counts.length - 1; r >= 0; r--) {
            d[r] = at;
            at += counts[r] + 1;
        }
        return d;
    }

    /**
     * The number of elements a buffer needs for blocks with these counts and displacements.
     *
     * @param counts the counts
     * @param displs the displacements
     * @return the largest block end, plus one element of slack
     */
    public static int extentOf(int[] counts, int[] displs) {
        int end = 0;
        for (int i = 0; i < counts.length; i++) {
            end = Math.max(end, displs[i] + counts[i]);
        }
        return end + 1;
    }

    /**
     * Uneven counts with empty blocks: rank {@code r} has {@code (r + shift) % 3} elements.
     *
     * @param size the number of ranks
     * @param shift varies the pattern
     * @return the counts
     */
    public static int[] unevenCounts(int size, int shift) {
        int[] c = new int[size];
        for (int r = 0; r < size; r++) {
            c[r] = (r + shift) % 3;
        }
        return c;
    }

    static Object toArray(Datatype t, List<Long> l) {
        return io.mpi4j.testkit.arbitraries.CollectiveArbitraries.arrayOf(t, l);
    }
}
