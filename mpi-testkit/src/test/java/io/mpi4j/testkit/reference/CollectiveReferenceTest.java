package io.mpi4j.testkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.WBuf;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks the reference semantics against results computed by hand. */
@Timeout(30)
class CollectiveReferenceTest {
    private static final List<int[]> THREE = List.of(new int[] {1, 2, 3, 4, 5, 6}, new int[] {10, 20, 30, 40, 50, 60},
            new int[] {100, 200, 300, 400, 500, 600});

    @Test
    void dataMovement() {
        assertArrayEquals(new int[] {10, 20, 30, 40, 50, 60}, CollectiveReference.bcast(THREE, 1).get(2));
        List<int[]> g = CollectiveReference.gather(List.of(new int[] {1}, new int[] {2}, new int[] {3}), 2);
        assertNull(g.get(0));
        assertArrayEquals(new int[] {1, 2, 3}, g.get(2));
        assertArrayEquals(new int[] {3, 4}, CollectiveReference.scatter(new int[] {1, 2, 3, 4, 5, 6}, 3).get(1));
        assertArrayEquals(new int[] {1, 2, 10, 20, 100, 200}, CollectiveReference.allgather(
                List.of(new int[] {1, 2}, new int[] {10, 20}, new int[] {100, 200})).get(0));
        // alltoall: block j of rank i goes to block i of rank j
        assertArrayEquals(new int[] {3, 4, 30, 40, 300, 400}, CollectiveReference.alltoall(THREE).get(1));
        // gatherv: rank 0 sends 1 element to displacement 4, rank 1 two to displacement 0
        int[] v = CollectiveReference.gatherv(List.of(new int[] {9}, new int[] {7, 8}), new int[] {-1, -1, -1, -1, -1, -1},
                new int[] {4, 0}, 0).get(0);
        assertArrayEquals(new int[] {7, 8, -1, -1, 9, -1}, v);
        assertArrayEquals(new int[] {5, 6}, CollectiveReference.scatterv(new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2},
                new int[] {0, 4}).get(1));
        List<int[]> a2av = CollectiveReference.alltoallv(List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6}),
                new int[][] {{1, 2}, {0, 3}}, new int[][] {{0, 1}, {0, 0}},
                List.of(new int[] {0, 0}, new int[] {0, 0, 0, 0, 0}), new int[][] {{1, 0}, {0, 2}});
        assertArrayEquals(new int[] {0, 1}, a2av.get(0));
        assertArrayEquals(new int[] {2, 3, 4, 5, 6}, a2av.get(1));
    }

    @Test
    void reductionsInRankOrder() {
        assertArrayEquals(new int[] {111, 222, 333, 444, 555, 666}, CollectiveReference.fold(THREE, Op.SUM));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, CollectiveReference.fold(THREE, Op.REPLACE), "REPLACE yields rank 0");
        assertArrayEquals(new int[] {100, 200, 300, 400, 500, 600}, CollectiveReference.fold(THREE, Op.NO_OP), "NO_OP the last rank");
        assertArrayEquals(new int[] {11, 22, 33, 44, 55, 66}, CollectiveReference.scan(THREE, Op.SUM).get(1));
        assertNull(CollectiveReference.exscan(THREE, Op.SUM).get(0));
        assertArrayEquals(new int[] {11, 22, 33, 44, 55, 66}, CollectiveReference.exscan(THREE, Op.SUM).get(2));
        assertArrayEquals(new int[] {333, 444}, CollectiveReference.reduceScatterBlock(THREE, Op.SUM).get(1));
        assertArrayEquals(new int[] {222, 333, 444, 555}, CollectiveReference.reduceScatter(THREE, new int[] {1, 4, 1}, Op.SUM).get(1));
        Op concat = Op.ofLongs((a, b) -> a * 10 + b, false); // digits in rank order (associative for one digit each)
        assertArrayEquals(new long[] {123}, CollectiveReference.fold(List.of(new long[] {1}, new long[] {2}, new long[] {3}), concat));
        boolean[] land = CollectiveReference.fold(List.of(new boolean[] {true, true}, new boolean[] {true, false}), Op.LAND);
        assertArrayEquals(new boolean[] {true, false}, land);
        assertThrows(MpiException.class, () -> CollectiveReference.fold(List.of(new boolean[] {true}), Op.SUM).getClass());
        MpiException e = assertThrows(MpiException.class,
                () -> CollectiveReference.fold(List.of(new double[] {1}, new double[] {2}), Op.BAND));
        assertEquals(ErrorClass.ERR_OP, e.errorClass());
    }

    @Test
    void affineCompositionIsAssociativeButNotCommutative() {
        long f = (3L << 32) | 5;
        long g = (7L << 32) | 11;
        long h = (2L << 32) | 1;
        assertEquals(CollectiveArbitraries.composeAffine(CollectiveArbitraries.composeAffine(f, g), h),
                CollectiveArbitraries.composeAffine(f, CollectiveArbitraries.composeAffine(g, h)));
        assertEquals((21L << 32) | 46, CollectiveArbitraries.composeAffine(f, g), "x -> 7(3x + 5) + 11");
        assertEquals((21L << 32) | 38, CollectiveArbitraries.composeAffine(g, f), "x -> 3(7x + 11) + 5");
    }

    @Test
    void maxlocAndMinlocPreferTheLowestIndexOnTies() {
        for (Datatype t : CollectiveArbitraries.PAIR_TYPES) {
            List<Elements> in = List.of(Elements.pairs(t, new double[] {5, 1, 2}, new int[] {4, 0, 9}),
                    Elements.pairs(t, new double[] {5, 3, 1}, new int[] {2, 1, 3}),
                    Elements.pairs(t, new double[] {-1, 3, 1}, new int[] {0, 0, 8}));
            assertEquals(Elements.pairs(t, new double[] {5, 3, 2}, new int[] {2, 0, 9}), CollectiveReference.fold(in, Op.MAXLOC), t + " MAXLOC");
            assertEquals(Elements.pairs(t, new double[] {-1, 1, 1}, new int[] {0, 0, 3}), CollectiveReference.fold(in, Op.MINLOC), t + " MINLOC");
        }
        assertEquals("DOUBLE_INT[(2.5,3)]", Elements.pairs(Datatype.DOUBLE_INT, new double[] {2.5}, new int[] {3}).toString());
    }

    @Test
    void alltoallwMovesBytesBetweenTypedBlocks() {
        MemorySegment s0 = Arena.ofAuto().allocate(16);
        MemorySegment s1 = Arena.ofAuto().allocate(16);
        s0.set(ValueLayout.JAVA_INT, 0, 1);
        s0.set(ValueLayout.JAVA_LONG, 8, 2L);
        s1.set(ValueLayout.JAVA_INT, 0, 3);
        s1.set(ValueLayout.JAVA_LONG, 8, 4L);
        Datatype[] types = {Datatype.INT, Datatype.LONG};
        // both send one INT at 0 to rank 0 and one LONG at 8 to rank 1
        WBuf send0 = new WBuf(s0, new int[] {1, 1}, new long[] {0, 8}, types);
        WBuf send1 = new WBuf(s1, new int[] {1, 1}, new long[] {0, 8}, types);
        WBuf recv0 = new WBuf(Arena.ofAuto().allocate(16), new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.INT, Datatype.INT});
        WBuf recv1 = new WBuf(Arena.ofAuto().allocate(16), new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.LONG, Datatype.LONG});
        List<MemorySegment> out = CollectiveReference.alltoallw(List.of(send0, send1), List.of(recv0, recv1));
        assertEquals(1, out.get(0).get(ValueLayout.JAVA_INT, 0));
        assertEquals(3, out.get(0).get(ValueLayout.JAVA_INT, 8));
        assertEquals(2L, out.get(1).get(ValueLayout.JAVA_LONG, 0));
        assertEquals(4L, out.get(1).get(ValueLayout.JAVA_LONG, 8));
    }

    @Test
    void inputsAreNotModified() {
        int[] a = {1, 2};
        int[] b = {3, 4};
        CollectiveReference.allreduce(List.of(a, b), Op.SUM);
        CollectiveReference.scan(List.of(a, b), Op.PROD);
        assertEquals("[1, 2][3, 4]", Arrays.toString(a) + Arrays.toString(b));
    }
}
