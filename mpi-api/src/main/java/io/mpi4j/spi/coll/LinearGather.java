package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Gather by direct messages: every rank sends its block to the root, which posts all the receives
 * at once. Used for {@code gatherv}, whose blocks have different sizes.
 */
final class LinearGather {
    private LinearGather() {
    }

    /**
     * Runs the algorithm.
     *
     * @param send this rank's block, or {@code IN_PLACE} at the root
     * @param blocks the root's receive blocks, one per rank; {@code null} elsewhere
     */
    static void run(CollContext c, Buf send, Buf[] blocks, int root) {
        if (c.rank != root) {
            c.send(send, root);
            return;
        }
        List<SpiRequest> recvs = new ArrayList<>(c.size);
        for (int i = 0; i < c.size; i++) {
            if (i != root) {
                recvs.add(c.irecv(blocks[i], i));
            }
        }
        if (!send.isInPlace()) {
            CollContext.copy(send, blocks[root]);
        }
        c.waitAll(recvs);
    }
}
