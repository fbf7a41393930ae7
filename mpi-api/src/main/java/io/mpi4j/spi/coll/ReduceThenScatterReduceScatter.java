package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * Reduce-scatter for non-commutative operations: a {@link BinomialReduce} of the whole vector to
 * rank 0, which keeps rank order, then a {@link LinearScatter} of the blocks.
 */
final class ReduceThenScatterReduceScatter {
    private ReduceThenScatterReduceScatter() {
    }

    /**
     * Runs the algorithm.
     *
     * @param input the operands of every rank's block; only read
     * @param result receives this rank's block of the result; may overlap {@code input}
     * @param counts the number of elements of each rank's block
     */
    static void run(CollContext c, Buf input, Buf result, long[] counts, Op op) {
        int n = c.size;
        Buf total = c.rank == 0 ? CollContext.temp(input.datatype(), input.count()) : null;
        BinomialReduce.run(c, input, total, op, 0);
        Buf[] blocks = null;
        if (c.rank == 0) {
            blocks = new Buf[n];
            long displ = 0;
            for (int i = 0; i < n; i++) {
                blocks[i] = total.slice(displ, counts[i]);
                displ += counts[i];
            }
        }
        LinearScatter.run(c, blocks, result, 0);
    }
}
