package io.mpi4j.spi.coll;

import io.mpi4j.Buf;

/**
 * All-to-all by pairwise exchanges: {@code n - 1} steps, in step {@code i} each rank exchanges
 * with one partner ({@code rank ^ i} when {@code n} is a power of two, else it sends to
 * {@code rank + i} and receives from {@code rank - i}), so that each link carries one block at a
 * time. MPICH's choice for long blocks.
 */
final class PairwiseAlltoall {
    private PairwiseAlltoall() {
    }

    /**
     * Runs the algorithm.
     *
     * @param send the block for each destination rank
     * @param recv the block from each source rank; must not overlap {@code send}
     */
    static void run(CollContext c, Buf[] send, Buf[] recv) {
        int n = c.size;
        int rank = c.rank;
        boolean pof2 = Integer.bitCount(n) == 1;
        CollContext.copy(send[rank], recv[rank]);
        for (int i = 1; i < n; i++) {
            int src;
            int dst;
            if (pof2) {
                src = dst = rank ^ i;
            } else {
                src = (rank - i + n) % n;
                dst = (rank + i) % n;
            }
            c.sendrecv(send[dst], dst, recv[src], src);
        }
    }
}
