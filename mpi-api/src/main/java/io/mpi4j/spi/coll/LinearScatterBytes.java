package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Scatter of one encoded object per rank: the root sends each rank its array; each receiver
 * allocates to the size of the message.
 */
final class LinearScatterBytes {
    private LinearScatterBytes() {
    }

    /** Returns this rank's bytes. */
    static byte[] run(CollContext c, List<byte[]> data, int root) {
        if (c.rank != root) {
            return c.recvBytes(root);
        }
        List<SpiRequest> sends = new ArrayList<>(c.size);
        for (int i = 0; i < c.size; i++) {
            if (i != root) {
                sends.add(c.isend(Buf.of(data.get(i)), i));
            }
        }
        c.waitAll(sends);
        return data.get(root);
    }
}
