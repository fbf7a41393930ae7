package io.mpi4j.spi.coll;

import io.mpi4j.Buf;

/**
 * Barrier by dissemination (Hensgen, Finkel and Manber): in round {@code k} each rank signals
 * {@code rank + 2^k} and waits for {@code rank - 2^k}; after {@code ceil(log2 n)} rounds every rank
 * has heard, directly or not, from every other.
 */
final class DisseminationBarrier {
    private DisseminationBarrier() {
    }

    static void run(CollContext c) {
        Buf empty = Buf.of(new byte[0]);
        Buf sink = Buf.of(new byte[0]);
        for (int mask = 1; mask < c.size; mask <<= 1) {
            c.sendrecv(empty, (c.rank + mask) % c.size, sink, (c.rank - mask + c.size) % c.size);
        }
    }
}
