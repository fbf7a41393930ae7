package io.mpi4j.spi.coll;

import io.mpi4j.Buf;
import io.mpi4j.Op;

/**
 * Reduce along a binomial tree: in round {@code k} the ranks whose bit {@code k} is set send
 * their partial result to the rank {@code 2^k} below and drop out; {@code ceil(log2 n)} rounds.
 *
 * <p>Each partial result covers a range of consecutive ranks, and a receiver's range lies just
 * below its sender's, so combining {@code mine op received} keeps the rank order a
 * non-commutative operation needs. A commutative operation runs the tree on ranks relative to the
 * root; a non-commutative one on the ranks themselves, rooted at rank 0, which then sends the
 * result to the root (as MPICH does).
 */
final class BinomialReduce {
    private BinomialReduce() {
    }

    /**
     * Runs the algorithm.
     *
     * @param input this rank's operands (the root's {@code recv} for {@code IN_PLACE}); only read
     * @param recv the result at the root; {@code null} elsewhere
     */
    static void run(CollContext c, Buf input, Buf recv, Op op, int root) {
        int n = c.size;
        int treeRoot = op.isCommutative() ? root : 0;
        int rel = (c.rank - treeRoot + n) % n;
        Buf acc = input;
        boolean accIsTemp = false;
        Buf tmp = null;
        int mask = 1;
        for (; mask < n; mask <<= 1) {
            if ((rel & mask) != 0) {
                c.send(acc, ((rel - mask) + treeRoot) % n);
                break;
            }
            int child = rel | mask;
            if (child < n) {
                if (tmp == null) {
                    tmp = CollContext.temp(input.datatype(), input.count());
                }
                c.recv(tmp, (child + treeRoot) % n);
                c.apply(op, acc, tmp); // tmp = mine op theirs: my ranks are the lower ones
                Buf t = tmp;
                tmp = accIsTemp ? acc : null;
                acc = t;
                accIsTemp = true;
            }
        }
        if (rel == 0) {
            if (c.rank == root) {
                if (acc != recv) {
                    CollContext.copy(acc, recv);
                }
            } else {
                c.send(acc, root);
            }
        } else if (c.rank == root) {
            c.recv(recv, treeRoot);
        }
    }
}
