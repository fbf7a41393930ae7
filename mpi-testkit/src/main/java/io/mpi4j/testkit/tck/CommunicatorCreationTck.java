package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Comparison;
import io.mpi4j.ErrorClass;
import io.mpi4j.Group;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.SplitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the intracommunicator constructors (MPI-4.1 §7.4.2): {@code dup} and
 * {@code idup}, {@code split} (colors, keys, {@code UNDEFINED}), {@code splitType},
 * {@code create} and {@code createGroup}, including nested splits and the creation of
 * communicators by disjoint subsets of ranks at the same time, whose contexts a provider must keep
 * apart. Every new communicator is checked against a sequential model: its size, the caller's
 * rank, its group, and point-to-point and collective traffic among exactly its members.
 */
public abstract class CommunicatorCreationTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected CommunicatorCreationTck() {
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_dup, MPI_Comm_idup): the duplicate has the same group in the same
     * order and a new context (CONGRUENT); several {@code idup}s may be outstanding and complete in
     * any order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void dupAndIdup(int ranks) {
        run(ranks, OPTIONS, world -> {
            int[] all = identity(world.size());
            try (Intracomm dup = world.dup()) {
                assertEquals(Comparison.CONGRUENT, world.compare(dup));
                assertMembers(dup, world, all, "dup");
                try (Intracomm dupOfDup = dup.dup()) {
                    assertEquals(Comparison.CONGRUENT, dup.compare(dupOfDup));
                    assertMembers(dupOfDup, world, all, "dup of a dup");
                }
            }
            Request<Intracomm> first = world.idup();
            Request<Intracomm> second = world.idup();
            try (Intracomm b = second.await(); Intracomm a = first.await()) {
                assertEquals(Comparison.CONGRUENT, a.compare(b));
                assertEquals(Comparison.CONGRUENT, world.compare(a));
                assertMembers(a, world, all, "first idup");
                assertMembers(b, world, all, "second idup");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.2.4 and §7.4.2: every process's MPI_COMM_SELF is its own communicator, and so are
     * its duplicates and splits, made by every rank at once many times over; a message a rank
     * sends itself on SELF is not seen on a duplicate of the world. ({@code sim} gave every rank's
     * SELF one context, so a rank's dup of SELF could take another rank's group, and the first
     * communicator derived in the job shared that context; found by an independent check.)
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void everyRanksSelfAndWhatItDerivesStayItsOwn(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            Intracomm self = world.mpi().self();
            try (Intracomm dupOfWorld = world.dup()) {
                for (int round = 0; round < 30; round++) {
                    try (Intracomm dup = self.dup(); Intracomm split = self.split(0, 0).orElseThrow()) {
                        assertEquals(Comparison.CONGRUENT, self.compare(dup), "SELF against its duplicate, round " + round);
                        assertMembers(dup, world, new int[] {me}, "dup of SELF, round " + round);
                        assertMembers(split, world, new int[] {me}, "split of SELF, round " + round);
                    }
                }
                Request<io.mpi4j.Status> sent = self.isend(io.mpi4j.Buf.of(new int[] {me + 40}), 0, 6);
                assertTrue(dupOfWorld.iprobe(Mpi.ANY_SOURCE, 6).isEmpty(), "a message on SELF is seen on a duplicate of the world");
                int[] got = new int[1];
                self.recv(io.mpi4j.Buf.of(got), 0, 6);
                sent.await();
                assertEquals(me + 40, got[0], "message to itself on SELF");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_split): with scattered, large colors, negative and tied keys and
     * some {@code UNDEFINED} colors, each rank gets the communicator of its color ordered by key
     * and then by parent rank, and ranks with {@code UNDEFINED} get none.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void splitByColorAndKey(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            for (int pattern = 0; pattern < 4; pattern++) {
                int[] colors = new int[n];
                int[] keys = new int[n];
                for (int r = 0; r < n; r++) {
                    int h = mix(r, pattern);
                    colors[r] = Math.floorMod(h, 5) == 4 ? Mpi.UNDEFINED : Math.floorMod(h >> 3, 3) * 1_000_003;
                    keys[r] = Math.floorMod(h >> 7, 5) - 2;
                }
                Optional<Intracomm> part = world.split(colors[me], keys[me]);
                assertEquals(colors[me] != Mpi.UNDEFINED, part.isPresent(), "a communicator exactly for defined colors");
                if (part.isPresent()) {
                    try (Intracomm c = part.get()) {
                        assertMembers(c, world, splitModel(colors, keys, me), "split pattern " + pattern);
                    }
                }
            }
            Optional<Intracomm> none = world.split(Mpi.UNDEFINED, me);
            assertTrue(none.isEmpty(), "UNDEFINED everywhere gives no communicator");
            try (Intracomm down = world.split(0, -me).orElseThrow()) {
                assertMembers(down, world, reversed(n), "split with descending keys");
            }
            try (Intracomm same = world.split(7, 0).orElseThrow()) {
                assertEquals(Comparison.CONGRUENT, world.compare(same), "equal keys keep the parent's order");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2: splits of splits, several levels deep, made by sibling communicators at the
     * same time, each match the model composed through the levels, and the communicators of all
     * levels stay usable while their descendants exist.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void nestedSplitsOfSplits(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            for (int round = 0; round < 5; round++) {
                List<Intracomm> chain = new ArrayList<>();
                Intracomm parent = world;
                int[] parentWorld = identity(world.size());
                for (int level = 0; level < 3 && parent.size() > 0; level++) {
                    int n = parent.size();
                    int[] colors = new int[n];
                    int[] keys = new int[n];
                    for (int r = 0; r < n; r++) {
                        colors[r] = (r + level + round) % 2;
                        keys[r] = (level + round) % 2 == 0 ? -r : r % 3;
                    }
                    int pr = parent.rank();
                    Intracomm child = parent.split(colors[pr], keys[pr]).orElseThrow();
                    int[] childWorld = through(splitModel(colors, keys, pr), parentWorld);
                    assertMembers(child, world, childWorld, "round " + round + ", level " + level);
                    chain.add(child);
                    parent = child;
                    parentWorld = childWorld;
                }
                // every ancestor still works while its descendants exist, and in any order of use
                for (Intracomm c : chain.reversed()) {
                    assertMembers(c, world, worldRanksOf(c, world), "ancestor after nesting, round " + round);
                }
                for (Intracomm c : chain) {
                    c.close();
                }
                AbstractCollectiveTck.assertCollectiveWorks(world);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.12 and §7.4.2: communicator creation is collective and may be called while
     * nonblocking collectives on the parent are pending (all ranks in the same order); the pending
     * operations complete with their results and the new communicators work.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void creationWhileNonblockingCollectivesArePending(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] sum = new int[1];
            int[] max = new int[1];
            Request<io.mpi4j.Status> barrier = world.ibarrier();
            Request<io.mpi4j.Status> reduce = world.iallreduce(io.mpi4j.Buf.of(new int[] {me}), io.mpi4j.Buf.of(sum), io.mpi4j.Op.SUM);
            Intracomm dup = world.dup();
            Request<io.mpi4j.Status> onDup = dup.iallreduce(io.mpi4j.Buf.of(new int[] {me}), io.mpi4j.Buf.of(max), io.mpi4j.Op.MAX);
            Intracomm split = world.split(me % 2, -me).orElseThrow();
            Request<Intracomm> idup = world.idup();
            Intracomm created = world.create(world.group()).orElseThrow();
            onDup.await();
            reduce.await();
            barrier.await();
            assertEquals(n * (n - 1) / 2, sum[0]);
            assertEquals(n - 1, max[0]);
            try (dup; split; created; Intracomm d2 = idup.await()) {
                assertMembers(split, world, IntStream.iterate(n - 1, r -> r >= 0, r -> r - 1).filter(r -> r % 2 == me % 2).toArray(),
                        "split made while collectives were pending");
                assertMembers(created, world, identity(n), "create made while collectives were pending");
                assertMembers(d2, world, identity(n), "idup made while collectives were pending");
                assertMembers(dup, world, identity(n), "dup made while collectives were pending");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_split_type): {@code SHARED} gives each rank a communicator of
     * processes that share memory, which includes the caller and is ordered by key; the members
     * agree on it; splitting it again by type gives a congruent communicator; {@code UNDEFINED}
     * gives none.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void splitTypeShared(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            try (Intracomm node = world.splitType(SplitType.SHARED, -me).orElseThrow()) {
                int[] members = worldRanksOf(node, world);
                assertTrue(members.length >= 1 && members.length <= world.size());
                assertTrue(indexOf(members, me) >= 0, "the caller is in its node communicator");
                for (int i = 1; i < members.length; i++) {
                    assertTrue(members[i - 1] > members[i], "ordered by key (descending world rank)");
                }
                assertMembers(node, world, members, "splitType(SHARED)");
                try (Intracomm again = node.splitType(SplitType.SHARED, 0).orElseThrow()) {
                    assertEquals(Comparison.CONGRUENT, node.compare(again), "a node communicator is one node");
                }
            }
            Optional<Intracomm> evens = world.splitType(me % 2 == 0 ? SplitType.SHARED : SplitType.UNDEFINED, 0);
            assertEquals(me % 2 == 0, evens.isPresent());
            if (evens.isPresent()) {
                try (Intracomm c = evens.get()) {
                    int[] members = worldRanksOf(c, world);
                    assertTrue(IntStream.of(members).allMatch(r -> r % 2 == 0), "only ranks that asked for SHARED");
                    assertMembers(c, world, members, "splitType(SHARED) of the even ranks");
                }
            }
            assertTrue(world.splitType(SplitType.UNDEFINED, 0).isEmpty());
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_create): the members of the group get a communicator ranked in the
     * group's order and the other ranks none; the whole group in order gives a congruent
     * communicator; {@code GROUP_EMPTY} gives none anywhere; creating from a subcommunicator works.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void createFromSubgroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Group all = world.group();
            int[] evensDown = IntStream.iterate(n - 1 - (n - 1) % 2, r -> r >= 0, r -> r - 2).toArray();
            Optional<Intracomm> evens = world.create(all.incl(evensDown));
            assertEquals(me % 2 == 0, evens.isPresent(), "exactly the members get a communicator");
            evens.ifPresent(c -> {
                assertMembers(c, world, evensDown, "create(evens, descending)");
                c.close();
            });
            try (Intracomm whole = world.create(all).orElseThrow()) {
                assertEquals(Comparison.CONGRUENT, world.compare(whole));
                assertMembers(whole, world, identity(n), "create(world group)");
            }
            try (Intracomm rev = world.create(all.incl(reversed(n))).orElseThrow()) {
                assertEquals(n == 1 ? Comparison.CONGRUENT : Comparison.SIMILAR, world.compare(rev));
                assertMembers(rev, world, reversed(n), "create(reversed group)");
            }
            assertTrue(world.create(Group.EMPTY).isEmpty(), "GROUP_EMPTY gives no communicator");
            // from a subcommunicator: the lower half creates over its first member and its last
            try (Intracomm half = world.split(me < (n + 1) / 2 ? 0 : 1, 0).orElseThrow()) {
                Group hg = half.group();
                int[] pick = hg.size() == 1 ? new int[] {0} : new int[] {hg.size() - 1, 0};
                Optional<Intracomm> ends = half.create(hg.incl(pick));
                int[] halfWorld = worldRanksOf(half, world);
                assertEquals(indexOf(through(pick, halfWorld), me) >= 0, ends.isPresent());
                ends.ifPresent(c -> {
                    assertMembers(c, world, through(pick, halfWorld), "create on a subcommunicator");
                    c.close();
                });
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_create, since MPI-2.2): the ranks may pass different, disjoint
     * groups, and each group's members get a communicator of their own group, in one call.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void createWithDisjointGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] mine = IntStream.range(0, n).filter(r -> r % 2 == me % 2).toArray();
            try (Intracomm c = world.create(world.group().incl(mine)).orElseThrow()) {
                assertMembers(c, world, mine, "create with the group of my parity");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_create_group): disjoint subsets of ranks create communicators at the
     * same time, round after round with subsets that change, tags that repeat and some
     * communicators kept open; each gets exactly its members, and the communicators kept open
     * still work at the end. This is where providers whose context allocation is not safe for
     * concurrent, non-collective creation mix up communicators.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void createGroupOnDisjointSubsetsConcurrently(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Group all = world.group();
            List<Intracomm> kept = new ArrayList<>();
            List<int[]> keptMembers = new ArrayList<>();
            for (int round = 0; round < 24; round++) {
                // rotate the ranks by the round and cut them into blocks of 1 to 3 ranks
                int block = 1 + round % 3;
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = (i + round) % n;
                }
                int pos = indexOf(order, me);
                int start = pos / block * block;
                int[] members = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + block));
                if (round % 2 == 1) {
                    members = reversedOf(members);
                }
                Intracomm c = world.createGroup(all.incl(members), round % 2);
                assertMembers(c, world, members, "createGroup round " + round);
                if (round % 5 == 0) {
                    kept.add(c);
                    keptMembers.add(members);
                } else {
                    c.close();
                }
            }
            // ranks 0, 1 and ranks 2, 3 (and so on) at once, then nested: each pair's communicator
            // creates one over itself, reordered
            int[] pair = me / 2 * 2 + 1 < n ? new int[] {me / 2 * 2, me / 2 * 2 + 1} : new int[] {me};
            try (Intracomm p = world.createGroup(all.incl(pair), 9)) {
                assertMembers(p, world, pair, "pair");
                try (Intracomm q = p.createGroup(p.group().incl(reversed(p.size())), 9)) {
                    assertMembers(q, world, reversedOf(pair), "pair from the pair's communicator");
                }
            }
            for (int i = 0; i < kept.size(); i++) {
                assertMembers(kept.get(i), world, keptMembers.get(i), "kept communicator " + i);
                kept.get(i).close();
            }
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_create_group): the same members create communicators one after
     * another with different tags, one member well ahead of the other; every call still gives a
     * communicator of its own that the members agree on.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void createGroupWithManyTagsKeepsCommunicatorsApart(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            if (me > 1) {
                return null;
            }
            if (me == 1) {
                Thread.sleep(100); // let rank 0 run ahead: createGroup need not synchronize
            }
            Group pair = world.group().incl(0, 1);
            List<Intracomm> made = new ArrayList<>();
            made.add(world.createGroup(pair, 1));
            for (int i = 0; i < 40; i++) {
                made.add(world.createGroup(pair, 0));
            }
            made.add(world.createGroup(pair, 2));
            for (int i = 0; i < made.size(); i++) {
                assertMembers(made.get(i), world, new int[] {0, 1}, "createGroup call " + i);
            }
            for (Intracomm c : made) {
                c.close();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 and §9.4: a negative color other than {@code UNDEFINED} raises ERR_ARG; a
     * {@code null} group, a group with processes outside the communicator, or, for
     * {@code createGroup}, a caller outside the group raise ERR_GROUP; an invalid tag raises
     * ERR_TAG. The communicator stays usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void invalidArgumentsRaiseTheirErrorClasses(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Group all = world.group();
            assertMpiError(ErrorClass.ERR_ARG, () -> world.split(-5, 0));
            assertMpiError(ErrorClass.ERR_ARG, () -> world.split(Integer.MIN_VALUE, 0));
            assertMpiError(ErrorClass.ERR_GROUP, () -> world.create(null));
            assertMpiError(ErrorClass.ERR_GROUP, () -> world.createGroup(null, 0));
            assertMpiError(ErrorClass.ERR_GROUP, () -> world.createGroup(all.excl(me), 0));
            int tagUb = world.attribute(Keyval.TAG_UB).orElseThrow();
            assertMpiError(ErrorClass.ERR_TAG, () -> world.createGroup(all, -1));
            assertMpiError(ErrorClass.ERR_TAG, () -> world.createGroup(all, Integer.MIN_VALUE));
            if (tagUb < Integer.MAX_VALUE) {
                assertMpiError(ErrorClass.ERR_TAG, () -> world.createGroup(all, tagUb + 1));
            }
            if (n >= 2) {
                try (Intracomm self = world.split(me, 0).orElseThrow()) {
                    assertMpiError(ErrorClass.ERR_GROUP, () -> self.create(all));
                    assertMpiError(ErrorClass.ERR_GROUP, () -> self.createGroup(all, 0));
                    assertMpiError(ErrorClass.ERR_GROUP, () -> self.createGroup(all.incl(me, (me + 1) % n), 0));
                    assertMembers(self, world, new int[] {me}, "self after errors");
                }
            }
            assertFalse(world.isClosed());
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    private static int mix(int r, int pattern) {
        int h = (r + 1) * 0x9E3779B1 + pattern * 0x85EBCA6B;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    private static int[] reversedOf(int[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[a.length - 1 - i];
        }
        return b;
    }
}
