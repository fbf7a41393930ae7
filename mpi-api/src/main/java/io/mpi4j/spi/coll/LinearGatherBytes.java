package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gather of one encoded object per rank: each rank sends its array to the root, which receives
 * them all at once into arrays allocated to each message's size.
 */
final class LinearGatherBytes {
    private LinearGatherBytes() {
    }

    /** Returns every rank's bytes in rank order at the root, {@code null} elsewhere. */
    static List<byte[]> run(CollContext c, byte[] data, int root) {
        if (c.rank != root) {
            c.send(Buf.of(data), root);
            return null;
        }
        int n = c.size;
        RecvTarget.Allocate[] targets = new RecvTarget.Allocate[n];
        List<SpiRequest> recvs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i != root) {
                targets[i] = new RecvTarget.Allocate();
                recvs.add(c.irecv(targets[i], i));
            }
        }
        c.waitAll(recvs);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = i == root ? data : CollContext.bytesOf(targets[i]);
        }
        return List.copyOf(Arrays.asList(out));
    }
}
