package io.mpi4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * A buffer divided into one block per rank, with per-rank counts and displacements: the buffer
 * argument of the {@code v} collectives ({@code gatherv}, {@code scatterv}, {@code allgatherv},
 * {@code alltoallv}; MPI-4.1 §6.5.2).
 *
 * <p>Block {@code i} holds {@code counts[i]} elements of the buffer's datatype, starting
 * {@code displs[i]} elements after the start of {@link #buf()}.
 *
 * {@snippet :
 * int[] all = new int[10];
 * VBuf recv = VBuf.of(Buf.of(all), new int[] {1, 2, 3, 4});   // displacements 0, 1, 3, 6
 * comm.gatherv(Buf.of(mine), recv, 0);
 * }
 *
 * @param buf the whole buffer
 * @param counts the number of elements of each block, one per rank
 * @param displs the offset of each block, in elements of the buffer's datatype
 */
public record VBuf(Buf buf, int[] counts, int[] displs) {
    /**
     * Validates and copies the arrays.
     *
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} if {@code buf} is {@code null} or
     *     {@code IN_PLACE}; {@link ErrorClass#ERR_COUNT} if the arrays differ in length, a count is
     *     negative, or a block does not fit in the buffer; {@link ErrorClass#ERR_ARG} for a negative
     *     displacement
     */
    public VBuf {
        if (buf == null || buf.isInPlace()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "VBuf: the buffer must be a real buffer, not " + (buf == null ? "null" : "IN_PLACE"));
        }
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(displs, "displs");
        if (counts.length != displs.length) {
            throw new MpiException(ErrorClass.ERR_COUNT, "VBuf: counts has " + counts.length + " entries but displs has " + displs.length);
        }
        counts = counts.clone();
        displs = displs.clone();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new MpiException(ErrorClass.ERR_COUNT, "VBuf: counts[" + i + "]=" + counts[i] + " is negative");
            }
            if (displs[i] < 0) {
                throw new MpiException(ErrorClass.ERR_ARG, "VBuf: displs[" + i + "]=" + displs[i] + " is negative");
            }
            if ((long) displs[i] + counts[i] > buf.count()) {
                throw new MpiException(ErrorClass.ERR_COUNT, "VBuf: block " + i + " (displs=" + displs[i] + ", counts=" + counts[i]
                        + ") runs past the end of the buffer of count=" + buf.count());
            }
        }
    }

    /**
     * A buffer divided into consecutive blocks of the given counts (displacements are the prefix
     * sums of the counts).
     *
     * @param buf the whole buffer
     * @param counts the number of elements of each block
     * @return the descriptor
     * @throws MpiException as the canonical constructor
     */
    public static VBuf of(Buf buf, int[] counts) {
        Objects.requireNonNull(counts, "counts");
        int[] displs = new int[counts.length];
        long next = 0;
        for (int i = 0; i < counts.length; i++) {
            displs[i] = (int) Math.min(next, Integer.MAX_VALUE);
            next += Math.max(0, counts[i]);
        }
        return new VBuf(buf, counts, displs);
    }

    /**
     * A buffer divided into blocks with the given counts and displacements.
     *
     * @param buf the whole buffer
     * @param counts the number of elements of each block
     * @param displs the offset of each block, in elements
     * @return the descriptor
     * @throws MpiException as the canonical constructor
     */
    public static VBuf of(Buf buf, int[] counts, int[] displs) {
        return new VBuf(buf, counts, displs);
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
     * Returns the displacements (a copy).
     *
     * @return the offset of each block, in elements
     */
    @Override
    public int[] displs() {
        return displs.clone();
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
     * Returns the count of one block, without copying the array.
     *
     * @param i the block (rank)
     * @return its number of elements
     */
    public int count(int i) {
        return counts[i];
    }

    /**
     * Returns the displacement of one block, without copying the array.
     *
     * @param i the block (rank)
     * @return its offset in elements
     */
    public int displ(int i) {
        return displs[i];
    }

    /**
     * Returns one block as a buffer.
     *
     * @param i the block (rank)
     * @return a slice of {@link #buf()}
     */
    public Buf block(int i) {
        return buf.slice(displs[i], counts[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VBuf v && v.buf == buf && Arrays.equals(v.counts, counts) && Arrays.equals(v.displs, displs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Arrays.hashCode(displs);
    }

    @Override
    public String toString() {
        return "VBuf[" + buf + ", counts=" + Arrays.toString(counts) + ", displs=" + Arrays.toString(displs) + "]";
    }
}
