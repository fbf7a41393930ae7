package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the persistent collectives (MPI-4.1 §6.13): every {@code *Init} request can be
 * started many times, each start using the buffers' current contents; all of them may be started
 * together with {@link PersistentRequest#startAll}; starting an active request raises
 * {@link ErrorClass#ERR_REQUEST}.
 */
public abstract class PersistentCollectivesTck extends AbstractCollectiveTck {
    private static final int ROUNDS = 3;

    /** Creates the test instance. */
    protected PersistentCollectivesTck() {
    }

    /**
     * MPI-4.1 §6.13: one persistent request of every collective, started together {@value #ROUNDS}
     * times; before each start every rank writes new operands into the same buffers, and after each
     * completion every result matches the reference for that round.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void everyPersistentCollectiveStartedRepeatedly(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int root = n / 2;
            boolean isRoot = me == root;
            Op affine = CollectiveArbitraries.affineComposition();
            int[] counts = unevenCounts(n, 1);
            int[] displs = reversedGappedDispls(counts);
            int total = Arrays.stream(counts).sum();
            int[] ones = new int[n];
            Arrays.fill(ones, 1);

            int[] mine = new int[3];
            long[] mineL = new long[2];
            int[] vpart = new int[counts[me]];
            long[] rsOperands = new long[total];
            int[] bc = new int[3];
            int[] ga = new int[3 * n];
            int[] gv = new int[extentOf(counts, displs)];
            int[] scSend = new int[3 * n];
            int[] sc = new int[3];
            int[] svSend = new int[gv.length];
            int[] sv = new int[counts[me]];
            int[] ag = new int[3 * n];
            int[] agv = new int[gv.length];
            int[] a2aSend = new int[2 * n];
            int[] a2a = new int[2 * n];
            int[] a2avSend = new int[n];
            int[] a2av = new int[n];
            MemorySegment wsend = Arena.ofAuto().allocate(8L * n, 8);
            MemorySegment wrecv = Arena.ofAuto().allocate(8L * n, 8);
            int[] red = new int[3];
            long[] ar = new long[2];
            long[] rs = new long[counts[me]];
            int[] rsbSend = new int[2 * n];
            int[] rsb = new int[2];
            long[] sc2 = new long[2];
            long[] ex = new long[2];
            Datatype[] wtypes = new Datatype[n];
            Arrays.fill(wtypes, Datatype.LONG);
            long[] wdispls = IntStream.range(0, n).mapToLong(j -> 8L * j).toArray();

            List<PersistentRequest<Status>> all = new ArrayList<>();
            all.add(world.bcastInit(Buf.of(bc), root));
            all.add(world.gatherInit(Buf.of(mine), isRoot ? Buf.of(ga) : null, root));
            all.add(world.gathervInit(Buf.of(vpart), isRoot ? VBuf.of(Buf.of(gv), counts, displs) : null, root));
            all.add(world.scatterInit(isRoot ? Buf.of(scSend) : null, Buf.of(sc), root));
            all.add(world.scattervInit(isRoot ? VBuf.of(Buf.of(svSend), counts, displs) : null, Buf.of(sv), root));
            all.add(world.allgatherInit(Buf.of(mine), Buf.of(ag)));
            all.add(world.allgathervInit(Buf.of(vpart), VBuf.of(Buf.of(agv), counts, displs)));
            all.add(world.alltoallInit(Buf.of(a2aSend), Buf.of(a2a)));
            all.add(world.alltoallvInit(VBuf.of(Buf.of(a2avSend), ones), VBuf.of(Buf.of(a2av), ones)));
            all.add(world.alltoallwInit(new WBuf(wsend, ones, wdispls, wtypes), new WBuf(wrecv, ones, wdispls, wtypes)));
            all.add(world.reduceInit(Buf.of(mine), isRoot ? Buf.of(red) : null, Op.SUM, root));
            all.add(world.allreduceInit(Buf.of(mineL), Buf.of(ar), affine));
            all.add(world.reduceScatterInit(Buf.of(rsOperands), Buf.of(rs), counts, affine));
            all.add(world.reduceScatterBlockInit(Buf.of(rsbSend), Buf.of(rsb), Op.MIN));
            all.add(world.scanInit(Buf.of(mineL), Buf.of(sc2), affine));
            all.add(world.exscanInit(Buf.of(mineL), Buf.of(ex), affine));
            all.add(world.barrierInit());

            for (int round = 0; round < ROUNDS; round++) {
                final int k = round;
                List<int[]> ints = intOperands(n, 3).stream().map(a -> Arrays.stream(a).map(x -> x * (k + 1) + k).toArray()).toList();
                List<long[]> longs = affineOperands(n + k, 2).subList(k, n + k);
                List<long[]> rsAll = affineOperands(n + k, total).subList(k, n + k);
                List<int[]> vparts = IntStream.range(0, n).mapToObj(r -> Arrays.copyOf(ints.get(r), counts[r])).toList();
                List<int[]> rsbAll = intOperands(n, 2 * n).stream().map(a -> Arrays.stream(a).map(x -> x ^ (k * 77)).toArray()).toList();
                int[] gvInit = new int[gv.length];
                Arrays.fill(gvInit, SENTINEL);
                int[] rootV = CollectiveReference.gatherv(vparts, gvInit, displs, 0).getFirst();

                System.arraycopy(ints.get(me), 0, mine, 0, 3);
                System.arraycopy(longs.get(me), 0, mineL, 0, 2);
                System.arraycopy(vparts.get(me), 0, vpart, 0, counts[me]);
                System.arraycopy(rsAll.get(me), 0, rsOperands, 0, total);
                System.arraycopy(rsbAll.get(me), 0, rsbSend, 0, 2 * n);
                Arrays.fill(bc, 0);
                Arrays.fill(gv, SENTINEL);
                Arrays.fill(agv, SENTINEL);
                Arrays.fill(ex, SENTINEL);
                if (isRoot) {
                    System.arraycopy(ints.get(root), 0, bc, 0, 3);
                    System.arraycopy(CollectiveReference.gather(ints, 0).getFirst(), 0, scSend, 0, 3 * n);
                    System.arraycopy(rootV, 0, svSend, 0, rootV.length);
                }
                for (int j = 0; j < 2 * n; j++) {
                    a2aSend[j] = me * 1000 + j + k;
                }
                for (int j = 0; j < n; j++) {
                    a2avSend[j] = me * 100 + j + k;
                    wsend.setAtIndex(ValueLayout.JAVA_LONG, j, me * 10_000L + j + k);
                }

                PersistentRequest.startAll(all);
                if (n > 1) {
                    assertMpiError(ErrorClass.ERR_REQUEST, () -> all.getFirst().start());
                }
                Request.waitAll(all);

                String at = "round " + k + " on rank " + me + ": ";
                assertArrayEquals(ints.get(root), bc, at + "bcast");
                if (isRoot) {
                    assertArrayEquals(CollectiveReference.gather(ints, root).get(root), ga, at + "gather");
                    assertArrayEquals(rootV, gv, at + "gatherv");
                    assertArrayEquals(CollectiveReference.fold(ints, Op.SUM), red, at + "reduce");
                }
                assertArrayEquals(ints.get(me), sc, at + "scatter");
                assertArrayEquals(vparts.get(me), sv, at + "scatterv");
                assertArrayEquals(CollectiveReference.allgather(ints).get(me), ag, at + "allgather");
                assertArrayEquals(rootV, agv, at + "allgatherv");
                for (int i = 0; i < n; i++) {
                    assertEquals(i * 1000 + me * 2 + k, a2a[2 * i], at + "alltoall block " + i);
                    assertEquals(i * 100 + me + k, a2av[i], at + "alltoallv block " + i);
                    assertEquals(i * 10_000L + me + k, wrecv.getAtIndex(ValueLayout.JAVA_LONG, i), at + "alltoallw block " + i);
                }
                assertArrayEquals(CollectiveReference.fold(longs, affine), ar, at + "allreduce");
                assertArrayEquals(CollectiveReference.reduceScatter(rsAll, counts, affine).get(me), rs, at + "reduceScatter");
                assertArrayEquals(CollectiveReference.reduceScatterBlock(rsbAll, Op.MIN).get(me), rsb, at + "reduceScatterBlock");
                assertArrayEquals(CollectiveReference.scan(longs, affine).get(me), sc2, at + "scan");
                if (me > 0) {
                    assertArrayEquals(CollectiveReference.exscan(longs, affine).get(me), ex, at + "exscan");
                }
            }
            for (PersistentRequest<Status> r : all) {
                r.close();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.13: a persistent broadcast whose root changes its data between starts delivers
     * each round's data; 50 rounds, with the request also started alone (not via startAll).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 7})
    public void persistentBcastManyRounds(int ranks) {
        run(ranks, OPTIONS, world -> {
            double[] data = new double[4];
            try (PersistentRequest<Status> r = world.bcastInit(Buf.of(data), 0)) {
                for (int round = 0; round < 50; round++) {
                    if (world.rank() == 0) {
                        Arrays.fill(data, round + 0.5);
                    }
                    r.start();
                    r.await();
                    for (double d : data) {
                        assertEquals(round + 0.5, d, "round " + round);
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.13: persistent collectives with predefined operations and plain buffers (the
     * forms a provider may hand to the MPI library's own persistent collectives): heap arrays,
     * native memory and {@code IN_PLACE} (allreduce, exscan, and reduce at the last rank as root,
     * whose operands are read from the receive buffer at every start), restarted {@value #MANY} times with new inputs each
     * round, alternately together ({@code startAll}) and one by one in the same order on every
     * rank; every result matches the reference for its round, rank 0's exscan buffer keeps its
     * contents, and a request closed without ever being started leaves the communicator usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void predefinedOperationsRestartedWithNewInputs(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int root = n - 1;
            long[] sumIn = new long[4];
            long[] sum = new long[4];
            MemorySegment maxIn = Arena.ofAuto().allocate(8L * 3, 8);
            MemorySegment max = Arena.ofAuto().allocate(8L * 3, 8);
            int[] inPlace = new int[3];
            double[] scanIn = new double[2];
            double[] scan = new double[2];
            int[] exIn = new int[2];
            int[] ex = new int[2];
            int[] exInPlace = new int[2];
            long[] redInPlace = new long[3];
            int[] rsbIn = new int[2 * n];
            int[] rsb = new int[2];
            int[] rsIn = new int[n];
            int[] rs = new int[1];
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            byte[] bc = new byte[5];
            int[] redIn = new int[2];
            int[] red = new int[2];
            try (PersistentRequest<Status> unused = world.allreduceInit(Buf.of(sumIn), Buf.of(sum), Op.SUM)) {
                // closed without a start: nothing to complete, nothing left behind
                assertFalse(unused.isClosed());
            }
            List<PersistentRequest<Status>> all = List.of(
                    world.allreduceInit(Buf.of(sumIn), Buf.of(sum), Op.SUM),
                    world.allreduceInit(Buf.of(maxIn, Datatype.LONG, 3), Buf.of(max, Datatype.LONG, 3), Op.MAX),
                    world.allreduceInit(Buf.IN_PLACE, Buf.of(inPlace), Op.BXOR),
                    world.scanInit(Buf.of(scanIn), Buf.of(scan), Op.SUM),
                    world.exscanInit(Buf.of(exIn), Buf.of(ex), Op.SUM),
                    world.reduceScatterBlockInit(Buf.of(rsbIn), Buf.of(rsb), Op.MIN),
                    world.reduceScatterInit(Buf.of(rsIn), Buf.of(rs), ones, Op.PROD),
                    world.bcastInit(Buf.of(bc), root),
                    world.reduceInit(Buf.of(redIn), me == 0 ? Buf.of(red) : null, Op.MAX, 0),
                    // IN_PLACE: the operands are read from the receive buffer at every start
                    world.exscanInit(Buf.IN_PLACE, Buf.of(exInPlace), Op.SUM),
                    world.reduceInit(me == root ? Buf.IN_PLACE : Buf.of(redInPlace), me == root ? Buf.of(redInPlace) : null,
                            Op.SUM, root));
            for (int round = 0; round < MANY; round++) {
                for (int j = 0; j < 4; j++) {
                    sumIn[j] = me * 10L + j + round * 1000L;
                }
                for (int j = 0; j < 3; j++) {
                    maxIn.setAtIndex(ValueLayout.JAVA_LONG, j, (me * 7L + j * 3L + round) % 11 - 5);
                    inPlace[j] = (me + 1) << (j + round % 5);
                }
                for (int j = 0; j < 3; j++) {
                    redInPlace[j] = me * 100L + j + round;
                }
                for (int j = 0; j < 2; j++) {
                    scanIn[j] = me + j * 0.5 + round;
                    exIn[j] = me * 3 + j + round;
                    exInPlace[j] = me * 3 + j + round;
                    redIn[j] = (me * 5 + j + round) % 7;
                }
                for (int j = 0; j < 2 * n; j++) {
                    rsbIn[j] = (me * 13 + j * 5 + round) % 17;
                }
                for (int j = 0; j < n; j++) {
                    rsIn[j] = me + j + round + 1;
                }
                Arrays.fill(ex, SENTINEL);
                Arrays.fill(bc, (byte) (me == root ? round : -1));
                if (round % 2 == 0) {
                    PersistentRequest.startAll(all);
                } else {
                    all.forEach(PersistentRequest::start);
                }
                Request.waitAll(all);

                String at = "round " + round + " on rank " + me + ": ";
                for (int j = 0; j < 4; j++) {
                    long expected = 0;
                    for (int r = 0; r < n; r++) {
                        expected += r * 10L + j + round * 1000L;
                    }
                    assertEquals(expected, sum[j], at + "allreduce SUM on long[] [" + j + "]");
                }
                for (int j = 0; j < 3; j++) {
                    long expected = Long.MIN_VALUE;
                    int xor = 0;
                    for (int r = 0; r < n; r++) {
                        expected = Math.max(expected, (r * 7L + j * 3L + round) % 11 - 5);
                        xor ^= (r + 1) << (j + round % 5);
                    }
                    assertEquals(expected, max.getAtIndex(ValueLayout.JAVA_LONG, j), at + "allreduce MAX in native memory [" + j + "]");
                    assertEquals(xor, inPlace[j], at + "allreduce BXOR IN_PLACE [" + j + "]");
                }
                for (int j = 0; j < 2; j++) {
                    double s = 0;
                    int e = 0;
                    int m = Integer.MIN_VALUE;
                    for (int r = 0; r <= me; r++) {
                        s += r + j * 0.5 + round;
                    }
                    for (int r = 0; r < me; r++) {
                        e += r * 3 + j + round;
                    }
                    for (int r = 0; r < n; r++) {
                        m = Math.max(m, (r * 5 + j + round) % 7);
                    }
                    assertEquals(s, scan[j], at + "scan [" + j + "]");
                    assertEquals(me == 0 ? SENTINEL : e, ex[j], at + "exscan [" + j + "] (rank 0 keeps its buffer)");
                    assertEquals(me == 0 ? j + round : e, exInPlace[j], at + "exscan IN_PLACE [" + j + "] (rank 0 keeps its operands)");
                    if (me == 0) {
                        assertEquals(m, red[j], at + "reduce MAX [" + j + "]");
                    }
                    int min = Integer.MAX_VALUE;
                    for (int r = 0; r < n; r++) {
                        min = Math.min(min, (r * 13 + (2 * me + j) * 5 + round) % 17);
                    }
                    assertEquals(min, rsb[j], at + "reduceScatterBlock MIN [" + j + "]");
                }
                if (me == root) {
                    for (int j = 0; j < 3; j++) {
                        long expected = 0;
                        for (int r = 0; r < n; r++) {
                            expected += r * 100L + j + round;
                        }
                        assertEquals(expected, redInPlace[j], at + "reduce SUM IN_PLACE at root " + root + " [" + j + "]");
                    }
                }
                int prod = 1;
                for (int r = 0; r < n; r++) {
                    prod *= r + me + round + 1;
                }
                assertEquals(prod, rs[0], at + "reduceScatter PROD");
                byte[] expectedBc = new byte[5];
                Arrays.fill(expectedBc, (byte) round);
                assertArrayEquals(expectedBc, bc, at + "bcast");
            }
            all.forEach(PersistentRequest::close);
            // the communicator still works after all those requests are gone
            long[] check = {1};
            world.allreduce(Buf.IN_PLACE, Buf.of(check), Op.SUM);
            assertEquals(n, check[0], "allreduce after closing");
            return null;
        });
    }

    private static final int MANY = 6;
}
