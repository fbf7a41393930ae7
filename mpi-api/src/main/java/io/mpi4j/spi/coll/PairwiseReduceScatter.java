package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * Reduce-scatter for commutative operations by pairwise exchanges: in step {@code i} each rank
 * sends to {@code rank + i} that rank's block of its operands, receives its own block from
 * {@code rank - i} and combines it; {@code n - 1} steps, each moving one block per rank. MPICH's
 * choice for long messages.
 */
final class PairwiseReduceScatter {
    private PairwiseReduceScatter() {
    }

    /**
     * Runs the algorithm.
     *
     * @param input the operands of every rank's block, block {@code i} at {@code displs[i]}; only read
     * @param result receives this rank's block of the result; may overlap {@code input}, it is
     *     written only at the end
     * @param counts the number of elements of each rank's block
     * @param op a commutative operation
     */
    static void run(CollContext c, Buf input, Buf result, long[] counts, Op op) {
        int n = c.size;
        int rank = c.rank;
        long[] displs = new long[n];
        for (int i = 1; i < n; i++) {
            displs[i] = displs[i - 1] + counts[i - 1];
        }
        Buf acc = CollContext.tempCopy(input.slice(displs[rank], counts[rank]));
        Buf tmp = CollContext.temp(input.datatype(), counts[rank]);
        for (int i = 1; i < n; i++) {
            int src = (rank - i + n) % n;
            int dst = (rank + i) % n;
            c.sendrecv(input.slice(displs[dst], counts[dst]), dst, tmp, src);
            c.apply(op, tmp, acc);
        }
        CollContext.copy(acc, result);
    }
}
