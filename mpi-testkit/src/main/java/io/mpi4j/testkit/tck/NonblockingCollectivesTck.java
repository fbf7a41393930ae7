package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the nonblocking collectives (MPI-4.1 §6.12): every {@code i}-variant gives the
 * result of its blocking counterpart; several may be outstanding on one communicator (started in
 * the same order everywhere) and be completed in any order, together with point-to-point requests
 * in {@link Request#waitAll} and {@link Request#waitAny}; an ibarrier completes only once every rank
 * has started it.
 */
public abstract class NonblockingCollectivesTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected NonblockingCollectivesTck() {
    }

    /** One started collective and the check of its result once complete. */
    private record Pending(String name, Request<Status> request, Runnable check) {
    }

    /** Starts one of every nonblocking collective, in the same order on every rank. */
    private static List<Pending> startAll(Intracomm world, int salt) {
        int n = world.size();
        int me = world.rank();
        int root = salt % n;
        List<Pending> p = new ArrayList<>();
        List<int[]> ints = intOperands(n, 3);
        for (int r = 0; r < n; r++) {
            ints.get(r)[0] += salt;
        }
        int[] mine = ints.get(me);

        int[] bc = me == root ? mine.clone() : new int[3];
        p.add(new Pending("ibcast", world.ibcast(Buf.of(bc), root), () -> assertArrayEquals(ints.get(root), bc)));

        int[] ga = new int[me == root ? 3 * n : 0];
        p.add(new Pending("igather", world.igather(Buf.of(mine), me == root ? Buf.of(ga) : null, root), () -> {
            if (me == root) {
                assertArrayEquals(CollectiveReference.gather(ints, root).get(root), ga);
            }
        }));

        int[] counts = unevenCounts(n, salt);
        int[] displs = reversedGappedDispls(counts);
        int[] gv = new int[extentOf(counts, displs)];
        Arrays.fill(gv, SENTINEL);
        int[] gvInit = gv.clone();
        List<int[]> vparts = IntStream.range(0, n).mapToObj(r -> Arrays.copyOf(ints.get(r), counts[r])).toList();
        p.add(new Pending("igatherv", world.igatherv(Buf.of(vparts.get(me)), me == root ? VBuf.of(Buf.of(gv), counts, displs) : null, root),
                () -> {
                    if (me == root) {
                        assertArrayEquals(CollectiveReference.gatherv(vparts, gvInit, displs, root).get(root), gv);
                    }
                }));

        int[] rootAll = CollectiveReference.gather(ints, root).get(root);
        int[] sc = new int[3];
        p.add(new Pending("iscatter", world.iscatter(me == root ? Buf.of(rootAll) : null, Buf.of(sc), root),
                () -> assertArrayEquals(CollectiveReference.scatter(rootAll, n).get(me), sc)));

        int[] rootV = CollectiveReference.gatherv(vparts, gvInit, displs, root).get(root);
        int[] sv = new int[counts[me]];
        p.add(new Pending("iscatterv", world.iscatterv(me == root ? VBuf.of(Buf.of(rootV), counts, displs) : null, Buf.of(sv), root),
                () -> assertArrayEquals(vparts.get(me), sv)));

        int[] ag = new int[3 * n];
        p.add(new Pending("iallgather", world.iallgather(Buf.of(mine), Buf.of(ag)),
                () -> assertArrayEquals(CollectiveReference.allgather(ints).get(me), ag)));

        int[] agv = gvInit.clone();
        p.add(new Pending("iallgatherv", world.iallgatherv(Buf.of(vparts.get(me)), VBuf.of(Buf.of(agv), counts, displs)),
                () -> assertArrayEquals(CollectiveReference.gatherv(vparts, gvInit, displs, 0).getFirst(), agv)));

        List<int[]> a2aSend = intOperands(n, 2 * n);
        int[] a2a = new int[2 * n];
        p.add(new Pending("ialltoall", world.ialltoall(Buf.of(a2aSend.get(me)), Buf.of(a2a)),
                () -> assertArrayEquals(CollectiveReference.alltoall(a2aSend).get(me), a2a)));

        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        int[] a2av = new int[n];
        int[] a2avSend = IntStream.range(0, n).map(j -> me * 100 + j).toArray();
        p.add(new Pending("ialltoallv", world.ialltoallv(VBuf.of(Buf.of(a2avSend), ones), VBuf.of(Buf.of(a2av), ones)),
                () -> assertArrayEquals(IntStream.range(0, n).map(i -> i * 100 + me).toArray(), a2av)));

        MemorySegment wsend = Arena.ofAuto().allocate(4L * n, 4);
        MemorySegment wrecv = Arena.ofAuto().allocate(4L * n, 4);
        long[] wdispls = IntStream.range(0, n).mapToLong(j -> 4L * j).toArray();
        Datatype[] wtypes = new Datatype[n];
        Arrays.fill(wtypes, Datatype.INT);
        for (int j = 0; j < n; j++) {
            wsend.setAtIndex(ValueLayout.JAVA_INT, j, me * 1000 + j);
        }
        p.add(new Pending("ialltoallw", world.ialltoallw(new WBuf(wsend, ones, wdispls, wtypes), new WBuf(wrecv, ones, wdispls, wtypes)),
                () -> {
                    for (int i = 0; i < n; i++) {
                        assertEquals(i * 1000 + me, wrecv.getAtIndex(ValueLayout.JAVA_INT, i), "ialltoallw block " + i);
                    }
                }));

        int[] red = new int[3];
        p.add(new Pending("ireduce", world.ireduce(Buf.of(mine), me == root ? Buf.of(red) : null, Op.SUM, root), () -> {
            if (me == root) {
                assertArrayEquals(CollectiveReference.fold(ints, Op.SUM), red);
            }
        }));

        Op affine = CollectiveArbitraries.affineComposition();
        List<long[]> longs = affineOperands(n, 2);
        long[] ar = new long[2];
        p.add(new Pending("iallreduce", world.iallreduce(Buf.of(longs.get(me)), Buf.of(ar), affine),
                () -> assertArrayEquals(CollectiveReference.fold(longs, affine), ar)));

        List<long[]> rsOps = affineOperands(n, Arrays.stream(counts).sum());
        long[] rs = new long[counts[me]];
        p.add(new Pending("ireduceScatter", world.ireduceScatter(Buf.of(rsOps.get(me)), Buf.of(rs), counts, affine),
                () -> assertArrayEquals(CollectiveReference.reduceScatter(rsOps, counts, affine).get(me), rs)));

        int[] rsb = new int[3];
        List<int[]> rsbOps = intOperands(n, 3 * n);
        p.add(new Pending("ireduceScatterBlock", world.ireduceScatterBlock(Buf.of(rsbOps.get(me)), Buf.of(rsb), Op.MAX),
                () -> assertArrayEquals(CollectiveReference.reduceScatterBlock(rsbOps, Op.MAX).get(me), rsb)));

        long[] sc2 = new long[2];
        p.add(new Pending("iscan", world.iscan(Buf.of(longs.get(me)), Buf.of(sc2), affine),
                () -> assertArrayEquals(CollectiveReference.scan(longs, affine).get(me), sc2)));

        long[] ex = {SENTINEL, SENTINEL};
        p.add(new Pending("iexscan", world.iexscan(Buf.of(longs.get(me)), Buf.of(ex), affine), () -> {
            if (me > 0) {
                assertArrayEquals(CollectiveReference.exscan(longs, affine).get(me), ex);
            }
        }));

        p.add(new Pending("ibarrier", world.ibarrier(), () -> { }));
        return p;
    }

    private static void check(Pending p, int rank) {
        try {
            p.check().run();
        } catch (AssertionError e) {
            throw new AssertionError(p.name() + " on rank " + rank + ": " + e.getMessage(), e);
        }
    }

    /**
     * MPI-4.1 §6.12: one of every nonblocking collective is started (17 outstanding at once) and
     * each gives the reference result; they are completed in reverse order of starting.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void everyNonblockingCollectiveCompletedInReverseOrder(int ranks) {
        run(ranks, OPTIONS, world -> {
            List<Pending> p = startAll(world, 1);
            for (int i = p.size() - 1; i >= 0; i--) {
                p.get(i).request().await();
                check(p.get(i), world.rank());
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.12 with §3.7.5: two rounds of every nonblocking collective and a ring of
     * point-to-point requests, all completed with {@link Request#waitAny} one at a time (each rank
     * in its own order), then again with {@link Request#waitAll}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void mixedWithPointToPointInWaitAnyAndWaitAll(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            List<Pending> p = new ArrayList<>(startAll(world, 2));
            int[] in = new int[1];
            p.add(new Pending("irecv", world.irecv(Buf.of(in), left(world), 9), () -> assertEquals(left(world), in[0])));
            p.add(new Pending("isend", world.isend(Buf.of(new int[] {me}), right(world), 9), () -> { }));
            p.addAll(startAll(world, 3));
            List<Request<Status>> requests = new ArrayList<>(p.stream().map(Pending::request).toList());
            Set<Integer> done = new HashSet<>();
            for (int k = 0; k < p.size(); k++) {
                int i = Request.waitAny(requests);
                assertTrue(i >= 0 && done.add(i), "waitAny returned " + i + " again or out of range");
                check(p.get(i), me);
            }
            assertEquals(Request.UNDEFINED, Request.waitAny(requests), "waitAny after every request completed");

            List<Pending> q = new ArrayList<>(startAll(world, 4));
            int[] in2 = new int[1];
            q.add(new Pending("irecv", world.irecv(Buf.of(in2), left(world), 10), () -> assertEquals(left(world), in2[0])));
            q.add(new Pending("isend", world.isend(Buf.of(new int[] {me}), right(world), 10), () -> { }));
            Request.waitAll(q.stream().map(Pending::request).toList());
            for (Pending x : q) {
                check(x, me);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.12: an ibarrier does not complete before every rank has started it. The last rank
     * starts only after a message from rank 0, which first checks that its own ibarrier is still
     * incomplete.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7, 16})
    public void ibarrierWaitsForEveryRankToStart(int ranks) {
        run(ranks, OPTIONS, world -> {
            int last = world.size() - 1;
            if (world.rank() == last) {
                world.recv(new int[1], 0, 1);
                world.ibarrier().await();
            } else {
                Request<Status> b = world.ibarrier();
                if (world.rank() == 0) {
                    Thread.sleep(50);
                    assertFalse(b.isComplete(), "the ibarrier completed before the last rank started it");
                    assertTrue(b.test().isEmpty(), "test() reported the ibarrier complete before the last rank started it");
                    world.send(new int[1], last, 1);
                }
                b.await();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.12: a nonblocking allreduce progresses while the program polls with
     * {@link Request#test()}, and its {@link Request#toCompletableFuture()} completes.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 16})
    public void pollingWithTestAndFutures(int ranks) {
        run(ranks, OPTIONS, world -> {
            int[] sum = new int[1];
            Request<Status> r = world.iallreduce(Buf.of(new int[] {world.rank() + 1}), Buf.of(sum), Op.SUM);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (r.test().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "iallreduce did not complete while polled");
                Thread.yield();
            }
            int n = world.size();
            assertEquals(n * (n + 1) / 2, sum[0]);
            int[] max = new int[1];
            world.iallreduce(Buf.of(new int[] {world.rank()}), Buf.of(max), Op.MAX).toCompletableFuture()
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(n - 1, max[0]);
            return null;
        });
    }
}
