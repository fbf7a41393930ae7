package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import java.lang.foreign.MemorySegment;

/**
 * Broadcast of long messages by a binomial scatter of the bytes followed by a ring all-gather
 * (Van de Geijn; MPICH's {@code scatter_ring_allgather}): every rank sends and receives about
 * {@code 2 * bytes} instead of {@code bytes * log2 n}.
 *
 * <p>The message is cut into {@code n} pieces of {@code ceil(bytes / n)} bytes (the last ones
 * shorter or empty); relative rank {@code r} first receives the pieces of its binomial subtree,
 * then the ring passes every piece around.
 */
final class ScatterAllgatherBcast {
    private ScatterAllgatherBcast() {
    }

    static void run(CollContext c, Buf buf, int root) {
        int n = c.size;
        MemorySegment bytes = buf.segment();
        long total = bytes.byteSize();
        long piece = (total + n - 1) / n;
        int rel = (c.rank - root + n) % n;

        // Binomial scatter: relative rank r receives the pieces [r, r + subtree) from its parent.
        int mask = 1;
        while (mask < n) {
            if ((rel & mask) != 0) {
                c.recv(pieces(bytes, piece, rel, Math.min(mask, n - rel)), (c.rank - mask + n) % n);
                break;
            }
            mask <<= 1;
        }
        for (mask >>= 1; mask > 0; mask >>= 1) {
            int child = rel + mask;
            if (child < n) {
                c.send(pieces(bytes, piece, child, Math.min(mask, n - child)), (c.rank + mask) % n);
            }
        }

        // Ring all-gather of the pieces, in relative numbering.
        Buf[] blocks = new Buf[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = pieces(bytes, piece, i, 1);
        }
        RingAllgather.run(c, blocks, rel, (c.rank + 1) % n, (c.rank - 1 + n) % n);
    }

    /** The bytes of {@code count} pieces from piece {@code first}, clipped to the message. */
    private static Buf pieces(MemorySegment bytes, long piece, int first, int count) {
        long total = bytes.byteSize();
        long from = Math.min(total, first * piece);
        long to = Math.min(total, (first + (long) count) * piece);
        return Buf.of(bytes.asSlice(from, to - from));
    }
}
