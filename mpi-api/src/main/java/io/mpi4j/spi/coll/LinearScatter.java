package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Scatter by direct messages from the root to every rank. Used for {@code scatterv}, whose blocks
 * have different sizes.
 */
final class LinearScatter {
    private LinearScatter() {
    }

    /**
     * Runs the algorithm.
     *
     * @param blocks the root's send blocks, one per rank; {@code null} elsewhere
     * @param recv this rank's block, or {@code IN_PLACE} at the root
     */
    static void run(CollContext c, Buf[] blocks, Buf recv, int root) {
        if (c.rank != root) {
            c.recv(recv, root);
            return;
        }
        List<SpiRequest> sends = new ArrayList<>(c.size);
        for (int i = 0; i < c.size; i++) {
            if (i != root) {
                sends.add(c.isend(blocks[i], i));
            }
        }
        if (!recv.isInPlace()) {
            CollContext.copy(blocks[root], recv);
        }
        c.waitAll(sends);
    }
}
