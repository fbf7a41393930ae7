package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * All-reduce by recursive doubling: {@code log2 p} rounds of exchanging the whole vector with the
 * partner {@code newrank ^ 2^k}, where {@code p} is the largest power of two not above {@code n}.
 * MPICH's choice for short messages and user operations.
 *
 * <p>Non-power-of-two fix-up: of the first {@code 2 * (n - p)} ranks, each even rank first sends
 * its vector to the odd rank above it and sits out; at the end it gets the result back. Pairs are
 * adjacent and each exchange combines two ranges of consecutive ranks with the lower one on the
 * left, so non-commutative operations are applied in rank order.
 */
final class RecursiveDoublingAllreduce {
    private RecursiveDoublingAllreduce() {
    }

    /**
     * Runs the algorithm.
     *
     * @param recv holds this rank's operands on entry and the result on return
     */
    static void run(CollContext c, Buf recv, Op op) {
        int n = c.size;
        int rank = c.rank;
        int pof2 = Integer.highestOneBit(n);
        int rem = n - pof2;
        Buf tmp = CollContext.temp(recv.datatype(), recv.count());
        int newrank = foldIn(c, recv, tmp, op, rem);
        if (newrank >= 0) {
            for (int mask = 1; mask < pof2; mask <<= 1) {
                int dst = realRank(newrank ^ mask, rem);
                c.sendrecv(recv, dst, tmp, dst);
                c.combine(op, tmp, recv, dst < rank);
            }
        }
        foldOut(c, recv, rem);
    }

    /**
     * The first step of the fix-up: even ranks below {@code 2 * rem} hand their operands to the
     * odd rank above them.
     *
     * @return the rank among the {@code p} that take part, or {@code -1} for a rank that sits out
     */
    static int foldIn(CollContext c, Buf recv, Buf tmp, Op op, int rem) {
        int rank = c.rank;
        if (rank < 2 * rem) {
            if (rank % 2 == 0) {
                c.send(recv, rank + 1);
                return -1;
            }
            c.recv(tmp, rank - 1);
            c.apply(op, tmp, recv); // the even rank is the lower one
            return rank / 2;
        }
        return rank - rem;
    }

    /** The last step of the fix-up: the odd ranks below {@code 2 * rem} return the result. */
    static void foldOut(CollContext c, Buf recv, int rem) {
        int rank = c.rank;
        if (rank < 2 * rem) {
            if (rank % 2 != 0) {
                c.send(recv, rank - 1);
            } else {
                c.recv(recv, rank + 1);
            }
        }
    }

    /** The rank of the participant numbered {@code newrank}. */
    static int realRank(int newrank, int rem) {
        return newrank < rem ? newrank * 2 + 1 : newrank + rem;
    }
}
