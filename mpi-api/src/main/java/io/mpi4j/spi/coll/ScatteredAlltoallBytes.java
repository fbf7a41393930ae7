package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All-to-all of encoded objects, in batches of peers as {@link ScatteredAlltoall}; each receiver
 * allocates to the size of the message.
 */
final class ScatteredAlltoallBytes {
    private ScatteredAlltoallBytes() {
    }

    /** Returns the bytes from each source rank, in rank order. */
    static List<byte[]> run(CollContext c, List<byte[]> data) {
        int n = c.size;
        int rank = c.rank;
        byte[][] out = new byte[n][];
        out[rank] = data.get(rank);
        RecvTarget.Allocate[] targets = new RecvTarget.Allocate[n];
        List<SpiRequest> batch = new ArrayList<>(2 * ScatteredAlltoall.BATCH);
        for (int first = 1; first < n; first += ScatteredAlltoall.BATCH) {
            int last = Math.min(n, first + ScatteredAlltoall.BATCH);
            batch.clear();
            for (int i = first; i < last; i++) {
                int src = (rank - i + n) % n;
                targets[src] = new RecvTarget.Allocate();
                batch.add(c.irecv(targets[src], src));
            }
            for (int i = first; i < last; i++) {
                int dst = (rank + i) % n;
                batch.add(c.isend(Buf.of(data.get(dst)), dst));
            }
            c.waitAll(batch);
            for (int i = first; i < last; i++) {
                int src = (rank - i + n) % n;
                out[src] = CollContext.bytesOf(targets[src]);
            }
        }
        return List.copyOf(Arrays.asList(out));
    }
}
