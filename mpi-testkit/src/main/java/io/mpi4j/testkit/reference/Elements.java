package io.mpi4j.testkit.reference;

import io.mpi4j.Datatype;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A sequence of elements of one datatype in memory, compared by contents: the form in which
 * {@link CollectiveReference} takes and returns data that no Java array describes, such as the
 * value-index pairs of {@link Datatype#DOUBLE_INT} for {@code MAXLOC} (MPI-4.1 §6.9.4).
 *
 * <p>Two instances are equal when they have the same datatype and the same bytes, so JUnit's
 * {@code assertEquals} compares an expected result with a received one; {@link #toString()} shows
 * the values (pairs as {@code (value,index)}).
 *
 * {@snippet :
 * MemorySegment mine = Arena.ofAuto().allocate(16);
 * mine.set(ValueLayout.JAVA_DOUBLE, 0, 2.5);
 * mine.set(ValueLayout.JAVA_INT, 8, rank);
 * Elements e = Elements.of(mine, Datatype.DOUBLE_INT);   // one pair
 * }
 *
 * @param segment the memory, whose size is a multiple of the datatype's size
 * @param datatype the type of the elements, a predefined one
 */
public record Elements(MemorySegment segment, Datatype datatype) {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if the memory is not a whole number of elements
     */
    public Elements {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(datatype, "datatype");
        if (segment.byteSize() % datatype.size() != 0) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is not a whole number of "
                    + datatype + " elements of " + datatype.size() + " bytes");
        }
    }

    /**
     * Returns a copy of the memory as elements of a datatype.
     *
     * @param segment the memory; it is copied, so later changes do not show
     * @param datatype the element type
     * @return the elements
     */
    public static Elements of(MemorySegment segment, Datatype datatype) {
        return new Elements(copyOf(segment), datatype);
    }

    /**
     * Returns {@code count} value-index pairs of a pair datatype, pair {@code i} being
     * {@code (values[i], indices[i])}.
     *
     * @param datatype {@link Datatype#INT_INT}, {@link Datatype#LONG_INT}, {@link Datatype#FLOAT_INT}
     *     or {@link Datatype#DOUBLE_INT}
     * @param values the values, converted to the datatype's value type
     * @param indices the indices
     * @return the pairs, in the layout of {@link Datatype} (value at 0, index after the value)
     * @throws IllegalArgumentException if the datatype is not a pair type or the arrays differ in length
     */
    public static Elements pairs(Datatype datatype, double[] values, int[] indices) {
        Datatype value = datatype.pairValueType().orElseThrow(() -> new IllegalArgumentException(datatype + " is not a pair type"));
        if (values.length != indices.length) {
            throw new IllegalArgumentException(values.length + " values but " + indices.length + " indices");
        }
        MemorySegment m = allocate(values.length * datatype.size());
        long indexOffset = value.size() == 8 ? 8 : 4;
        for (int i = 0; i < values.length; i++) {
            long base = i * datatype.size();
            if (value == Datatype.DOUBLE) {
                m.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, base, values[i]);
            } else if (value == Datatype.FLOAT) {
                m.set(ValueLayout.JAVA_FLOAT_UNALIGNED, base, (float) values[i]);
            } else if (value == Datatype.LONG) {
                m.set(ValueLayout.JAVA_LONG_UNALIGNED, base, (long) values[i]);
            } else {
                m.set(ValueLayout.JAVA_INT_UNALIGNED, base, (int) values[i]);
            }
            m.set(ValueLayout.JAVA_INT_UNALIGNED, base + indexOffset, indices[i]);
        }
        return new Elements(m, datatype);
    }

    /**
     * Returns the number of elements.
     *
     * @return the byte size divided by the datatype's size
     */
    public long count() {
        return segment.byteSize() / datatype.size();
    }

    /**
     * Returns a fresh copy of the memory, for use as a buffer.
     *
     * @return native memory holding the same bytes
     */
    public MemorySegment copyOfSegment() {
        return copyOf(segment);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Elements e && e.datatype == datatype && e.segment.byteSize() == segment.byteSize()
                && e.segment.mismatch(segment) < 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(datatype, segment.byteSize());
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", datatype + "[", "]");
        long n = count();
        for (long i = 0; i < n && i < 64; i++) {
            j.add(element(i));
        }
        if (n > 64) {
            j.add("... (" + n + " elements)");
        }
        return j.toString();
    }

    private String element(long i) {
        long base = i * datatype.size();
        Datatype pairValue = datatype.pairValueType().orElse(null);
        Datatype t = pairValue != null ? pairValue : datatype;
        String v;
        if (t == Datatype.DOUBLE) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, base));
        } else if (t == Datatype.FLOAT) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base));
        } else if (t == Datatype.LONG) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_LONG_UNALIGNED, base));
        } else if (t == Datatype.INT) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_INT_UNALIGNED, base));
        } else if (t == Datatype.SHORT) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, base));
        } else if (t == Datatype.CHAR) {
            v = String.valueOf((int) segment.get(ValueLayout.JAVA_CHAR_UNALIGNED, base));
        } else if (t == Datatype.BOOLEAN) {
            v = String.valueOf(segment.get(ValueLayout.JAVA_BYTE, base) != 0);
        } else {
            v = String.valueOf(segment.get(ValueLayout.JAVA_BYTE, base));
        }
        if (pairValue == null) {
            return v;
        }
        long indexOffset = pairValue.size() == 8 ? 8 : 4;
        return "(" + v + "," + segment.get(ValueLayout.JAVA_INT_UNALIGNED, base + indexOffset) + ")";
    }

    /** Native memory, 16-byte aligned so that user operations may use aligned layouts. */
    static MemorySegment allocate(long bytes) {
        return Arena.ofAuto().allocate(Math.max(bytes, 1), 16).asSlice(0, bytes);
    }

    static MemorySegment copyOf(MemorySegment s) {
        MemorySegment m = allocate(s.byteSize());
        MemorySegment.copy(s, 0, m, 0, s.byteSize());
        return m;
    }
}
