package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.util.Arrays;
import java.util.List;

/**
 * All-gather of one encoded object per rank around a ring, as {@link RingAllgather}; each rank
 * allocates every array it receives to the size of the message.
 */
final class RingAllgatherBytes {
    private RingAllgatherBytes() {
    }

    /** Returns every rank's bytes in rank order. */
    static List<byte[]> run(CollContext c, byte[] data) {
        int n = c.size;
        int rank = c.rank;
        int right = (rank + 1) % n;
        int left = (rank - 1 + n) % n;
        byte[][] all = new byte[n][];
        all[rank] = data;
        for (int i = 0; i < n - 1; i++) {
            int sendBlock = (rank - i + n) % n;
            int recvBlock = (rank - i - 1 + n) % n;
            RecvTarget.Allocate target = new RecvTarget.Allocate();
            SpiRequest r = c.irecv(target, left);
            SpiRequest s = c.isend(Buf.of(all[sendBlock]), right);
            c.waitAll(r, s);
            all[recvBlock] = CollContext.bytesOf(target);
        }
        return List.copyOf(Arrays.asList(all));
    }
}
