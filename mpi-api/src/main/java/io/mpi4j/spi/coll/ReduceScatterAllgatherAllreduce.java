package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * All-reduce of long vectors by Rabenseifner's algorithm: a reduce-scatter by recursive halving
 * (each round exchanges half of the remaining range with the partner {@code newrank ^ 2^k}) and an
 * all-gather by recursive doubling that retraces it; every rank sends and receives about
 * {@code 2 * bytes} instead of {@code bytes * log2 n}. The fix-up for a non-power-of-two size is
 * that of {@link RecursiveDoublingAllreduce}.
 *
 * <p>Used for predefined operations only, as in MPICH: it applies the operation to parts of the
 * vector, which a user function treating several elements as one value would not expect. Ranges
 * combined in a round are consecutive and the lower one is on the left, so it also keeps the rank
 * order of {@code REPLACE} and {@code NO_OP}.
 */
final class ReduceScatterAllgatherAllreduce {
    private ReduceScatterAllgatherAllreduce() {
    }

    /**
     * Runs the algorithm.
     *
     * @param recv holds this rank's operands on entry and the result on return; at least as many
     *     elements as the largest power of two not above the size
     */
    static void run(CollContext c, Buf recv, Op op) {
        int n = c.size;
        int rank = c.rank;
        int pof2 = Integer.highestOneBit(n);
        int rem = n - pof2;
        Buf tmp = CollContext.temp(recv.datatype(), recv.count());
        int newrank = RecursiveDoublingAllreduce.foldIn(c, recv, tmp, op, rem);
        if (newrank >= 0) {
            long count = recv.count();
            long[] cnts = new long[pof2];
            long[] disps = new long[pof2 + 1];
            for (int i = 0; i < pof2; i++) {
                cnts[i] = count / pof2 + (i < count % pof2 ? 1 : 0);
                disps[i + 1] = disps[i] + cnts[i];
            }
            // Reduce-scatter by recursive halving.
            int sendIdx = 0;
            int recvIdx = 0;
            int lastIdx = pof2;
            int mask = 1;
            while (mask < pof2) {
                int newdst = newrank ^ mask;
                int dst = RecursiveDoublingAllreduce.realRank(newdst, rem);
                int half = pof2 / (mask * 2);
                int sendEnd;
                int recvEnd;
                if (newrank < newdst) {
                    sendIdx = recvIdx + half;
                    sendEnd = lastIdx;
                    recvEnd = sendIdx;
                } else {
                    recvIdx = sendIdx + half;
                    sendEnd = recvIdx;
                    recvEnd = lastIdx;
                }
                Buf theirs = range(tmp, disps, recvIdx, recvEnd);
                Buf mine = range(recv, disps, recvIdx, recvEnd);
                c.sendrecv(range(recv, disps, sendIdx, sendEnd), dst, theirs, dst);
                c.combine(op, theirs, mine, dst < rank);
                sendIdx = recvIdx;
                mask <<= 1;
                if (mask < pof2) {
                    lastIdx = recvIdx + pof2 / mask;
                }
            }
            // All-gather by recursive doubling, retracing the halving.
            mask >>= 1;
            while (mask > 0) {
                int newdst = newrank ^ mask;
                int dst = RecursiveDoublingAllreduce.realRank(newdst, rem);
                int half = pof2 / (mask * 2);
                Buf out;
                Buf in;
                if (newrank < newdst) {
                    if (mask != pof2 / 2) {
                        lastIdx = lastIdx + half;
                    }
                    recvIdx = sendIdx + half;
                    out = range(recv, disps, sendIdx, recvIdx);
                    in = range(recv, disps, recvIdx, lastIdx);
                } else {
                    recvIdx = sendIdx - half;
                    out = range(recv, disps, sendIdx, lastIdx);
                    in = range(recv, disps, recvIdx, sendIdx);
                }
                c.sendrecv(out, dst, in, dst);
                if (newrank > newdst) {
                    sendIdx = recvIdx;
                }
                mask >>= 1;
            }
        }
        RecursiveDoublingAllreduce.foldOut(c, recv, rem);
    }

    /** The elements of chunks {@code [from, to)}. */
    private static Buf range(Buf buf, long[] disps, int from, int to) {
        return buf.slice(disps[from], disps[to] - disps[from]);
    }
}
