package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comparison;
import io.mpi4j.ErrorClass;
import io.mpi4j.Info;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.ThreadLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of what communicators are once created (MPI-4.1 §7.4): comparison
 * (IDENT, CONGRUENT, SIMILAR, UNEQUAL), names, the separation of a new communicator's traffic from
 * its parent's, freeing ({@code close}) and its error class, and creating and freeing in a long
 * loop.
 */
public abstract class CommunicatorLifecycleTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected CommunicatorLifecycleTck() {
    }

    /**
     * MPI-4.1 §7.4.1 (MPI_Comm_compare): IDENT only for the same communicator; CONGRUENT for another
     * context over the same group in the same order (dup, create over the whole group, split with
     * one color and equal keys); SIMILAR for the same members in another order; UNEQUAL otherwise.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void compareGivesAllFourResults(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            assertEquals(Comparison.IDENT, world.compare(world));
            try (Intracomm dup = world.dup();
                    Intracomm created = world.create(world.group()).orElseThrow();
                    Intracomm sameOrder = world.split(3, 0).orElseThrow();
                    Intracomm reversed = world.split(3, -me).orElseThrow();
                    Intracomm half = world.split(me % 2, 0).orElseThrow()) {
                assertEquals(Comparison.IDENT, dup.compare(dup));
                assertEquals(Comparison.CONGRUENT, dup.compare(world));
                assertEquals(Comparison.CONGRUENT, world.compare(dup));
                assertEquals(Comparison.CONGRUENT, created.compare(world));
                assertEquals(Comparison.CONGRUENT, sameOrder.compare(dup));
                assertEquals(n == 1 ? Comparison.CONGRUENT : Comparison.SIMILAR, reversed.compare(world));
                assertEquals(n == 1 ? Comparison.CONGRUENT : Comparison.SIMILAR, world.compare(reversed));
                assertEquals(n == 1 ? Comparison.CONGRUENT : Comparison.UNEQUAL, half.compare(world));
                assertEquals(n == 1 ? Comparison.CONGRUENT : Comparison.UNEQUAL, world.compare(half));
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.8 (MPI_Comm_set_name, MPI_Comm_get_name): the world has a predefined name, a new
     * communicator has none until named (its parent's name is not inherited), and naming is local
     * to the calling process and may be repeated.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void namesAreLocalAndNotInherited(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            assertFalse(world.name().isEmpty(), "the world communicator has a predefined name");
            try (Intracomm dup = world.dup()) {
                assertEquals("", dup.name(), "a new communicator has no name");
                if (me == 0) {
                    dup.setName("first");
                    dup.setName("renamed");
                }
                assertEquals(me == 0 ? "renamed" : "", dup.name(), "setName is local and replaces the name");
                dup.barrier();
                assertEquals(me == 0 ? "renamed" : "", dup.name());
                try (Intracomm dupOfNamed = dup.dup(); Intracomm part = dup.split(0, 0).orElseThrow()) {
                    assertEquals("", dupOfNamed.name(), "a duplicate does not inherit the name");
                    assertEquals("", part.name(), "a split does not inherit the name");
                }
                dup.setName("");
                assertEquals("", dup.name());
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.1.2, §7.4.2: a new communicator has its own context, so messages sent on it are
     * received only on it: a wildcard receive on the parent skips a message sent earlier on the
     * child, an {@code iprobe} on the parent does not see the child's messages, and collectives on
     * a duplicate and a split run interleaved with the parent's without mixing their data.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void childTrafficStaysOnTheChild(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            try (Intracomm dup = world.dup(); Intracomm half = world.split(me % 2, -me).orElseThrow()) {
                int tag = 10;
                for (Intracomm child : new Intracomm[] {dup, half}) {
                    tag++; // the left rank may already send the next round's message: tags tell rounds apart
                    Request<Status> onChild = child.isend(Buf.of(new int[] {1000 + me}), right(child), tag);
                    Request<Status> onParent = world.isend(Buf.of(new int[] {2000 + me}), right(world), tag);
                    int[] got = {-1};
                    Status s = world.recv(Buf.of(got), left(world), Mpi.ANY_TAG);
                    assertEquals(2000 + left(world), got[0], "the parent's receive got the parent's message");
                    assertEnvelope(s, left(world), tag, 1);
                    assertTrue(world.iprobe(Mpi.ANY_SOURCE, tag).isEmpty(), "no child message is visible on the parent");
                    int[] childWorld = worldRanksOf(child, world);
                    Status cs = child.recv(Buf.of(got), Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                    assertEquals(1000 + childWorld[left(child)], got[0], "the child's receive got the child's message");
                    assertEnvelope(cs, left(child), tag, 1);
                    onChild.await();
                    onParent.await();
                }
                // interleaved collectives: a nonblocking one on each child around blocking ones on the parent
                int[] dupSum = new int[1];
                int[] halfMax = new int[1];
                Request<Status> r1 = dup.iallreduce(Buf.of(new int[] {1}), Buf.of(dupSum), Op.SUM);
                Request<Status> r2 = half.iallreduce(Buf.of(new int[] {me}), Buf.of(halfMax), Op.MAX);
                int[] worldSum = new int[1];
                world.allreduce(Buf.of(new int[] {me * 10}), Buf.of(worldSum), Op.SUM);
                int[] root = {me == 0 ? 42 : -1};
                world.bcast(Buf.of(root), 0);
                r2.await();
                r1.await();
                assertEquals(n, dupSum[0]);
                assertEquals(10 * n * (n - 1) / 2, worldSum[0]);
                assertEquals(42, root[0]);
                int[] halfWorld = worldRanksOf(half, world);
                assertEquals(java.util.Arrays.stream(halfWorld).max().orElseThrow(), halfMax[0]);
                for (int i = 1; i < halfWorld.length; i++) {
                    assertTrue(halfWorld[i - 1] > halfWorld[i], "the split ranks by descending key");
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.3 (MPI_Comm_free) and §9.4: after {@code close}, communication, creation,
     * queries, attributes and hints on the communicator raise ERR_COMM; closing again has no
     * effect; the predefined world communicator cannot be closed (ERR_COMM) and, like the parent
     * of the closed ones, stays usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void closedCommunicatorRaisesErrComm(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            Intracomm dup = world.dup();
            Intracomm split = world.split(me % 2, 0).orElseThrow();
            Intracomm created = world.create(world.group()).orElseThrow();
            Intracomm grouped = world.createGroup(world.group(), 4);
            Keyval<String> key = Keyval.create();
            for (Intracomm c : new Intracomm[] {dup, split, created, grouped}) {
                assertFalse(c.isClosed());
                c.close();
                assertTrue(c.isClosed());
                c.close();
                Buf one = Buf.of(new int[1]);
                assertMpiError(ErrorClass.ERR_COMM, c::rank);
                assertMpiError(ErrorClass.ERR_COMM, c::size);
                assertMpiError(ErrorClass.ERR_COMM, () -> c.send(one, 0, 0));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.recv(one, 0, 0));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.isend(one, 0, 0));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.irecv(one, 0, 0));
                assertMpiError(ErrorClass.ERR_COMM, c::barrier);
                assertMpiError(ErrorClass.ERR_COMM, () -> c.allreduce(one, Buf.of(new int[1]), Op.SUM));
                assertMpiError(ErrorClass.ERR_COMM, c::dup);
                assertMpiError(ErrorClass.ERR_COMM, c::idup);
                assertMpiError(ErrorClass.ERR_COMM, () -> c.split(0, 0));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.splitType(io.mpi4j.SplitType.SHARED, 0));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.create(world.group()));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.createGroup(world.group(), 0));
                assertMpiError(ErrorClass.ERR_COMM, c::group);
                assertMpiError(ErrorClass.ERR_COMM, () -> c.compare(world));
                assertMpiError(ErrorClass.ERR_COMM, () -> world.compare(c));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.setAttribute(key, "x"));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.attribute(key));
                assertMpiError(ErrorClass.ERR_COMM, () -> c.deleteAttribute(key));
                assertMpiError(ErrorClass.ERR_COMM, c::info);
                assertMpiError(ErrorClass.ERR_COMM, () -> c.setInfo(Info.create()));
            }
            assertMpiError(ErrorClass.ERR_COMM, world::close);
            assertFalse(world.isClosed());
            assertRingExchangeWorks(world, 5);
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.3 (MPI_Comm_free): operations pending on a communicator when it is freed complete
     * normally. Point-to-point, nonblocking collectives on buffers and on objects, a persistent
     * collective, and nonblocking collectives of an intercommunicator (whose portable form runs on a
     * thread of its own) are started, the communicator is closed, and then they are awaited (Open
     * MPI 4.1's own crash there; the native provider frees the communicator after them).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4})
    public void operationsStartedBeforeCloseStillComplete(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            int n = world.size();
            Intracomm dup = world.dup();
            int[] fromLeft = {-1};
            Request<Status> recv = dup.irecv(Buf.of(fromLeft), (me + n - 1) % n, 3);
            Request<Status> send = dup.isend(Buf.of(new int[] {me}), (me + 1) % n, 3);
            int[] sum = new int[1];
            Request<Status> reduce = dup.iallreduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM);
            Request<String> object = dup.ibcastObject(me == 0 ? "zero" : null, 0);
            double[] mine = new double[4096];
            java.util.Arrays.fill(mine, me);
            double[] sums = new double[mine.length];
            io.mpi4j.PersistentRequest<Status> persistent = dup.allreduceInit(Buf.of(mine), Buf.of(sums), Op.SUM);
            persistent.start();
            dup.close();
            Request.waitAll(recv, send, reduce, object);
            persistent.await();
            persistent.close();
            assertEquals((me + n - 1) % n, fromLeft[0], "irecv");
            assertEquals(n * (n - 1) / 2, sum[0], "iallreduce");
            assertEquals("zero", object.await(), "ibcastObject");
            assertEquals(n * (n - 1) / 2.0, sums[4095], "persistent allreduce");

            boolean low = me % 2 == 0;
            Intracomm half = world.split(low ? 0 : 1, me).orElseThrow();
            io.mpi4j.Intercomm inter = half.createIntercomm(0, world, low ? 1 : 0, 9);
            int[] b = {low && half.rank() == 0 ? 42 : -1};
            Request<Status> bcast = inter.ibcast(Buf.of(b), low ? (half.rank() == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0);
            int[] remoteSum = new int[1];
            Request<Status> across = inter.iallreduce(Buf.of(new int[] {me}), Buf.of(remoteSum), Op.SUM);
            Request<Status> barrier = inter.ibarrier();
            inter.close();
            half.close();
            Request.waitAll(bcast, across, barrier);
            if (!low) {
                assertEquals(42, b[0], "intercommunicator ibcast");
            }
            int expect = 0;
            for (int r = low ? 1 : 0; r < n; r += 2) {
                expect += r;
            }
            assertEquals(expect, remoteSum[0], "intercommunicator iallreduce");
            assertRingExchangeWorks(world, 7);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.3: a receive and a send started on a communicator that is then closed are
     * waited for after the close while they are surely still pending: the last rank starts its
     * half a moment late, so the others' waits begin before its messages exist. (The native
     * provider asked MPI for the communicator's group when the wait began, and failed with
     * ERR_COMM on the freed handle; found by an independent check.) Each request is waited for
     * alone, then a pair with waitAll.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void requestsOfAClosedCommunicatorAreWaitedForWhilePending(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            int n = world.size();
            int left = (me + n - 1) % n;
            int right = (me + 1) % n;
            for (int round = 0; round < 2; round++) {
                Intracomm dup = world.dup();
                if (me == n - 1) {
                    // not a timing assertion: late or not, every rank must see the same result
                    Thread.sleep(300);
                }
                int[] fromLeft = {-1};
                Request<Status> recv = dup.irecv(Buf.of(fromLeft), left, 4);
                Request<Status> send = dup.isend(Buf.of(new int[] {me + 100 * round}), right, 4);
                dup.close();
                if (round == 0) {
                    assertEquals(left, recv.await().source(), "irecv's source");
                    send.await();
                } else {
                    Request.waitAll(recv, send);
                }
                assertEquals(left + 100 * round, fromLeft[0], "irecv after close, round " + round);
            }
            assertRingExchangeWorks(world, 8);
            return null;
        });
    }

    /**
     * MPI-4.1 §11.6 (MPI_THREAD_MULTIPLE): blocking collectives and communicator constructors
     * called from virtual threads, each thread on a communicator of its own, entered in opposite
     * orders on neighbouring ranks. Each call waits for the other ranks' threads that enter it
     * late, which only run if the waiting threads leave their carriers free: a JVM under mpirun
     * has one carrier per core it is bound to (the native provider pinned them, and hung, until
     * blocking calls of virtual threads moved to platform threads). Below MULTIPLE the case has
     * nothing to check.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void blockingCallsOnVirtualThreadsLeaveTheirCarriersFree(int ranks) {
        run(ranks, OPTIONS, world -> {
            if (world.mpi().threadLevel() != ThreadLevel.MULTIPLE) {
                return null;
            }
            int me = world.rank();
            int n = world.size();
            int threads = 4;
            Intracomm[] dups = new Intracomm[threads];
            for (int t = 0; t < threads; t++) {
                dups[t] = world.dup();
            }
            int[] sums = new int[threads];
            int[] halves = new int[threads];
            Throwable[] failures = new Throwable[threads];
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                long delay = 40L * (me % 2 == 0 ? t : threads - 1 - t);
                started.add(Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(delay);
                        int[] sum = new int[1];
                        dups[tt].allreduce(Buf.of(new int[] {me + tt}), Buf.of(sum), Op.SUM);
                        dups[tt].barrier();
                        try (Intracomm half = dups[tt].split(me % 2, me).orElseThrow()) {
                            halves[tt] = half.size();
                        }
                        sums[tt] = sum[0];
                    } catch (Throwable e) {
                        failures[tt] = e;
                    }
                }));
            }
            for (Thread t : started) {
                assertTrue(t.join(java.time.Duration.ofSeconds(30)), "a virtual thread's collectives did not finish in 30 s");
            }
            for (int t = 0; t < threads; t++) {
                if (failures[t] != null) {
                    throw new AssertionError("thread " + t + " failed", failures[t]);
                }
                assertEquals(n * (n - 1) / 2 + n * t, sums[t], "allreduce on thread " + t);
                assertEquals((n - me % 2 + 1) / 2, halves[t], "split on thread " + t);
                dups[t].close();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_idup): starting a duplicate does not wait for the other ranks.
     * Rank 0 starts {@code idup} and then sends synchronously to rank 1, which receives before it
     * starts its own: a blocking duplicate would deadlock. The duplicates then carry traffic,
     * collectives on buffers and on objects, and a Cartesian communicator's {@code idup} keeps
     * its topology.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void idupDoesNotWaitForTheOtherRanks(int ranks) {
        assumeCapability(Capability.NONBLOCKING_DUP);
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            int n = world.size();
            int[] token = {7};
            Request<Intracomm> started;
            if (me == 0) {
                started = world.idup();
                world.ssend(Buf.of(token), 1, 0);
            } else {
                if (me == 1) {
                    world.recv(token, 0, 0);
                }
                started = world.idup();
            }
            try (Intracomm dup = started.await()) {
                assertEquals(Comparison.CONGRUENT, dup.compare(world));
                int[] sum = new int[1];
                dup.allreduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM);
                assertEquals(n * (n - 1) / 2, sum[0]);
                assertEquals("from 0", dup.bcastObject(me == 0 ? "from 0" : null, 0));
            }
            try (io.mpi4j.CartComm grid = world.createCart(new int[] {n}, new boolean[] {true}, false).orElseThrow();
                    io.mpi4j.CartComm copy = (io.mpi4j.CartComm) grid.idup().await()) {
                assertEquals(grid.shift(0, 1), copy.shift(0, 1), "the topology is kept");
            }
            assertRingExchangeWorks(world, 8);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2: several {@code idup}s of one communicator in a row, a blocking constructor
     * of it while they are pending, another {@code idup} after it, and a nonblocking collective in
     * flight among them: every duplicate is a communicator of its own (a message on one never
     * matches a receive on another, nor on the parent) and carries collectives. Open MPI gave
     * such duplicates inconsistent context ids when they were started together
     * (open-mpi/ompi#2025).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4})
    public void idupsInARowAndBlockingConstructorsAmongThem(int ranks) {
        assumeCapability(Capability.NONBLOCKING_DUP);
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            int n = world.size();
            for (int round = 0; round < 3; round++) {
                Request<Intracomm> a = world.idup();
                Request<Intracomm> b = world.idup();
                int[] total = new int[1];
                Request<Status> sum = world.iallreduce(Buf.of(new int[] {1}), Buf.of(total), Op.SUM);
                Intracomm half = world.split(me % 2, me).orElseThrow();
                Request<Intracomm> c = world.idup();
                sum.await();
                assertEquals(n, total[0]);
                try (Intracomm x = a.await(); Intracomm y = b.await(); Intracomm z = c.await(); half) {
                    List<Intracomm> dups = List.of(x, y, z);
                    // a message on each duplicate, and one on the parent, all with the same tag:
                    // each receive takes the one sent on its own communicator
                    int right = (me + 1) % n;
                    int left = (me + n - 1) % n;
                    List<Request<Status>> sends = new ArrayList<>();
                    for (int i = 0; i < dups.size(); i++) {
                        sends.add(dups.get(i).isend(Buf.of(new int[] {100 * i + me}), right, 5));
                    }
                    sends.add(world.isend(Buf.of(new int[] {-1 - me}), right, 5));
                    for (int i = dups.size() - 1; i >= 0; i--) {
                        int[] got = new int[1];
                        dups.get(i).recv(Buf.of(got), Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                        assertEquals(100 * i + left, got[0], "duplicate " + i + " of round " + round);
                        assertEquals(Comparison.CONGRUENT, dups.get(i).compare(world));
                    }
                    int[] got = new int[1];
                    world.recv(Buf.of(got), left, Mpi.ANY_TAG);
                    assertEquals(-1 - left, got[0], "the parent");
                    Request.waitAll(sends);
                    for (Intracomm d : dups) {
                        int[] s = new int[1];
                        d.allreduce(Buf.of(new int[] {me}), Buf.of(s), Op.SUM);
                        assertEquals(n * (n - 1) / 2, s[0]);
                    }
                    assertEquals(half.size(), half.allreduceObject(1, Integer::sum));
                }
            }
            return null;
        });
    }

    /**
     * The local queries of a closed topology or intercommunicator raise {@link ErrorClass#ERR_COMM}
     * as every other call does (MPI sets a freed handle to MPI_COMM_NULL), though they would need
     * no communication to answer.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void closedTopologyAndIntercommQueriesRaiseErrComm(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            io.mpi4j.CartComm cart = world.createCart(new int[] {world.size()}, new boolean[] {false}, false).orElseThrow();
            cart.close();
            assertMpiError(ErrorClass.ERR_COMM, cart::dims);
            assertMpiError(ErrorClass.ERR_COMM, cart::periods);
            assertMpiError(ErrorClass.ERR_COMM, cart::ndims);
            assertMpiError(ErrorClass.ERR_COMM, cart::coords);
            assertMpiError(ErrorClass.ERR_COMM, () -> cart.coords(0));
            assertMpiError(ErrorClass.ERR_COMM, () -> cart.rankOf(0));
            assertMpiError(ErrorClass.ERR_COMM, () -> cart.shift(0, 1));
            assertMpiError(ErrorClass.ERR_COMM, () -> cart.sub(true));
            int[] ring = {(me + 1) % world.size()};
            io.mpi4j.DistGraphComm graph = world.createDistGraphAdjacent(
                    new int[] {(me + world.size() - 1) % world.size()}, null, ring, null, false);
            graph.close();
            assertMpiError(ErrorClass.ERR_COMM, graph::sources);
            assertMpiError(ErrorClass.ERR_COMM, graph::destinations);
            assertMpiError(ErrorClass.ERR_COMM, graph::inDegree);
            assertMpiError(ErrorClass.ERR_COMM, graph::outDegree);
            assertMpiError(ErrorClass.ERR_COMM, graph::isWeighted);
            Intracomm half = world.split(me % 2, me).orElseThrow();
            io.mpi4j.Intercomm inter = half.createIntercomm(0, world, me % 2 == 0 ? 1 : 0, 9);
            inter.close();
            half.close();
            assertMpiError(ErrorClass.ERR_COMM, inter::remoteSize);
            assertMpiError(ErrorClass.ERR_COMM, inter::remoteGroup);
            assertMpiError(ErrorClass.ERR_COMM, inter::rank);
            assertRingExchangeWorks(world, 6);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2, §7.4.3: 10 000 rounds of {@code dup} and {@code close} finish (a provider
     * must reuse or not run out of contexts), the duplicates made along the way work, and so do the
     * world and a duplicate made at the end; a shorter loop does the same with {@code split}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4, 7})
    public void tenThousandDupCloseRoundsFinishAndStayUsable(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            for (int i = 0; i < 10_000; i++) {
                Intracomm d = world.dup();
                if (i % 2_000 == 0) {
                    AbstractCollectiveTck.assertCollectiveWorks(d);
                }
                d.close();
            }
            for (int i = 0; i < 500; i++) {
                Optional<Intracomm> s = world.split(i % 3 == 0 ? Mpi.UNDEFINED : (me + i) % 2, i);
                s.ifPresent(Intracomm::close);
            }
            try (Intracomm last = world.dup()) {
                assertMembers(last, world, identity(world.size()), "dup after the loops");
            }
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }
}
