package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comparison;
import io.mpi4j.ErrorClass;
import io.mpi4j.Group;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of intercommunicators (MPI-4.1 §7.6): {@code MPI_Intercomm_create} from a split of
 * the world into two groups of various sizes (one-rank groups included), the local and remote
 * size and group, point-to-point traffic across in both directions (wildcards included),
 * {@code MPI_Intercomm_merge} with its ordering rules, {@code MPI_Comm_dup},
 * {@code MPI_Comm_split} and {@code MPI_Comm_create} of an intercommunicator, and the
 * intercommunicator forms of the collectives (MPI-4.1 §6.2.2) with their {@code ROOT} and
 * {@code PROC_NULL} root arguments, each checked against a sequential model; erroneous roots and
 * overlapping groups raise their error classes.
 *
 * <p>Every case builds its intercommunicators from {@link #patterns}: for each world rank, which of
 * the two groups it joins and its key there, so that local ranks differ from world order in some
 * patterns.
 */
public abstract class IntercommTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected IntercommTck() {
    }

    /**
     * A way to cut the world into two non-empty groups.
     *
     * @param name for failure messages
     * @param colors every world rank's group, 0 (group A) or 1 (group B)
     * @param keys every world rank's key within its group
     */
    public record Pattern(String name, int[] colors, int[] keys) {
        /**
         * Returns the world ranks of one group, in its local rank order.
         *
         * @param color 0 or 1
         * @return the members
         */
        public int[] members(int color) {
            int any = IntStream.range(0, colors.length).filter(r -> colors[r] == color).findFirst().orElseThrow();
            return splitModel(colors, keys, any);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The ways the cases cut a world of {@code n >= 2} ranks: a one-rank group A (rank 0), a
     * one-rank group A holding the last rank, two halves, and the even and odd ranks with the odd
     * ones in descending order.
     *
     * @param n the world size, at least 2
     * @return the patterns
     */
    public static List<Pattern> patterns(int n) {
        List<Pattern> out = new ArrayList<>();
        out.add(new Pattern("first alone", IntStream.range(0, n).map(r -> r == 0 ? 0 : 1).toArray(), identity(n)));
        out.add(new Pattern("last alone", IntStream.range(0, n).map(r -> r == n - 1 ? 0 : 1).toArray(), identity(n)));
        if (n >= 3) {
            out.add(new Pattern("halves", IntStream.range(0, n).map(r -> r < n / 2 ? 0 : 1).toArray(), identity(n)));
            out.add(new Pattern("even/odd, odd descending", IntStream.range(0, n).map(r -> r % 2).toArray(),
                    IntStream.range(0, n).map(r -> r % 2 == 0 ? r : -r).toArray()));
        }
        return out;
    }

    /**
     * An intercommunicator of a pattern as seen from one rank, with the model of its groups.
     *
     * @param inter the intercommunicator
     * @param local the local group's intracommunicator (the split of the world)
     * @param color this rank's group
     * @param localWorld the world ranks of the local group, in local rank order
     * @param remoteWorld the world ranks of the remote group, in remote rank order
     */
    public record Bridge(Intercomm inter, Intracomm local, int color, int[] localWorld, int[] remoteWorld) implements AutoCloseable {
        @Override
        public void close() {
            inter.close();
            local.close();
        }
    }

    /**
     * Splits the world by the pattern and creates the intercommunicator between the two groups
     * (MPI_Intercomm_create with local leader 0 and the world as peer communicator).
     *
     * @param world the world communicator
     * @param p the pattern
     * @param tag the leaders' tag
     * @return the bridge, to be closed by the caller
     */
    public static Bridge bridge(Intracomm world, Pattern p, int tag) {
        int me = world.rank();
        int color = p.colors()[me];
        Intracomm local = world.split(color, p.keys()[me]).orElseThrow();
        int[] mine = p.members(color);
        int[] theirs = p.members(1 - color);
        Intercomm inter = local.createIntercomm(0, world, theirs[0], tag);
        return new Bridge(inter, local, color, mine, theirs);
    }

    /**
     * MPI-4.1 §7.6.2 (MPI_Intercomm_create, MPI_Comm_remote_size, MPI_Comm_remote_group,
     * MPI_Comm_test_inter): the intercommunicator's size, rank and group are the local group's,
     * its remote size and group the other group's, in the other group's rank order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void localAndRemoteGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 5)) {
                    Intercomm ic = b.inter();
                    String what = p + " on world rank " + me;
                    assertEquals(b.localWorld().length, ic.size(), what);
                    assertEquals(indexOf(b.localWorld(), me), ic.rank(), what);
                    assertEquals(b.remoteWorld().length, ic.remoteSize(), what);
                    Group remote = ic.remoteGroup();
                    assertEquals(b.remoteWorld().length, remote.size(), what);
                    assertEquals(Mpi.UNDEFINED, remote.rank(), () -> "the caller is not in the remote group: " + what);
                    assertArrayEquals(b.remoteWorld(), Group.translateRanks(remote, identity(remote.size()), world.group()), what);
                    Group local = ic.group();
                    assertArrayEquals(b.localWorld(), Group.translateRanks(local, identity(local.size()), world.group()), what);
                    assertEquals(Comparison.IDENT, local.compare(b.local().group()), what);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.6.1: point-to-point ranks on an intercommunicator name processes of the remote
     * group, in both directions; {@code ANY_SOURCE} matches any remote process and the status
     * names the sender's rank in the remote group.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void pointToPointAcrossBothWays(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 6)) {
                    Intercomm ic = b.inter();
                    int rs = ic.remoteSize();
                    String what = p + " on world rank " + me;
                    // every process sends its world rank to every remote process, with a tag naming its group
                    List<Request<Status>> sends = new ArrayList<>();
                    for (int j = 0; j < rs; j++) {
                        sends.add(ic.isend(new int[] {me, j}, j, 10 + b.color()));
                    }
                    // specific sources in reverse order, any tag (the first message from each source is this one)
                    for (int j = rs - 1; j >= 0; j--) {
                        int[] got = new int[2];
                        Status s = ic.recv(got, j, Mpi.ANY_TAG);
                        assertEnvelope(s, j, 11 - b.color(), 2);
                        assertArrayEquals(new int[] {b.remoteWorld()[j], ic.rank()}, got, what);
                    }
                    Request.waitAll(sends);
                    // a second round received with ANY_SOURCE
                    for (int j = 0; j < rs; j++) {
                        ic.send(new int[] {me, j}, j, 20 + b.color());
                    }
                    boolean[] seen = new boolean[rs];
                    for (int k = 0; k < rs; k++) {
                        int[] got = new int[2];
                        Status s = ic.recv(got, Mpi.ANY_SOURCE, 21 - b.color());
                        assertTrue(s.source() >= 0 && s.source() < rs, what);
                        assertEquals(21 - b.color(), s.tag(), what);
                        assertArrayEquals(new int[] {b.remoteWorld()[s.source()], ic.rank()}, got, what);
                        assertTrue(!seen[s.source()], () -> "one message per remote rank: " + what);
                        seen[s.source()] = true;
                    }
                    // sendrecv across: local rank i pairs with remote rank i while both exist
                    int[] got = {-1};
                    if (ic.rank() < rs) {
                        Status s = ic.sendrecv(Buf.of(new int[] {me}), ic.rank(), 30, Buf.of(got), ic.rank(), 30);
                        assertEnvelope(s, ic.rank(), 30, 1);
                        assertEquals(b.remoteWorld()[ic.rank()], got[0], what);
                    }
                    // PROC_NULL across: completes at once
                    Status none = ic.recv(got, Mpi.PROC_NULL, 0);
                    assertEquals(Mpi.PROC_NULL, none.source());
                    ic.send(new int[1], Mpi.PROC_NULL, 0);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.6.2 (MPI_Intercomm_merge): the group passing {@code high = false} comes first in
     * the merged intracommunicator, each group in its local order; when both groups pass the same
     * value the order of the groups is up to the implementation, but every process agrees on it.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void mergeOrdersTheGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 7)) {
                    int[] a = p.members(0);
                    int[] bb = p.members(1);
                    int[] aFirst = concat(a, bb);
                    int[] bFirst = concat(bb, a);
                    for (int variant = 0; variant < 4; variant++) {
                        boolean highA = variant == 1 || variant == 3;
                        boolean highB = variant == 0 || variant == 3;
                        boolean high = b.color() == 0 ? highA : highB;
                        try (Intracomm merged = b.inter().merge(high)) {
                            int[] order = worldRanksOf(merged, world);
                            String what = p + ", high A=" + highA + ", high B=" + highB;
                            if (highA != highB) {
                                assertArrayEquals(highA ? bFirst : aFirst, order, what);
                            } else {
                                assertTrue(Arrays.equals(order, aFirst) || Arrays.equals(order, bFirst),
                                        () -> what + ": each group in its local order, one after the other: " + Arrays.toString(order));
                            }
                            assertMembers(merged, world, order, "merge with " + what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.6.1 (MPI_Comm_compare on intercommunicators): an intercommunicator and an
     * intracommunicator are UNEQUAL, even over the same local group; two intercommunicators are
     * SIMILAR when their local and remote groups have the same members but either in another
     * order, as when one group is reversed (then on every rank, whichever side it is on).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {4, 5})
    public void compareLooksAtBothGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int r = world.rank();
            boolean odd = r % 2 == 1;
            try (Intracomm half = world.split(r % 2, 0).orElseThrow();
                    Intracomm oddReversed = world.split(r % 2, odd ? -r : r).orElseThrow();
                    Intercomm a = half.createIntercomm(0, world, odd ? 0 : 1, 1);
                    Intercomm b = oddReversed.createIntercomm(0, world, odd ? 0 : world.size() - (world.size() % 2 == 0 ? 1 : 2), 2)) {
                assertEquals(Comparison.UNEQUAL, a.compare(half), "inter against intra");
                assertEquals(Comparison.UNEQUAL, half.compare(a), "intra against inter");
                assertEquals(Comparison.SIMILAR, a.compare(b), "one group reversed");
                try (Intercomm same = a.dup()) {
                    assertEquals(Comparison.CONGRUENT, a.compare(same));
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 and §7.6.2 (MPI_Comm_dup on an intercommunicator): the duplicate has the same
     * local and remote groups and a new context: a message sent on one is not received on the
     * other.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7})
    public void dupHasTheSameGroupsAndAnOwnContext(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 8); Intercomm dup = b.inter().dup()) {
                    Intercomm ic = b.inter();
                    assertEquals(ic.size(), dup.size());
                    assertEquals(ic.rank(), dup.rank());
                    assertEquals(ic.remoteSize(), dup.remoteSize());
                    assertEquals(Comparison.IDENT, ic.remoteGroup().compare(dup.remoteGroup()));
                    assertEquals(Comparison.CONGRUENT, ic.compare(dup));
                    // local rank 0 of each group sends on the original first, then on the duplicate; the
                    // receiver takes the duplicate's message first
                    if (ic.rank() == 0) {
                        ic.send(new int[] {1000 + me}, 0, 3);
                        dup.send(new int[] {2000 + me}, 0, 3);
                        int[] fromDup = new int[1];
                        dup.recv(fromDup, 0, 3);
                        int[] fromOriginal = new int[1];
                        ic.recv(fromOriginal, Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                        assertEquals(2000 + b.remoteWorld()[0], fromDup[0]);
                        assertEquals(1000 + b.remoteWorld()[0], fromOriginal[0]);
                    }
                    int[] sum = new int[1];
                    dup.allreduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM);
                    assertEquals(IntStream.of(b.remoteWorld()).sum(), sum[0]);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_split and MPI_Comm_create on an intercommunicator): a split joins,
     * per color, the processes of each group that chose it, each side ordered by key and then by
     * rank; a color that only one group chose, and {@code UNDEFINED}, give no communicator. A
     * create joins each group's subgroup (here its first half); processes outside it get none, and
     * a group with a process from the other side is refused with ERR_GROUP. The new
     * intercommunicators carry collectives between exactly those processes.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void splitAndCreateJoinThePartsOfBothGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            java.util.function.IntUnaryOperator colorOf = r -> r == 5 ? Mpi.UNDEFINED : r % 2;
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 12)) {
                    Intercomm ic = b.inter();
                    String what = p + " on world rank " + me;
                    int color = colorOf.applyAsInt(me);
                    // keys descending by world rank, so that the parts' order differs from the groups'
                    java.util.Optional<Intercomm> part = ic.split(color, -me);
                    int[] localPart = partModel(b.localWorld(), colorOf, color);
                    int[] remotePart = partModel(b.remoteWorld(), colorOf, color);
                    if (color == Mpi.UNDEFINED || remotePart.length == 0) {
                        assertTrue(part.isEmpty(), () -> "no part: " + what);
                    } else {
                        try (Intercomm x = part.orElseThrow()) {
                            assertJoins(x, localPart, remotePart, world, "split " + what);
                        }
                    }

                    int keep = (ic.size() + 1) / 2;
                    java.util.Optional<Intercomm> created = ic.create(ic.group().incl(identity(keep)));
                    if (ic.rank() >= keep) {
                        assertTrue(created.isEmpty(), () -> "outside the subgroup: " + what);
                    } else {
                        try (Intercomm x = created.orElseThrow()) {
                            assertJoins(x, Arrays.copyOf(b.localWorld(), keep), Arrays.copyOf(b.remoteWorld(), (ic.remoteSize() + 1) / 2),
                                    world, "create " + what);
                        }
                    }
                    io.mpi4j.MpiException e = org.junit.jupiter.api.Assertions.assertThrows(io.mpi4j.MpiException.class,
                            () -> ic.create(ic.remoteGroup()));
                    assertEquals(ErrorClass.ERR_GROUP, e.errorClass(), what);
                }
            }
            return null;
        });
    }

    /** The world ranks of a group's processes of one color, ordered by key (minus the world rank), then by rank in the group. */
    private static int[] partModel(int[] groupWorld, java.util.function.IntUnaryOperator colorOf, int color) {
        if (color == Mpi.UNDEFINED) {
            return new int[0];
        }
        return IntStream.of(groupWorld).filter(r -> colorOf.applyAsInt(r) == color).boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(r -> -r).thenComparingInt(r -> indexOf(groupWorld, r)))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Checks an intercommunicator's groups against the model, and that an allreduce crosses between exactly them. */
    private static void assertJoins(Intercomm x, int[] local, int[] remote, Intracomm world, String what) {
        assertArrayEquals(local, Group.translateRanks(x.group(), identity(x.size()), world.group()), "local group, " + what);
        assertArrayEquals(remote, Group.translateRanks(x.remoteGroup(), identity(x.remoteSize()), world.group()), "remote group, " + what);
        int[] sum = new int[1];
        x.allreduce(Buf.of(new int[] {world.rank()}), Buf.of(sum), Op.SUM);
        assertEquals(IntStream.of(remote).sum(), sum[0], "allreduce across, " + what);
    }

    /**
     * MPI-4.1 §6.2.2, §6.4, §6.5, §6.6, §6.9.1 (MPI_Bcast, MPI_Gather, MPI_Scatter, MPI_Reduce on
     * an intercommunicator): for a root in either group, the root passes {@code ROOT}, the rest of
     * its group {@code PROC_NULL} (whose buffers stay untouched) and the other group the root's
     * rank; the root receives from, or sends to, every process of the other group as the
     * sequential model says; the reduction is in the senders' rank order (checked with a
     * non-commutative operation).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void rootedCollectivesWithRootAndProcNull(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            Op first = Op.ofInts((x, y) -> x, false);
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 9)) {
                    Intercomm ic = b.inter();
                    for (int rootColor = 0; rootColor < 2; rootColor++) {
                        int[] rootGroup = p.members(rootColor);
                        int[] other = p.members(1 - rootColor);
                        for (int rootRank : rootGroup.length == 1 ? new int[] {0} : new int[] {0, rootGroup.length - 1}) {
                            int rootWorld = rootGroup[rootRank];
                            boolean inRootGroup = b.color() == rootColor;
                            boolean isRoot = me == rootWorld;
                            int root = inRootGroup ? (isRoot ? Mpi.ROOT : Mpi.PROC_NULL) : rootRank;
                            String what = p + ", root world rank " + rootWorld + ", on world rank " + me;
                            int n = other.length;
                            // bcast
                            int[] data = isRoot ? new int[] {rootWorld, 7, -3} : new int[] {-1, -1, -1};
                            ic.bcast(Buf.of(data), root);
                            assertArrayEquals(inRootGroup && !isRoot ? new int[] {-1, -1, -1} : new int[] {rootWorld, 7, -3}, data,
                                    "bcast: " + what);
                            // gather
                            int[] gathered = filled(2 * n, -1);
                            ic.gather(Buf.of(new int[] {me * 10, me * 10 + 1}), Buf.of(gathered), root);
                            int[] expectGather = isRoot ? IntStream.range(0, 2 * n).map(i -> other[i / 2] * 10 + i % 2).toArray() : filled(2 * n, -1);
                            assertArrayEquals(expectGather, gathered, "gather: " + what);
                            // scatter: block j of the root goes to remote rank j
                            int[] blocks = isRoot ? IntStream.range(0, 2 * n).map(i -> rootWorld * 1000 + i).toArray() : filled(2 * n, -5);
                            int[] piece = {-1, -1};
                            ic.scatter(Buf.of(blocks), Buf.of(piece), root);
                            int lr = ic.rank();
                            assertArrayEquals(inRootGroup ? new int[] {-1, -1} : new int[] {rootWorld * 1000 + 2 * lr, rootWorld * 1000 + 2 * lr + 1},
                                    piece, "scatter: " + what);
                            // reduce: SUM and the non-commutative 'first'
                            int[] sum = {-1, -1};
                            ic.reduce(Buf.of(new int[] {me, 1}), Buf.of(sum), Op.SUM, root);
                            assertArrayEquals(isRoot ? new int[] {IntStream.of(other).sum(), n} : new int[] {-1, -1}, sum, "reduce SUM: " + what);
                            int[] firstOne = {-1};
                            ic.reduce(Buf.of(new int[] {me}), Buf.of(firstOne), first, root);
                            assertEquals(isRoot ? other[0] : -1, firstOne[0], "reduce in rank order: " + what);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.2.2, §6.3, §6.7, §6.8, §6.9.6 (MPI_Barrier, MPI_Allgather, MPI_Alltoall,
     * MPI_Allreduce on an intercommunicator): each group receives what the other group
     * contributed: the blocks of every remote process in remote rank order, block {@code i} of
     * remote rank {@code j}'s send buffer where {@code i} is the receiver's rank, or the reduction of
     * the remote group's operands in their rank order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void allToAllCollectivesExchangeBetweenTheGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            Op first = Op.ofInts((x, y) -> x, false);
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 11)) {
                    Intercomm ic = b.inter();
                    int[] remote = b.remoteWorld();
                    int n = remote.length;
                    int lr = ic.rank();
                    String what = p + " on world rank " + me;
                    ic.barrier();
                    int[] all = filled(2 * n, -1);
                    ic.allgather(Buf.of(new int[] {me, -me}), Buf.of(all));
                    assertArrayEquals(IntStream.range(0, 2 * n).map(i -> i % 2 == 0 ? remote[i / 2] : -remote[i / 2]).toArray(), all,
                            "allgather: " + what);
                    int[] out = IntStream.range(0, n).map(j -> me * 100 + j).toArray();
                    int[] in = filled(n, -1);
                    ic.alltoall(Buf.of(out), Buf.of(in));
                    assertArrayEquals(IntStream.range(0, n).map(j -> remote[j] * 100 + lr).toArray(), in, "alltoall: " + what);
                    int[] sum = {-1, -1};
                    ic.allreduce(Buf.of(new int[] {me, 1}), Buf.of(sum), Op.SUM);
                    assertArrayEquals(new int[] {IntStream.of(remote).sum(), n}, sum, "allreduce: " + what);
                    int[] firstOne = {-1};
                    ic.allreduce(Buf.of(new int[] {me}), Buf.of(firstOne), first);
                    assertEquals(remote[0], firstOne[0], "allreduce in rank order: " + what);
                    ic.barrier();
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.2.2 and §9.4: a root that is neither {@code ROOT}, {@code PROC_NULL} nor a rank of
     * the remote group raises ERR_ROOT in every rooted collective, and the intercommunicator
     * stays usable afterwards.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void invalidRootsRaiseErrRoot(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Pattern p : patterns(world.size())) {
                try (Bridge b = bridge(world, p, 12)) {
                    Intercomm ic = b.inter();
                    int rs = ic.remoteSize();
                    int[] buf = new int[rs];
                    for (int bad : new int[] {rs, rs + 3, -3, -7, Integer.MIN_VALUE}) {
                        assertMpiError(ErrorClass.ERR_ROOT, () -> ic.bcast(Buf.of(buf), bad));
                        assertMpiError(ErrorClass.ERR_ROOT, () -> ic.gather(Buf.of(new int[1]), Buf.of(buf), bad));
                        assertMpiError(ErrorClass.ERR_ROOT, () -> ic.scatter(Buf.of(buf), Buf.of(new int[1]), bad));
                        assertMpiError(ErrorClass.ERR_ROOT, () -> ic.reduce(Buf.of(new int[1]), Buf.of(new int[1]), Op.SUM, bad));
                    }
                    int[] sum = new int[1];
                    ic.allreduce(Buf.of(new int[] {1}), Buf.of(sum), Op.SUM);
                    assertEquals(rs, sum[0], "the intercommunicator works after the errors");
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.6.2: the groups of an intercommunicator must be disjoint; creating one between a
     * group and itself (the leader its own remote leader) raises ERR_GROUP on every process, and
     * an invalid local leader raises ERR_RANK and an invalid tag ERR_TAG.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void overlappingGroupsAndInvalidLeadersRaiseErrors(int ranks) {
        run(ranks, OPTIONS, world -> {
            try (Intracomm copy = world.dup()) {
                assertMpiError(ErrorClass.ERR_GROUP, () -> copy.createIntercomm(0, world, 0, 13));
                assertMpiError(ErrorClass.ERR_RANK, () -> copy.createIntercomm(copy.size(), world, 0, 13));
                assertMpiError(ErrorClass.ERR_RANK, () -> copy.createIntercomm(-1, world, 0, 13));
                assertMpiError(ErrorClass.ERR_TAG, () -> copy.createIntercomm(0, world, 0, -1));
                AbstractCollectiveTck.assertCollectiveWorks(copy);
                assertRingExchangeWorks(world, 14);
            }
            return null;
        });
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
