package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * Memory divided into one block per rank, each with its own count, byte displacement and
 * datatype: the buffer argument of {@code alltoallw} (MPI-4.1 §6.8).
 *
 * @param memory the memory, viewed as bytes
 * @param counts the number of elements of each block
 * @param byteDispls the offset of each block, in bytes
 * @param types the datatype of each block
 */
public record WBuf(MemorySegment memory, int[] counts, long[] byteDispls, Datatype[] types) {
    /**
     * Validates and copies the arrays.
     *
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} if {@code memory} is {@code null};
     *     {@link ErrorClass#ERR_COUNT} if the arrays differ in length, a count is negative or a block
     *     does not fit; {@link ErrorClass#ERR_TYPE} for a {@code null} type; {@link ErrorClass#ERR_ARG}
     *     for a negative displacement, {@link ErrorClass#ERR_TYPE} for a type with data before a
     *     block's start
     */
    public WBuf {
        if (memory == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "WBuf: null memory");
        }
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(byteDispls, "byteDispls");
        Objects.requireNonNull(types, "types");
        if (counts.length != byteDispls.length || counts.length != types.length) {
            throw new MpiException(ErrorClass.ERR_COUNT, "WBuf: counts, byteDispls and types must have one entry per rank; got "
                    + counts.length + ", " + byteDispls.length + " and " + types.length);
        }
        counts = counts.clone();
        byteDispls = byteDispls.clone();
        types = types.clone();
        for (int i = 0; i < counts.length; i++) {
            if (types[i] == null) {
                throw new MpiException(ErrorClass.ERR_TYPE, "WBuf: types[" + i + "] is null");
            }
            if (counts[i] < 0) {
                throw new MpiException(ErrorClass.ERR_COUNT, "WBuf: counts[" + i + "]=" + counts[i] + " is negative");
            }
            if (byteDispls[i] < 0) {
                throw new MpiException(ErrorClass.ERR_ARG, "WBuf: byteDispls[" + i + "]=" + byteDispls[i] + " is negative");
            }
            // span, not count × extent: a resized type's data may reach past its last extent
            if (byteDispls[i] + types[i].span(counts[i]) > memory.byteSize()) {
                throw new MpiException(ErrorClass.ERR_COUNT, "WBuf: block " + i + " runs past the end of the memory of "
                        + memory.byteSize() + " bytes");
            }
        }
    }

    /**
     * Returns the counts (a copy).
     *
     * @return the number of elements of each block
     */
    @Override
    public int[] counts() {
        return counts.clone();
    }

    /**
     * Returns the byte displacements (a copy).
     *
     * @return the offset of each block, in bytes
     */
    @Override
    public long[] byteDispls() {
        return byteDispls.clone();
    }

    /**
     * Returns the datatypes (a copy).
     *
     * @return the type of each block
     */
    @Override
    public Datatype[] types() {
        return types.clone();
    }

    /**
     * Returns the number of blocks.
     *
     * @return the length of the counts
     */
    public int blocks() {
        return counts.length;
    }

    /**
     * Returns one block as a buffer.
     *
     * @param i the block (rank)
     * @return a buffer of {@code counts[i]} elements of {@code types[i]} at {@code byteDispls[i]}
     */
    public Buf block(int i) {
        return Buf.of(memory.asSlice(byteDispls[i], types[i].span(counts[i])), types[i], counts[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WBuf w && w.memory.equals(memory) && Arrays.equals(w.counts, counts)
                && Arrays.equals(w.byteDispls, byteDispls) && Arrays.equals(w.types, types);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "WBuf[" + memory.byteSize() + " bytes, counts=" + Arrays.toString(counts) + ", types=" + Arrays.toString(types) + "]";
    }
}
