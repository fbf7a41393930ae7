package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the prefix reductions MPI_Scan (MPI-4.1 §6.11.1) and MPI_Exscan (§6.11.2): rank
 * {@code i} receives the reduction of ranks {@code 0..i} (inclusive) or {@code 0..i-1} (exclusive,
 * rank 0's buffer unchanged), in rank order for non-commutative operations, with and without
 * {@code IN_PLACE}.
 */
public abstract class ScanTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected ScanTck() {
    }

    private static List<long[]> operands(Op op, int n, int count, int salt) {
        if (!op.isPredefined()) {
            return affineOperands(n, count);
        }
        return dataOfAll(Datatype.LONG, count, n, salt).stream().map(o -> (long[]) o).toList();
    }

    /**
     * MPI-4.1 §6.11.1: inclusive prefix reduction with SUM, MAX and a non-commutative operation,
     * counts 0, 1 and 17, with and without {@code IN_PLACE}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void scan(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : List.of(Op.SUM, Op.MAX, CollectiveArbitraries.affineComposition())) {
                for (int count : new int[] {0, 1, 17}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        List<long[]> all = operands(op, n, count, ++salt);
                        long[] mine = all.get(me).clone();
                        long[] recv = inPlace ? mine : new long[count];
                        world.scan(inPlace ? Buf.IN_PLACE : Buf.of(mine), Buf.of(recv), op);
                        assertArrayEquals(CollectiveReference.scan(all, op).get(me), recv,
                                "scan " + op + " of " + count + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.11.2: exclusive prefix reduction; rank 0's receive buffer is left as it was (this
     * TCK requires it unchanged, as the SPI promises, although MPI calls it undefined).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void exscan(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : List.of(Op.SUM, Op.MAX, CollectiveArbitraries.affineComposition())) {
                for (int count : new int[] {0, 1, 17}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        List<long[]> all = operands(op, n, count, ++salt);
                        long[] mine = all.get(me).clone();
                        long[] recv;
                        if (inPlace) {
                            recv = mine;
                        } else {
                            recv = new long[count];
                            Arrays.fill(recv, SENTINEL);
                        }
                        long[] before = recv.clone();
                        world.exscan(inPlace ? Buf.IN_PLACE : Buf.of(mine), Buf.of(recv), op);
                        long[] expected = me == 0 ? before : CollectiveReference.exscan(all, op).get(me);
                        assertArrayEquals(expected, recv, "exscan " + op + " of " + count + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.11: scan of doubles and of a pair type with MAXLOC (running maximum with the rank
     * that first reached it).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 7, 16})
    public void scanOfDoublesAndPairs(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            List<Object> doubles = dataOfAll(Datatype.DOUBLE, 4, n, 1);
            double[] got = new double[4];
            world.scan(bufOf(doubles.get(me)), Buf.of(got), Op.SUM);
            assertSameContents(CollectiveReference.scan(doubles, Op.SUM).get(me), got, "scan SUM of doubles on rank " + me);

            List<Object> pairs = dataOfAll(Datatype.FLOAT_INT, 3, n, 2);
            Buf recv = bufOf(sentinels(Datatype.FLOAT_INT, 3));
            world.scan(bufOf(pairs.get(me)), recv, Op.MAXLOC);
            assertSameContents(CollectiveReference.scan(pairs, Op.MAXLOC).get(me), contents(recv, pairs.get(me)),
                    "scan MAXLOC of FLOAT_INT on rank " + me);
            return null;
        });
    }
}
