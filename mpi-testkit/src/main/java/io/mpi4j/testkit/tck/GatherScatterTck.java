package io.mpi4j.testkit.tck;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.VBuf;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the rooted data-movement collectives MPI_Gather(v) (MPI-4.1 §6.5) and
 * MPI_Scatter(v) (MPI-4.1 §6.6): from every root, with and without {@code IN_PLACE} at the root,
 * with empty and uneven blocks at displacements out of rank order, for several datatypes
 * (boolean, char and value-index pairs included).
 */
public abstract class GatherScatterTck extends AbstractCollectiveTck {
    private static final List<Datatype> TYPES = List.of(Datatype.INT, Datatype.DOUBLE, Datatype.BOOLEAN, Datatype.CHAR,
            Datatype.DOUBLE_INT);
    /** The types of the v cases; boolean receive buffers with gaps have a case of their own. */
    private static final List<Datatype> V_TYPES = List.of(Datatype.INT, Datatype.DOUBLE, Datatype.CHAR, Datatype.DOUBLE_INT);

    /** Creates the test instance. */
    protected GatherScatterTck() {
    }

    /**
     * MPI-4.1 §6.5: the root's receive buffer holds block {@code i} from rank {@code i}; with
     * {@code IN_PLACE} the root's own block is taken from where it already is.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void gatherFromEveryRoot(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : TYPES) {
                for (int count : new int[] {0, 3}) {
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            salt++;
                            List<Object> all = dataOfAll(t, count, n, salt);
                            Object expected = CollectiveReference.gather(all, root).get(root);
                            String what = "gather of " + count + " " + t + " at root " + root + (inPlace ? " IN_PLACE" : "");
                            if (me != root) {
                                world.gather(bufOf(all.get(me)), null, root);
                                continue;
                            }
                            Object init = inPlace ? withBlock(sentinels(t, count * n), count * root, all.get(me)) : sentinels(t, count * n);
                            Buf recv = bufOf(init);
                            world.gather(inPlace ? Buf.IN_PLACE : bufOf(all.get(me)), recv, root);
                            assertSameContents(expected, contents(recv, init), what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.5.2: gatherv places rank {@code i}'s block of its own count at displacement
     * {@code displs[i]}; elements between blocks are not written. Counts are uneven with empty
     * blocks, displacements in reverse rank order with gaps; with and without {@code IN_PLACE}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void gathervWithUnevenCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : V_TYPES) {
                for (int shift = 0; shift < 3; shift++) {
                    int[] counts = unevenCounts(n, shift);
                    int[] displs = reversedGappedDispls(counts);
                    int extent = extentOf(counts, displs);
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            salt++;
                            final int s = salt;
                            List<Object> all = java.util.stream.IntStream.range(0, n).mapToObj(r -> data(t, counts[r], r, s)).toList();
                            if (me != root) {
                                world.gatherv(bufOf(all.get(me)), null, root);
                                continue;
                            }
                            Object init = sentinels(t, extent);
                            if (inPlace) {
                                init = withBlock(init, displs[me], all.get(me));
                            }
                            Object expected = CollectiveReference.gatherv(all, init, displs, root).get(root);
                            Buf recv = bufOf(init);
                            world.gatherv(inPlace ? Buf.IN_PLACE : bufOf(all.get(me)), VBuf.of(recv, counts, displs), root);
                            assertSameContents(expected, contents(recv, init), "gatherv of " + t + " counts "
                                    + java.util.Arrays.toString(counts) + " at root " + root + (inPlace ? " IN_PLACE" : ""));
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.6: rank {@code i} receives block {@code i} of the root's send buffer; with
     * {@code IN_PLACE} the root receives nothing and its send buffer is unchanged.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void scatterFromEveryRoot(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : TYPES) {
                for (int count : new int[] {0, 3}) {
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            salt++;
                            Object rootData = data(t, count * n, root, salt);
                            Object expected = CollectiveReference.scatter(rootData, n).get(me);
                            String what = "scatter of " + count + " " + t + " from root " + root + (inPlace ? " IN_PLACE" : "")
                                    + " on rank " + me;
                            Object init = sentinels(t, count);
                            Buf recv = bufOf(init);
                            if (me != root) {
                                world.scatter(null, recv, root);
                                assertSameContents(expected, contents(recv, init), what);
                            } else if (inPlace) {
                                Buf send = bufOf(rootData);
                                world.scatter(send, Buf.IN_PLACE, root);
                                assertSameContents(data(t, count * n, root, salt), contents(send, rootData), what + ": the root's send buffer changed");
                            } else {
                                world.scatter(bufOf(rootData), recv, root);
                                assertSameContents(expected, contents(recv, init), what);
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.6.2: scatterv sends {@code counts[i]} elements from displacement {@code displs[i]}
     * to rank {@code i}; uneven counts with empty blocks, displacements in reverse rank order, with
     * and without {@code IN_PLACE}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void scattervWithUnevenCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : TYPES) {
                for (int shift = 0; shift < 3; shift++) {
                    int[] counts = unevenCounts(n, shift);
                    int[] displs = reversedGappedDispls(counts);
                    int extent = extentOf(counts, displs);
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            salt++;
                            Object rootData = data(t, extent, root, salt);
                            Object expected = CollectiveReference.scatterv(rootData, counts, displs).get(me);
                            String what = "scatterv of " + t + " counts " + java.util.Arrays.toString(counts) + " from root " + root
                                    + (inPlace ? " IN_PLACE" : "") + " on rank " + me;
                            Object init = sentinels(t, counts[me]);
                            Buf recv = bufOf(init);
                            if (me != root) {
                                world.scatterv(null, recv, root);
                                assertSameContents(expected, contents(recv, init), what);
                            } else {
                                Buf send = bufOf(rootData);
                                world.scatterv(VBuf.of(send, counts, displs), inPlace ? Buf.IN_PLACE : recv, root);
                                if (!inPlace) {
                                    assertSameContents(expected, contents(recv, init), what);
                                }
                                assertSameContents(data(t, extent, root, salt), contents(send, rootData),
                                        what + ": the root's send buffer changed");
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.5.2, §6.7 and §6.8: the {@code v} collectives write only the blocks of a receive
     * buffer, also when it is a {@code boolean[]} (which the API stages through bytes): gatherv,
     * allgatherv and alltoallv into {@code true}-filled buffers with gaps and empty blocks leave
     * the gaps {@code true}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7})
    public void booleanReceiveBuffersKeepTheirGaps(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] counts = unevenCounts(n, 1);
            int[] displs = reversedGappedDispls(counts);
            int extent = extentOf(counts, displs);
            List<Object> all = java.util.stream.IntStream.range(0, n).mapToObj(r -> data(Datatype.BOOLEAN, counts[r], r, 3)).toList();
            Object expected = CollectiveReference.gatherv(all, sentinels(Datatype.BOOLEAN, extent), displs, 0).getFirst();

            boolean[] g = (boolean[]) sentinels(Datatype.BOOLEAN, extent);
            world.gatherv(bufOf(all.get(me)), me == 0 ? VBuf.of(Buf.of(g), counts, displs) : null, 0);
            if (me == 0) {
                assertSameContents(expected, g, "gatherv into boolean[] with gaps");
            }
            boolean[] ag = (boolean[]) sentinels(Datatype.BOOLEAN, extent);
            world.allgatherv(bufOf(all.get(me)), VBuf.of(Buf.of(ag), counts, displs));
            assertSameContents(expected, ag, "allgatherv into boolean[] with gaps on rank " + me);

            int[] ones = new int[n];
            java.util.Arrays.fill(ones, 1);
            int[] gapped = reversedGappedDispls(ones);
            boolean[] a2a = (boolean[]) sentinels(Datatype.BOOLEAN, extentOf(ones, gapped));
            boolean[] send = new boolean[n];
            world.alltoallv(VBuf.of(Buf.of(send), ones), VBuf.of(Buf.of(a2a), ones, gapped));
            for (int i = 0; i < a2a.length; i++) {
                boolean inBlock = false;
                for (int d : gapped) {
                    inBlock |= d == i;
                }
                org.junit.jupiter.api.Assertions.assertEquals(!inBlock, a2a[i], "alltoallv into boolean[]: element " + i
                        + (inBlock ? " (a block, received false)" : " (a gap, must stay true)") + " on rank " + me);
            }
            return null;
        });
    }
}
