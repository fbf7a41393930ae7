package io.mpi4j.testkit.tck;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.VBuf;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries.ReductionCase;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of the collectives (MPI-4.1 chapter 6): on random world sizes, roots, counts,
 * datatypes (pair types included), operations and contents, every collective yields what
 * {@link CollectiveReference} computes from the same inputs.
 *
 * <p>The generated inputs are shared by every rank of a try (each rank copies its own before
 * handing it to MPI), so a rank can check its result against the reference by itself.
 */
public abstract class CollectivePropertiesTck extends AbstractCollectiveTck {
    private static final int MAX_SIZE = 9;

    /** Creates the property container; subclasses supply the runner. */
    protected CollectivePropertiesTck() {
    }

    /** The reductions the properties exercise. */
    public enum Reduction {
        /** MPI_Reduce. */
        REDUCE,
        /** MPI_Allreduce. */
        ALLREDUCE,
        /** MPI_Reduce_scatter_block. */
        REDUCE_SCATTER_BLOCK,
        /** MPI_Scan. */
        SCAN,
        /** MPI_Exscan. */
        EXSCAN
    }

    /** The data-movement collectives with equal blocks. */
    public enum Movement {
        /** MPI_Bcast. */
        BCAST,
        /** MPI_Gather. */
        GATHER,
        /** MPI_Scatter. */
        SCATTER,
        /** MPI_Allgather. */
        ALLGATHER,
        /** MPI_Alltoall. */
        ALLTOALL
    }

    /** The {@code v} collectives. */
    public enum VCollective {
        /** MPI_Gatherv. */
        GATHERV,
        /** MPI_Scatterv. */
        SCATTERV,
        /** MPI_Allgatherv. */
        ALLGATHERV,
        /** MPI_Alltoallv. */
        ALLTOALLV
    }

    /**
     * Generated reductions: up to {@value #MAX_SIZE} ranks, up to 12 elements, every supported
     * operation and datatype.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<ReductionCase> reductions() {
        return CollectiveArbitraries.reductionCases(MAX_SIZE, 12);
    }

    /**
     * A generated data-movement case.
     *
     * @param size the number of ranks
     * @param root the root
     * @param datatype the element type
     * @param block the count of one block
     * @param data every rank's send data: one block (bcast, gather, allgather) or {@code size}
     *     blocks (scatter: only the root's is used; alltoall)
     */
    public record MovementCase(int size, int root, Datatype datatype, int block, List<Object> data) {
        @Override
        public String toString() {
            return "MovementCase[size=" + size + ", root=" + root + ", " + block + " " + datatype + " per block]";
        }
    }

    /**
     * Generated data-movement cases of every datatype.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<MovementCase> movements() {
        List<Datatype> types = new ArrayList<>(CollectiveArbitraries.PRIMITIVE_TYPES);
        types.addAll(CollectiveArbitraries.PAIR_TYPES);
        return CollectiveArbitraries.sizesAndRoots(MAX_SIZE).flatMap(sr -> Combinators.combine(Arbitraries.of(types),
                        Arbitraries.integers().between(0, 6)).flatAs((t, block) ->
                        CollectiveArbitraries.buffersPerRank(t, block * sr.size(), sr.size(), null)
                                .map(d -> new MovementCase(sr.size(), sr.root(), t, block, d))));
    }

    /**
     * A generated {@code v} case: rank {@code i} sends {@code counts[i][j]} elements to rank
     * {@code j} (only row {@code root} or column {@code root} matters for the rooted ones).
     *
     * @param size the number of ranks
     * @param root the root
     * @param datatype the element type
     * @param counts the counts of every pair of ranks
     * @param data every rank's send data, long enough for all its blocks
     */
    public record VCase(int size, int root, Datatype datatype, int[][] counts, List<Object> data) {
        @Override
        public String toString() {
            return "VCase[size=" + size + ", root=" + root + ", " + datatype + ", counts=" + Arrays.deepToString(counts) + "]";
        }
    }

    /**
     * Generated {@code v} cases with empty and uneven blocks, of every primitive type but
     * {@code boolean} (whose gaps {@link GatherScatterTck} checks deterministically).
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<VCase> vcases() {
        // boolean[] receive buffers with gaps: GatherScatterTck.booleanReceiveBuffersKeepTheirGaps
        return CollectiveArbitraries.sizesAndRoots(MAX_SIZE).flatMap(sr -> Combinators.combine(
                CollectiveArbitraries.datatypes().filter(t -> t != Datatype.BOOLEAN),
                CollectiveArbitraries.vcounts(sr.size(), 4).list().ofSize(sr.size())).flatAs((t, rows) -> {
                    int[][] counts = rows.toArray(new int[0][]);
                    int longest = Arrays.stream(counts).mapToInt(r -> Arrays.stream(r).sum()).max().orElse(0);
                    return CollectiveArbitraries.buffersPerRank(t, Math.max(longest, 4), sr.size(), null)
                            .map(d -> new VCase(sr.size(), sr.root(), t, counts, d));
                }));
    }

    /**
     * MPI-4.1 §6.9–§6.11: every reduction equals the reference fold (or prefix, or block of it) of
     * the generated operands.
     *
     * @param c the generated case
     * @param kind which reduction
     * @param inPlace whether ranks pass {@code IN_PLACE} (the root only, for reduce)
     */
    @Property(tries = 60)
    public void reductionsMatchTheReference(@ForAll("reductions") ReductionCase c, @ForAll Reduction kind, @ForAll boolean inPlace) {
        int n = c.size();
        int count = kind == Reduction.REDUCE_SCATTER_BLOCK ? c.count() / n * n : c.count();
        List<Object> ops = c.operands().stream().map(o -> partOf(o, 0, count)).toList();
        runner().run(n, OPTIONS, world -> {
            int me = world.rank();
            Object mine = CollectiveReference.copy(ops.get(me));
            String what = kind + (inPlace ? " IN_PLACE" : "") + " of " + c + " on rank " + me;
            switch (kind) {
                case REDUCE -> {
                    if (me != c.root()) {
                        world.reduce(bufOf(mine), null, c.op(), c.root());
                        return null;
                    }
                    Object init = inPlace ? mine : sentinels(c.datatype(), count);
                    Buf recv = bufOf(init);
                    world.reduce(inPlace ? Buf.IN_PLACE : bufOf(mine), recv, c.op(), c.root());
                    assertSameContents(CollectiveReference.fold(ops, c.op()), contents(recv, init), what);
                }
                case ALLREDUCE, SCAN, EXSCAN -> {
                    Object init = inPlace ? mine : sentinels(c.datatype(), count);
                    Buf recv = bufOf(init);
                    Buf send = inPlace ? Buf.IN_PLACE : bufOf(mine);
                    Object expected;
                    if (kind == Reduction.ALLREDUCE) {
                        world.allreduce(send, recv, c.op());
                        expected = CollectiveReference.fold(ops, c.op());
                    } else if (kind == Reduction.SCAN) {
                        world.scan(send, recv, c.op());
                        expected = CollectiveReference.scan(ops, c.op()).get(me);
                    } else {
                        world.exscan(send, recv, c.op());
                        expected = me == 0 ? init : CollectiveReference.exscan(ops, c.op()).get(me);
                    }
                    assertSameContents(expected, contents(recv, init), what);
                }
                case REDUCE_SCATTER_BLOCK -> {
                    int block = count / n;
                    Object expected = CollectiveReference.reduceScatterBlock(ops, c.op()).get(me);
                    if (inPlace) {
                        Buf buf = bufOf(mine);
                        world.reduceScatterBlock(Buf.IN_PLACE, buf, c.op());
                        assertSameContents(expected, partOf(contents(buf, mine), 0, block), what);
                    } else {
                        Object init = sentinels(c.datatype(), block);
                        Buf recv = bufOf(init);
                        world.reduceScatterBlock(bufOf(mine), recv, c.op());
                        assertSameContents(expected, contents(recv, init), what);
                    }
                }
                default -> throw new AssertionError(kind);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.4–§6.8: bcast, gather, scatter, allgather and alltoall deliver what the reference
     * computes, for every datatype, root and block size (empty included).
     *
     * @param c the generated case
     * @param kind which collective
     */
    @Property(tries = 50)
    public void dataMovementMatchesTheReference(@ForAll("movements") MovementCase c, @ForAll Movement kind) {
        int n = c.size();
        int root = c.root();
        int block = c.block();
        Datatype t = c.datatype();
        runner().run(n, OPTIONS, world -> {
            int me = world.rank();
            Object mine = CollectiveReference.copy(c.data().get(me));
            String what = kind + " of " + c + " on rank " + me;
            switch (kind) {
                case BCAST -> {
                    List<Object> blocks = c.data().stream().map(o -> partOf(o, 0, block)).toList();
                    Object init = me == root ? CollectiveReference.copy(blocks.get(me)) : sentinels(t, block);
                    Buf buf = bufOf(init);
                    world.bcast(buf, root);
                    assertSameContents(CollectiveReference.bcast(blocks, root).get(me), contents(buf, init), what);
                }
                case GATHER, ALLGATHER -> {
                    List<Object> blocks = c.data().stream().map(o -> partOf(o, 0, block)).toList();
                    Object init = sentinels(t, block * n);
                    Buf recv = bufOf(init);
                    if (kind == Movement.GATHER) {
                        world.gather(bufOf(blocks.get(me)), me == root ? recv : null, root);
                        if (me == root) {
                            assertSameContents(CollectiveReference.gather(blocks, root).get(root), contents(recv, init), what);
                        }
                    } else {
                        world.allgather(bufOf(blocks.get(me)), recv);
                        assertSameContents(CollectiveReference.allgather(blocks).get(me), contents(recv, init), what);
                    }
                }
                case SCATTER -> {
                    Object init = sentinels(t, block);
                    Buf recv = bufOf(init);
                    world.scatter(me == root ? bufOf(mine) : null, recv, root);
                    assertSameContents(CollectiveReference.scatter(c.data().get(root), n).get(me), contents(recv, init), what);
                }
                case ALLTOALL -> {
                    Object init = sentinels(t, block * n);
                    Buf recv = bufOf(init);
                    world.alltoall(bufOf(mine), recv);
                    assertSameContents(CollectiveReference.alltoall(c.data()).get(me), contents(recv, init), what);
                }
                default -> throw new AssertionError(kind);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.5–§6.8: gatherv, scatterv, allgatherv and alltoallv with random uneven counts
     * (empty blocks included) and blocks laid out in reverse rank order deliver what the reference
     * computes, and leave the gaps between blocks untouched.
     *
     * @param c the generated case
     * @param kind which collective
     */
    @Property(tries = 50)
    public void vCollectivesMatchTheReference(@ForAll("vcases") VCase c, @ForAll VCollective kind) {
        int n = c.size();
        int root = c.root();
        Datatype t = c.datatype();
        int[][] counts = c.counts();
        runner().run(n, OPTIONS, world -> {
            int me = world.rank();
            String what = kind + " of " + c + " on rank " + me;
            int[] rootRow = counts[root];
            switch (kind) {
                case GATHERV, ALLGATHERV -> {
                    // rank i contributes rootRow[i] elements
                    int[] displs = reversedGappedDispls(rootRow);
                    List<Object> blocks = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        blocks.add(partOf(c.data().get(i), 0, rootRow[i]));
                    }
                    Object init = sentinels(t, extentOf(rootRow, displs));
                    Buf recv = bufOf(init);
                    Object expected = CollectiveReference.gatherv(blocks, init, displs, 0).getFirst();
                    if (kind == VCollective.GATHERV) {
                        world.gatherv(bufOf(blocks.get(me)), me == root ? VBuf.of(recv, rootRow, displs) : null, root);
                        if (me != root) {
                            return null;
                        }
                    } else {
                        world.allgatherv(bufOf(blocks.get(me)), VBuf.of(recv, rootRow, displs));
                    }
                    assertSameContents(expected, contents(recv, init), what);
                }
                case SCATTERV -> {
                    int[] displs = reversedGappedDispls(rootRow);
                    Object rootData = sentinels(t, extentOf(rootRow, displs));
                    for (int i = 0; i < n; i++) {
                        rootData = withBlock(rootData, displs[i], partOf(c.data().get(i), 0, rootRow[i]));
                    }
                    Object init = sentinels(t, rootRow[me]);
                    Buf recv = bufOf(init);
                    world.scatterv(me == root ? VBuf.of(bufOf(rootData), rootRow, displs) : null, recv, root);
                    assertSameContents(CollectiveReference.scatterv(rootData, rootRow, displs).get(me), contents(recv, init), what);
                }
                case ALLTOALLV -> {
                    int[][] sendDispls = new int[n][];
                    int[][] recvCounts = new int[n][n];
                    int[][] recvDispls = new int[n][];
                    List<Object> sends = new ArrayList<>();
                    List<Object> recvs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            recvCounts[j][i] = counts[i][j];
                        }
                    }
                    for (int r = 0; r < n; r++) {
                        sendDispls[r] = new int[n];
                        int at = 0;
                        for (int j = 0; j < n; j++) {
                            sendDispls[r][j] = at;
                            at += counts[r][j];
                        }
                        recvDispls[r] = reversedGappedDispls(recvCounts[r]);
                        sends.add(c.data().get(r));
                        recvs.add(sentinels(t, extentOf(recvCounts[r], recvDispls[r])));
                    }
                    Object expected = CollectiveReference.alltoallv(sends, counts, sendDispls, recvs, recvDispls).get(me);
                    Object init = recvs.get(me);
                    Buf recv = bufOf(init);
                    world.alltoallv(VBuf.of(bufOf(CollectiveReference.copy(sends.get(me))), counts[me], sendDispls[me]),
                            VBuf.of(recv, recvCounts[me], recvDispls[me]));
                    assertSameContents(expected, contents(recv, init), what);
                }
                default -> throw new AssertionError(kind);
            }
            return null;
        });
    }

    /**
     * The one-line property of DESIGN §7: allreduce on N ranks equals the fold of the inputs.
     *
     * @param c the generated case
     */
    @Property(tries = 40)
    public void allreduceIsTheFoldOfTheInputs(@ForAll("reductions") ReductionCase c) {
        Object expected = CollectiveReference.fold(c.operands(), c.op());
        runner().run(c.size(), OPTIONS, world -> {
            Buf recv = bufOf(sentinels(c.datatype(), c.count()));
            world.allreduce(bufOf(CollectiveReference.copy(c.operands().get(world.rank()))), recv, c.op());
            assertSameContents(expected, contents(recv, expected), "allreduce of " + c + " on rank " + world.rank());
            return null;
        });
    }
}
