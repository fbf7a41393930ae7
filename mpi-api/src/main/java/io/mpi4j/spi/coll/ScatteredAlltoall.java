package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * All-to-all by posting the receives and sends of a batch of peers at once, peers taken in the
 * order {@code rank + i} so that no rank is the target of everyone at the same moment (MPICH's
 * {@code scattered} algorithm, batches of {@value #BATCH}). Used for medium blocks and for
 * {@code alltoallv} and {@code alltoallw}, whose blocks have any sizes.
 */
final class ScatteredAlltoall {
    /** Peers whose messages are in flight at once. */
    static final int BATCH = 32;

    private ScatteredAlltoall() {
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
        CollContext.copy(send[rank], recv[rank]);
        List<SpiRequest> batch = new ArrayList<>(2 * BATCH);
        for (int first = 1; first < n; first += BATCH) {
            int last = Math.min(n, first + BATCH);
            batch.clear();
            for (int i = first; i < last; i++) {
                int src = (rank - i + n) % n;
                batch.add(c.irecv(recv[src], src));
            }
            for (int i = first; i < last; i++) {
                int dst = (rank + i) % n;
                batch.add(c.isend(send[dst], dst));
            }
            c.waitAll(batch);
        }
    }
}
