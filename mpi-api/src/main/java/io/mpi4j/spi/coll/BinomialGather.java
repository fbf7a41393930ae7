package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Gather along a binomial tree: each rank collects the blocks of its subtree, which are
 * consecutive in the numbering relative to the root, and sends them to its parent in one message;
 * {@code ceil(log2 n)} rounds. The root reorders the blocks once at the end when it is not rank 0.
 */
final class BinomialGather {
    private BinomialGather() {
    }

    /**
     * Runs the algorithm.
     *
     * @param send this rank's block, or {@code IN_PLACE} at the root
     * @param recv the root's {@code n} blocks; {@code null} elsewhere
     * @param blockCount the elements of one block
     */
    static void run(CollContext c, Buf send, Buf recv, long blockCount, int root) {
        int n = c.size;
        int rel = (c.rank - root + n) % n;
        Datatype type = send.isInPlace() ? recv.datatype() : send.datatype();
        Buf own = send.isInPlace() ? CollContext.block(recv, c.rank, blockCount) : send;
        int subtree = rel == 0 ? n : Math.min(Integer.lowestOneBit(rel), n - rel);
        if (rel != 0 && subtree == 1) {
            c.send(own, (c.rank - Integer.lowestOneBit(rel) + n) % n);
            return;
        }
        // Blocks of relative ranks [rel, rel + subtree), in relative order.
        boolean direct = rel == 0 && root == 0;
        Buf tmp = direct ? recv : CollContext.temp(type, subtree * blockCount);
        if (!(direct && send.isInPlace())) {
            CollContext.copy(own, CollContext.block(tmp, 0, blockCount));
        }
        List<SpiRequest> children = new ArrayList<>();
        int mask = 1;
        for (; mask < n && (rel & mask) == 0; mask <<= 1) {
            int child = rel + mask;
            if (child < n) {
                int blocks = Math.min(mask, n - child);
                children.add(c.irecv(tmp.slice(mask * blockCount, blocks * blockCount), (c.rank + mask) % n));
            }
        }
        c.waitAll(children);
        if (rel != 0) {
            c.send(tmp, (c.rank - mask + n) % n);
        } else if (!direct) {
            for (int j = 1; j < n; j++) {
                CollContext.copy(CollContext.block(tmp, j, blockCount), CollContext.block(recv, (j + root) % n, blockCount));
            }
            if (!send.isInPlace()) {
                CollContext.copy(send, CollContext.block(recv, root, blockCount));
            }
        }
    }
}
