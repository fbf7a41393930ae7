package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the all-to-all data movement collectives: MPI_Allgather(v) (MPI-4.1 §6.7) and
 * MPI_Alltoall(v, w) (MPI-4.1 §6.8), with and without {@code IN_PLACE}, with empty and uneven blocks
 * at displacements out of rank order, for several datatypes.
 */
public abstract class AllgatherAlltoallTck extends AbstractCollectiveTck {
    private static final List<Datatype> TYPES = List.of(Datatype.LONG, Datatype.FLOAT, Datatype.BOOLEAN, Datatype.CHAR,
            Datatype.INT_INT);
    /** The types of the v cases; boolean receive buffers with gaps have a case of their own in {@link GatherScatterTck}. */
    private static final List<Datatype> V_TYPES = List.of(Datatype.LONG, Datatype.FLOAT, Datatype.CHAR, Datatype.INT_INT);

    /** Creates the test instance. */
    protected AllgatherAlltoallTck() {
    }

    /**
     * MPI-4.1 §6.7: every rank receives every rank's block in rank order; with {@code IN_PLACE} each
     * rank's own block is taken from its place in the receive buffer.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void allgather(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : TYPES) {
                for (int count : new int[] {0, 1, 5}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        salt++;
                        List<Object> all = dataOfAll(t, count, n, salt);
                        Object init = inPlace ? withBlock(sentinels(t, count * n), count * me, all.get(me)) : sentinels(t, count * n);
                        Buf recv = bufOf(init);
                        world.allgather(inPlace ? Buf.IN_PLACE : bufOf(all.get(me)), recv);
                        assertSameContents(CollectiveReference.allgather(all).get(me), contents(recv, init),
                                "allgather of " + count + " " + t + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.7: allgatherv with uneven counts (empty blocks included) and displacements in
     * reverse rank order; elements between blocks are not written.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void allgathervWithUnevenCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : V_TYPES) {
                for (int shift = 0; shift < 3; shift++) {
                    int[] counts = unevenCounts(n, shift);
                    int[] displs = reversedGappedDispls(counts);
                    int extent = extentOf(counts, displs);
                    for (boolean inPlace : new boolean[] {false, true}) {
                        salt++;
                        final int s = salt;
                        List<Object> all = IntStream.range(0, n).mapToObj(r -> data(t, counts[r], r, s)).toList();
                        List<Object> inits = new ArrayList<>();
                        for (int r = 0; r < n; r++) {
                            inits.add(inPlace ? withBlock(sentinels(t, extent), displs[r], all.get(r)) : sentinels(t, extent));
                        }
                        Object init = inits.get(me);
                        Buf recv = bufOf(init);
                        world.allgatherv(inPlace ? Buf.IN_PLACE : bufOf(all.get(me)), VBuf.of(recv, counts, displs));
                        assertSameContents(CollectiveReference.allgatherv(all, inits, displs).get(me), contents(recv, init),
                                "allgatherv of " + t + " counts " + Arrays.toString(counts) + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.8: block {@code j} of rank {@code i}'s send buffer arrives as block {@code i} of rank
     * {@code j}'s receive buffer; with {@code IN_PLACE} the receive buffer is sent and replaced.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void alltoall(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : TYPES) {
                for (int count : new int[] {0, 1, 4}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        salt++;
                        List<Object> all = dataOfAll(t, count * n, n, salt);
                        Object expected = CollectiveReference.alltoall(all).get(me);
                        String what = "alltoall of " + count + " " + t + (inPlace ? " IN_PLACE" : "") + " on rank " + me;
                        if (inPlace) {
                            Object mine = all.get(me);
                            Buf buf = bufOf(mine);
                            world.alltoall(Buf.IN_PLACE, buf);
                            assertSameContents(expected, contents(buf, mine), what);
                        } else {
                            Object init = sentinels(t, count * n);
                            Buf recv = bufOf(init);
                            world.alltoall(bufOf(all.get(me)), recv);
                            assertSameContents(expected, contents(recv, init), what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.8: alltoallv with a different count for every pair of ranks (empty ones included)
     * and displacements in reverse order on both sides; with {@code IN_PLACE} ({@code null} send)
     * the receive blocks are sent and replaced.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void alltoallvWithUnevenCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : V_TYPES) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    salt++;
                    // rank i sends c(i, j) elements to rank j; IN_PLACE needs symmetric counts (MPI-4.1 §6.8)
                    int[][] sendCounts = new int[n][n];
                    int[][] sendDispls = new int[n][];
                    int[][] recvCounts = new int[n][n];
                    int[][] recvDispls = new int[n][];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            sendCounts[i][j] = inPlace ? (i + j) % 3 : (i + 2 * j) % 3;
                        }
                    }
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < n; i++) {
                            recvCounts[j][i] = sendCounts[i][j];
                        }
                    }
                    List<Object> sends = new ArrayList<>();
                    List<Object> recvs = new ArrayList<>();
                    for (int r = 0; r < n; r++) {
                        sendDispls[r] = reversedGappedDispls(sendCounts[r]);
                        recvDispls[r] = inPlace ? sendDispls[r] : reversedGappedDispls(recvCounts[r]);
                        sends.add(data(t, extentOf(sendCounts[r], sendDispls[r]), r, salt));
                        recvs.add(inPlace ? sends.get(r) : sentinels(t, extentOf(recvCounts[r], recvDispls[r])));
                    }
                    Object expected = CollectiveReference.alltoallv(sends, sendCounts, sendDispls, recvs, recvDispls).get(me);
                    Object init = recvs.get(me);
                    Buf recv = bufOf(init);
                    VBuf send = inPlace ? null : VBuf.of(bufOf(sends.get(me)), sendCounts[me], sendDispls[me]);
                    world.alltoallv(send, VBuf.of(recv, recvCounts[me], recvDispls[me]));
                    assertSameContents(expected, contents(recv, init), "alltoallv of " + t + (inPlace ? " IN_PLACE" : "") + " on rank " + me);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.8: alltoallw with a datatype per block (INT and DOUBLE alternating), byte
     * displacements and uneven counts; bytes outside the blocks are not written; also with
     * {@code IN_PLACE} ({@code null} send).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void alltoallwWithMixedTypes(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            for (boolean inPlace : new boolean[] {false, true}) {
                List<WBuf> sends = new ArrayList<>();
                List<WBuf> recvs = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    sends.add(wbuf(n, r, true, inPlace));
                    recvs.add(inPlace ? sends.get(r) : wbuf(n, r, false, false));
                }
                List<MemorySegment> expected = CollectiveReference.alltoallw(sends, recvs);
                WBuf recv = recvs.get(me);
                world.alltoallw(inPlace ? null : sends.get(me), recv);
                long mismatch = expected.get(me).mismatch(recv.memory());
                assertEquals(-1L, mismatch, "alltoallw" + (inPlace ? " IN_PLACE" : "") + " on rank " + me + ": first wrong byte");
            }
            return null;
        });
    }

    /**
     * A WBuf of rank {@code r}: block {@code j} has type INT or DOUBLE by the parity of
     * {@code r + j} (symmetric, so types match pairwise) and count {@code (r + 2j) % 3} when sending,
     * {@code (j + 2r) % 3} when receiving (symmetric {@code (r + j) % 3} for IN_PLACE); blocks are
     * laid out in reverse order with an 8-byte gap, the memory filled with a pattern of the rank.
     */
    private static WBuf wbuf(int n, int r, boolean send, boolean inPlace) {
        int[] counts = new int[n];
        long[] displs = new long[n];
        Datatype[] types = new Datatype[n];
        long at = 8;
        for (int j = n - 1; j >= 0; j--) {
            types[j] = (r + j) % 2 == 0 ? Datatype.INT : Datatype.DOUBLE;
            counts[j] = inPlace ? (r + j) % 3 : send ? (r + 2 * j) % 3 : (j + 2 * r) % 3;
            displs[j] = at;
            at += counts[j] * types[j].size() + 8;
        }
        MemorySegment m = Arena.ofAuto().allocate(at, 8);
        for (long b = 0; b < at; b++) {
            m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b, (byte) (send ? r * 17 + b : -7));
        }
        return new WBuf(m, counts, displs, types);
    }
}
