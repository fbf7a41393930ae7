package io.mpi4j.spi.coll;

import io.mpi4j.Buf;

/**
 * All-gather around a ring: in step {@code i} each rank passes to its right neighbour the block it
 * received in the previous step; {@code n - 1} steps, each moving one block per rank. Bandwidth
 * optimal, so MPICH's choice for long messages; it also serves {@code allgatherv} with blocks of
 * any sizes.
 */
final class RingAllgather {
    private RingAllgather() {
    }

    /**
     * Runs the ring on the ranks of the communicator in rank order.
     *
     * @param blocks every rank's block, this rank's one already filled
     */
    static void run(CollContext c, Buf[] blocks) {
        run(c, blocks, c.rank, (c.rank + 1) % c.size, (c.rank - 1 + c.size) % c.size);
    }

    /**
     * Runs the ring with this rank at position {@code me}.
     *
     * @param blocks the blocks by position, block {@code me} already filled
     * @param me this rank's position on the ring
     * @param right the rank at position {@code me + 1}
     * @param left the rank at position {@code me - 1}
     */
    static void run(CollContext c, Buf[] blocks, int me, int right, int left) {
        int n = blocks.length;
        for (int i = 0; i < n - 1; i++) {
            int sendBlock = (me - i + n) % n;
            int recvBlock = (me - i - 1 + n) % n;
            c.sendrecv(blocks[sendBlock], right, blocks[recvBlock], left);
        }
    }
}
