package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * Inclusive scan by recursive doubling (MPICH's algorithm): in round {@code k} each rank exchanges
 * the reduction of its aligned group of {@code 2^k} ranks with the partner {@code rank ^ 2^k};
 * a rank adds what comes from below to both its group total and its prefix. {@code ceil(log2 n)}
 * rounds; rank order is kept for non-commutative operations.
 */
final class RecursiveDoublingScan {
    private RecursiveDoublingScan() {
    }

    /**
     * Runs the algorithm.
     *
     * @param recv holds this rank's operands on entry and its prefix on return
     */
    static void run(CollContext c, Buf recv, Op op) {
        int n = c.size;
        int rank = c.rank;
        Buf partial = CollContext.tempCopy(recv);
        Buf tmp = CollContext.temp(recv.datatype(), recv.count());
        for (int mask = 1; mask < n; mask <<= 1) {
            int dst = rank ^ mask;
            if (dst < n) {
                c.sendrecv(partial, dst, tmp, dst);
                if (rank > dst) {
                    c.apply(op, tmp, partial);
                    c.apply(op, tmp, recv);
                } else {
                    c.combine(op, tmp, partial, false);
                }
            }
        }
    }
}
