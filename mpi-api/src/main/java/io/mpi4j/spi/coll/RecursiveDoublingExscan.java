package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * Exclusive scan by recursive doubling (MPICH's algorithm): as {@link RecursiveDoublingScan}, but
 * the prefix only collects what comes from lower groups; rank 0's result is left untouched.
 */
final class RecursiveDoublingExscan {
    private RecursiveDoublingExscan() {
    }

    /**
     * Runs the algorithm.
     *
     * @param input this rank's operands; only read (may be {@code recv} itself, for {@code IN_PLACE})
     * @param recv receives the exclusive prefix
     */
    static void run(CollContext c, Buf input, Buf recv, Op op) {
        int n = c.size;
        int rank = c.rank;
        Buf partial = CollContext.tempCopy(input);
        Buf tmp = CollContext.temp(recv.datatype(), recv.count());
        boolean have = false;
        for (int mask = 1; mask < n; mask <<= 1) {
            int dst = rank ^ mask;
            if (dst < n) {
                c.sendrecv(partial, dst, tmp, dst);
                if (rank > dst) {
                    c.apply(op, tmp, partial);
                    if (have) {
                        c.apply(op, tmp, recv);
                    } else {
                        CollContext.copy(tmp, recv);
                        have = true;
                    }
                } else {
                    c.combine(op, tmp, partial, false);
                }
            }
        }
    }
}
