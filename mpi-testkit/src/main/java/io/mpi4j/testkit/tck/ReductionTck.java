package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import io.mpi4j.testkit.reference.Elements;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the reductions MPI_Reduce (MPI-4.1 §6.9.1), MPI_Allreduce (§6.9.6),
 * MPI_Reduce_scatter_block (§6.10.1) and MPI_Reduce_scatter (§6.10.2): from every root, with and
 * without {@code IN_PLACE}, with empty and uneven blocks, with a non-commutative user operation
 * (rank order, MPI-4.1 §6.9.5) and with MAXLOC/MINLOC on every pair type, ties included
 * (MPI-4.1 §6.9.4).
 */
public abstract class ReductionTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected ReductionTck() {
    }

    private static List<Op> sumAndAffine() {
        return List.of(Op.SUM, CollectiveArbitraries.affineComposition());
    }

    private static List<Object> operands(Op op, int size, int count, int salt) {
        List<Object> l = new ArrayList<>();
        List<?> src = op.isPredefined() ? dataOfAll(Datatype.LONG, count, size, salt) : affineOperands(size, count);
        l.addAll(src);
        return l;
    }

    /**
     * MPI-4.1 §6.9.1: the root receives {@code x0 op x1 op ... op x(n-1)}, for every root, with and
     * without {@code IN_PLACE}, counts 0, 1, 33 and 1000, SUM and a non-commutative operation. 1000
     * longs are past the size where libraries change to their large-message algorithms (MPICH 4.0's
     * blocking MPI_Reduce with {@code IN_PLACE} at a root other than 0 crashed there).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void reduceAtEveryRoot(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : sumAndAffine()) {
                for (int count : new int[] {0, 1, 33, 1000}) {
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            List<Object> all = operands(op, n, count, ++salt);
                            long[] mine = (long[]) all.get(me);
                            if (me != root) {
                                world.reduce(Buf.of(mine), null, op, root);
                                continue;
                            }
                            long[] recv = inPlace ? mine.clone() : new long[count];
                            world.reduce(inPlace ? Buf.IN_PLACE : Buf.of(mine), Buf.of(recv), op, root);
                            assertArrayEquals((long[]) CollectiveReference.reduce(all, op, root).get(root), recv,
                                    "reduce " + op + " of " + count + " at root " + root + (inPlace ? " IN_PLACE" : ""));
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.6: every rank receives the reduction, with and without {@code IN_PLACE}, counts 0,
     * 1, 33 and 1000; the send buffer is not modified.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void allreduce(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : sumAndAffine()) {
                for (int count : new int[] {0, 1, 33, 1000}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        List<Object> all = operands(op, n, count, ++salt);
                        long[] mine = ((long[]) all.get(me)).clone();
                        long[] recv = inPlace ? mine : new long[count];
                        world.allreduce(inPlace ? Buf.IN_PLACE : Buf.of(mine), Buf.of(recv), op);
                        assertArrayEquals((long[]) CollectiveReference.fold(all, op), recv,
                                "allreduce " + op + " of " + count + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                        if (!inPlace) {
                            assertArrayEquals((long[]) all.get(me), mine, "allreduce modified the send buffer");
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.10.2: rank {@code i} receives its block of {@code recvCounts[i]} elements of the
     * reduction; uneven counts with empty blocks, with and without {@code IN_PLACE} (the result is then
     * at the start of the receive buffer).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void reduceScatterWithUnevenCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : sumAndAffine()) {
                for (int shift = 0; shift < 3; shift++) {
                    int[] counts = unevenCounts(n, shift);
                    int total = Arrays.stream(counts).sum();
                    for (boolean inPlace : new boolean[] {false, true}) {
                        List<Object> all = operands(op, n, total, ++salt);
                        long[] expected = (long[]) CollectiveReference.reduceScatter(all, counts, op).get(me);
                        long[] mine = ((long[]) all.get(me)).clone();
                        String what = "reduceScatter " + op + " counts " + Arrays.toString(counts) + (inPlace ? " IN_PLACE" : "")
                                + " on rank " + me;
                        if (inPlace) {
                            world.reduceScatter(Buf.IN_PLACE, Buf.of(mine), counts, op);
                            assertArrayEquals(expected, Arrays.copyOf(mine, counts[me]), what);
                        } else {
                            long[] recv = new long[counts[me]];
                            world.reduceScatter(Buf.of(mine), Buf.of(recv), counts, op);
                            assertArrayEquals(expected, recv, what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.10.2 with large uneven blocks (rank {@code i} gets {@code 40000 (i + 1)} longs, each
     * block larger than all before it, the operands 0.9 MiB and more): blocking and nonblocking, with
     * and without {@code IN_PLACE}. Past the sizes where libraries change algorithms; MPICH 4.0's
     * in-place form aborted on an overlapping copy there.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    public void reduceScatterWithLargeUnevenBlocks(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] counts = new int[n];
            int total = 0;
            int before = 0;
            for (int r = 0; r < n; r++) {
                counts[r] = 40000 * (r + 1);
                total += counts[r];
                before += r < me ? counts[r] : 0;
            }
            for (int form = 0; form < 4; form++) {
                boolean inPlace = form % 2 == 1;
                boolean nonblocking = form >= 2;
                long[] mine = new long[total];
                for (int j = 0; j < total; j++) {
                    mine[j] = (long) (me + 1) * j + me;
                }
                long[] recv = inPlace ? mine : new long[counts[me]];
                Buf send = inPlace ? Buf.IN_PLACE : Buf.of(mine);
                if (nonblocking) {
                    world.ireduceScatter(send, Buf.of(recv), counts, Op.SUM).await();
                } else {
                    world.reduceScatter(send, Buf.of(recv), counts, Op.SUM);
                }
                for (int k = 0; k < counts[me]; k++) {
                    long j = before + k;
                    // the sum over the ranks r of (r + 1) j + r
                    long expected = j * n * (n + 1) / 2 + (long) n * (n - 1) / 2;
                    if (recv[k] != expected) {
                        assertEquals(expected, recv[k], (nonblocking ? "i" : "") + "reduceScatter" + (inPlace ? " IN_PLACE" : "")
                                + " counts " + Arrays.toString(counts) + ": rank " + me + "'s element " + k);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.10.1: rank {@code i} receives block {@code i} of the reduction, with and without
     * {@code IN_PLACE}, blocks of 0, 1, 5 and 300 elements.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void reduceScatterBlock(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Op op : sumAndAffine()) {
                for (int block : new int[] {0, 1, 5, 300}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        List<Object> all = operands(op, n, block * n, ++salt);
                        long[] expected = (long[]) CollectiveReference.reduceScatterBlock(all, op).get(me);
                        long[] mine = ((long[]) all.get(me)).clone();
                        String what = "reduceScatterBlock " + op + " of " + block + (inPlace ? " IN_PLACE" : "") + " on rank " + me;
                        if (inPlace) {
                            world.reduceScatterBlock(Buf.IN_PLACE, Buf.of(mine), op);
                            assertArrayEquals(expected, Arrays.copyOf(mine, block), what);
                        } else {
                            long[] recv = new long[block];
                            world.reduceScatterBlock(Buf.of(mine), Buf.of(recv), op);
                            assertArrayEquals(expected, recv, what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.5: a non-commutative operation is applied in rank order. Every rank contributes
     * one affine map; the composition in rank order differs from any other order, so the result
     * names the order the implementation used. Checked for reduce at every root and allreduce.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7, 16})
    public void nonCommutativeOperationIsAppliedInRankOrder(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            Op compose = CollectiveArbitraries.affineComposition();
            List<long[]> all = affineOperands(n, 1);
            long expected = all.getFirst()[0];
            for (int r = 1; r < n; r++) {
                expected = CollectiveArbitraries.composeAffine(expected, all.get(r)[0]);
            }
            long[] got = new long[1];
            world.allreduce(Buf.of(all.get(world.rank())), Buf.of(got), compose);
            assertEquals(expected, got[0], "allreduce of a non-commutative operation is not x0 op x1 op ... in rank order");
            for (int root = 0; root < n; root++) {
                long[] atRoot = {SENTINEL};
                world.reduce(Buf.of(all.get(world.rank())), world.rank() == root ? Buf.of(atRoot) : null, compose, root);
                if (world.rank() == root) {
                    assertEquals(expected, atRoot[0], "reduce of a non-commutative operation at root " + root);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.4: MAXLOC and MINLOC on every pair type, in native memory and in a direct
     * {@link ByteBuffer}: the extreme value wins, and among equal values the lowest index. Every rank
     * holds 6 pairs whose values tie between several ranks; the index is the rank.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void maxlocAndMinlocWithTies(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            for (Datatype t : CollectiveArbitraries.PAIR_TYPES) {
                List<Elements> all = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    double[] v = new double[6];
                    int[] ix = new int[6];
                    for (int i = 0; i < 6; i++) {
                        v[i] = i == 0 ? 4 : i == 1 ? -(r % 2) : (r * (i + 1)) % 3; // element 0: all tie
                        ix[i] = r;
                    }
                    all.add(Elements.pairs(t, v, ix));
                }
                for (Op op : List.of(Op.MAXLOC, Op.MINLOC)) {
                    Elements expected = CollectiveReference.fold(all, op);
                    MemorySegment recv = java.lang.foreign.Arena.ofAuto().allocate(6 * t.size(), 8);
                    world.allreduce(Buf.of(all.get(me).copyOfSegment(), t, 6), Buf.of(recv, t, 6), op);
                    assertEquals(expected, Elements.of(recv, t), op + " on " + t + " (segment) on rank " + me);

                    ByteBuffer bb = ByteBuffer.allocateDirect((int) (6 * t.size())).order(ByteOrder.nativeOrder());
                    MemorySegment.ofBuffer(bb).copyFrom(all.get(me).segment());
                    world.allreduce(Buf.IN_PLACE, Buf.of(bb, t, 6), op);
                    assertEquals(expected, Elements.of(MemorySegment.ofBuffer(bb), t), op + " on " + t + " (ByteBuffer, IN_PLACE) on rank " + me);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.2 with boolean and char buffers: LAND, LOR, LXOR, BAND on {@code boolean[]} and
     * SUM, MAX on {@code char[]} (an unsigned type: 0xFFFF is the largest value) match the reference.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void booleanAndCharBuffers(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            List<boolean[]> bools = new ArrayList<>();
            List<char[]> chars = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                bools.add(new boolean[] {true, r % 2 == 0, r == 0, false, r != 1});
                chars.add(new char[] {(char) r, r == n - 1 ? '\uFFFF' : 'a', (char) (1000 * r)});
            }
            for (Op op : List.of(Op.LAND, Op.LOR, Op.LXOR, Op.BAND, Op.BXOR)) {
                boolean[] got = new boolean[5];
                world.allreduce(Buf.of(bools.get(me)), Buf.of(got), op);
                assertArrayEquals(CollectiveReference.fold(bools, op), got, op + " on boolean[] on rank " + me);
            }
            for (Op op : List.of(Op.SUM, Op.MAX, Op.MIN)) {
                char[] got = chars.get(me).clone();
                world.allreduce(Buf.IN_PLACE, Buf.of(got), op);
                assertArrayEquals(CollectiveReference.fold(chars, op), got, op + " on char[] on rank " + me);
            }
            return null;
        });
    }

    /**
     * SUM on 8- and 16-bit integers wraps around, as Java's arithmetic (and C's, after conversion)
     * does, also over 64 elements, where a library may add whole vectors at once: {@code byte}
     * 100 + 100 is -56, {@code short} 30000 + 30000 is -5536, {@code char} 60000 + 60000 is 54464.
     * Open MPI 4.1's vector operations saturated instead (127, 32767).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 5})
    public void sumsOfSmallIntegersWrapAround(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = 64;
            int root = world.size() - 2;
            byte[] b = new byte[n];
            short[] s = new short[n];
            char[] c = new char[n];
            // rank 0 and rank 1 contribute, the others add nothing
            boolean adds = world.rank() < 2;
            Arrays.fill(b, (byte) (adds ? 100 : 0));
            Arrays.fill(s, (short) (adds ? 30000 : 0));
            Arrays.fill(c, (char) (adds ? 60000 : 0));
            byte[] gotB = new byte[n];
            short[] gotS = new short[n];
            char[] gotC = new char[n];
            world.allreduce(Buf.of(b), Buf.of(gotB), Op.SUM);
            world.allreduce(Buf.of(s), Buf.of(gotS), Op.SUM);
            world.reduce(Buf.of(c), world.rank() == root ? Buf.of(gotC) : null, Op.SUM, root);
            byte[] wantB = new byte[n];
            short[] wantS = new short[n];
            char[] wantC = new char[n];
            Arrays.fill(wantB, (byte) 200);
            Arrays.fill(wantS, (short) 60000);
            Arrays.fill(wantC, (char) 120000);
            assertArrayEquals(wantB, gotB, "byte sum on rank " + world.rank());
            assertArrayEquals(wantS, gotS, "short sum on rank " + world.rank());
            if (world.rank() == root) {
                assertArrayEquals(wantC, gotC, "char sum at the root");
            }
            return null;
        });
    }
}
