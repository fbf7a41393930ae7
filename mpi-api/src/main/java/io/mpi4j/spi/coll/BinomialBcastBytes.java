package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadcast of an encoded object along a binomial tree, as {@link BinomialBcast}; each rank
 * allocates the array when the message from its parent arrives, so only the root knows the size.
 */
final class BinomialBcastBytes {
    private BinomialBcastBytes() {
    }

    static byte[] run(CollContext c, byte[] data, int root) {
        int n = c.size;
        int rel = (c.rank - root + n) % n;
        byte[] bytes = data;
        int mask = 1;
        while (mask < n) {
            if ((rel & mask) != 0) {
                bytes = c.recvBytes((c.rank - mask + n) % n);
                break;
            }
            mask <<= 1;
        }
        List<SpiRequest> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1) {
            if (rel + mask < n) {
                sends.add(c.isend(Buf.of(bytes), (c.rank + mask) % n));
            }
        }
        c.waitAll(sends);
        return bytes;
    }
}
