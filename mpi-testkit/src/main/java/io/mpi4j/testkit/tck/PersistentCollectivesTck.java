package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
