package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadcast along a binomial tree rooted at the root: {@code ceil(log2 n)} rounds, each rank
 * receiving once from its parent and then sending to its children, farthest first. MPICH's choice
 * for short messages and small communicators.
 */
final class BinomialBcast {
    private BinomialBcast() {
    }

    static void run(CollContext c, Buf buf, int root) {
        int n = c.size;
        int rel = (c.rank - root + n) % n;
        int mask = 1;
        while (mask < n) {
            if ((rel & mask) != 0) {
                c.recv(buf, (c.rank - mask + n) % n);
                break;
            }
            mask <<= 1;
        }
        List<SpiRequest> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1) {
            if (rel + mask < n) {
                sends.add(c.isend(buf, (c.rank + mask) % n));
            }
        }
        c.waitAll(sends);
    }
}
