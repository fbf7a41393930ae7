package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Scatter along a binomial tree, the mirror of {@link BinomialGather}: each rank receives the
 * blocks of its whole subtree from its parent in one message and passes on its children's halves;
 * {@code ceil(log2 n)} rounds.
 */
final class BinomialScatter {
    private BinomialScatter() {
    }

    /**
     * Runs the algorithm.
     *
     * @param send the root's {@code n} blocks; {@code null} elsewhere
     * @param recv this rank's block, or {@code IN_PLACE} at the root
     * @param blockCount the elements of one block
     */
    static void run(CollContext c, Buf send, Buf recv, long blockCount, int root) {
        int n = c.size;
        int rel = (c.rank - root + n) % n;
        Datatype type = recv.isInPlace() ? send.datatype() : recv.datatype();
        int subtree = rel == 0 ? n : Math.min(Integer.lowestOneBit(rel), n - rel);
        int parentMask = rel == 0 ? Integer.highestOneBit(Math.max(1, n - 1)) << 1 : Integer.lowestOneBit(rel);
        if (subtree == 1) {
            if (rel != 0) {
                c.recv(recv, (c.rank - parentMask + n) % n);
            } else if (!recv.isInPlace()) {
                CollContext.copy(send, recv);
            }
            return;
        }
        // Blocks of relative ranks [rel, rel + subtree), in relative order.
        Buf tmp;
        if (rel != 0) {
            tmp = CollContext.temp(type, subtree * blockCount);
            c.recv(tmp, (c.rank - parentMask + n) % n);
        } else if (root == 0) {
            tmp = send;
        } else {
            tmp = CollContext.temp(type, n * blockCount);
            for (int j = 0; j < n; j++) {
                CollContext.copy(CollContext.block(send, (j + root) % n, blockCount), CollContext.block(tmp, j, blockCount));
            }
        }
        List<SpiRequest> sends = new ArrayList<>();
        for (int mask = parentMask >> 1; mask > 0; mask >>= 1) {
            int child = rel + mask;
            if (child < n) {
                int blocks = Math.min(mask, n - child);
                sends.add(c.isend(tmp.slice(mask * blockCount, blocks * blockCount), (c.rank + mask) % n));
            }
        }
        if (!recv.isInPlace()) {
            CollContext.copy(CollContext.block(tmp, 0, blockCount), recv);
        }
        c.waitAll(sends);
    }
}
