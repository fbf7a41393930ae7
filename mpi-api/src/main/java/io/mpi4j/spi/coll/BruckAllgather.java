package io.mpi4j.spi.coll;

import io.mpi4j.Buf;

/**
 * All-gather by Bruck's algorithm: {@code ceil(log2 n)} rounds for any {@code n}, each doubling the
 * blocks a rank holds (in round {@code k} a rank sends what it has to {@code rank - 2^k} and
 * receives as much from {@code rank + 2^k}), then one local rotation. MPICH's choice for short
 * messages.
 */
final class BruckAllgather {
    private BruckAllgather() {
    }

    /**
     * Runs the algorithm.
     *
     * @param recv the {@code n} blocks of {@code blockCount} elements, block {@code rank} already filled
     */
    static void run(CollContext c, Buf recv, long blockCount) {
        int n = c.size;
        int rank = c.rank;
        // tmp block j holds the block of rank (rank + j) % n.
        Buf tmp = CollContext.temp(recv.datatype(), n * blockCount);
        CollContext.copy(CollContext.block(recv, rank, blockCount), tmp);
        int have = 1;
        while (have < n) {
            int take = Math.min(have, n - have);
            int src = (rank + have) % n;
            int dst = (rank - have + n) % n;
            c.sendrecv(tmp.slice(0, take * blockCount), dst, tmp.slice(have * blockCount, take * blockCount), src);
            have += take;
        }
        for (int j = 1; j < n; j++) {
            CollContext.copy(CollContext.block(tmp, j, blockCount), CollContext.block(recv, (rank + j) % n, blockCount));
        }
    }
}
