package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the vector and reduce-scatter collectives on intercommunicators, blocking and
 * nonblocking (MPI-4.1 §6.2.2, §6.5–§6.8, §6.10, §6.12): the world is split into a low group (the
 * first half) and a high group, and every result is checked against what the other group sent.
 */
public abstract class IntercommVectorTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected IntercommVectorTck() {
    }

    /** The intercommunicator between the first {@code max(1, n/2)} ranks and the rest. */
    private static Intercomm halves(Intracomm world) {
        int low = Math.max(1, world.size() / 2);
        boolean isLow = world.rank() < low;
        Intracomm half = world.split(isLow ? 0 : 1, world.rank()).orElseThrow();
        return half.createIntercomm(0, world, isLow ? low : 0, 77);
    }

    private static int[] ramp(int count, int base) {
        int[] a = new int[count];
        for (int i = 0; i < count; i++) {
            a[i] = base + i;
        }
        return a;
    }

    /**
     * MPI-4.1 §6.5, §6.6: {@code gatherv} at a root of the low group collects {@code j + 1}
     * elements from remote rank {@code j}; {@code scatterv} from a root of the high group sends
     * {@code i + 1} elements to remote rank {@code i}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 5, 7})
    public void gathervAndScattervAcrossGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            boolean isLow = world.rank() < Math.max(1, world.size() / 2);
            int me = inter.rank();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            int[] counts = new int[m];
            for (int j = 0; j < m; j++) {
                counts[j] = j + 1;
            }
            // gatherv: root is low rank 0
            int[] all = new int[m * (m + 1) / 2];
            int gRoot = isLow ? (me == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0;
            int[] mine = ramp(me + 1, world.rank() * 100);
            inter.gatherv(Buf.of(mine), isLow ? VBuf.of(Buf.of(all), counts) : null, gRoot);
            if (isLow && me == 0) {
                int k = 0;
                for (int j = 0; j < m; j++) {
                    for (int e = 0; e <= j; e++) {
                        assertEquals(remote[j] * 100 + e, all[k++], "gatherv block " + j);
                    }
                }
            }
            // scatterv: root is high rank 0
            int sRoot = isLow ? 0 : (me == 0 ? Mpi.ROOT : Mpi.PROC_NULL);
            int[] source = new int[m * (m + 1) / 2];
            for (int i = 0, k = 0; i < m; i++) {
                for (int e = 0; e <= i; e++) {
                    source[k++] = 1000 * i + e;
                }
            }
            int[] got = new int[me + 1];
            inter.scatterv(isLow ? null : VBuf.of(Buf.of(source), counts), isLow ? Buf.of(got) : null, sRoot);
            if (isLow) {
                assertArrayEquals(ramp(me + 1, 1000 * me), got, "scatterv block");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.8: {@code alltoallv} and {@code alltoallw} send {@code j + 1} elements to remote
     * rank {@code j} and receive {@code rank() + 1} from each remote rank.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 7})
    public void alltoallvAndAlltoallwAcrossGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            int me = inter.rank();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            int[] sendCounts = new int[m];
            int[] recvCounts = new int[m];
            for (int j = 0; j < m; j++) {
                sendCounts[j] = j + 1;
                recvCounts[j] = me + 1;
            }
            int[] send = new int[m * (m + 1) / 2];
            for (int j = 0, k = 0; j < m; j++) {
                for (int e = 0; e <= j; e++) {
                    send[k++] = world.rank() * 1000 + j * 10 + e;
                }
            }
            int[] recv = new int[m * (me + 1)];
            inter.alltoallv(VBuf.of(Buf.of(send), sendCounts), VBuf.of(Buf.of(recv), recvCounts));
            for (int i = 0, k = 0; i < m; i++) {
                for (int e = 0; e <= me; e++) {
                    assertEquals(remote[i] * 1000 + me * 10 + e, recv[k++], "alltoallv from remote " + i);
                }
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment s = arena.allocate(4L * send.length);
                MemorySegment r = arena.allocate(4L * recv.length);
                MemorySegment.copy(send, 0, s, ValueLayout.JAVA_INT, 0, send.length);
                long[] sd = new long[m];
                long[] rd = new long[m];
                Datatype[] types = new Datatype[m];
                for (int j = 0; j < m; j++) {
                    sd[j] = 4L * (j * (j + 1) / 2);
                    rd[j] = 4L * j * (me + 1);
                    types[j] = Datatype.INT;
                }
                inter.alltoallw(new WBuf(s, sendCounts, sd, types), new WBuf(r, recvCounts, rd, types));
                int[] back = new int[recv.length];
                MemorySegment.copy(r, ValueLayout.JAVA_INT, 0, back, 0, back.length);
                assertArrayEquals(recv, back, "alltoallw agrees with alltoallv");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.10: each group's operands are reduced and the result is scattered over the other
     * group, rank {@code r} receiving {@code r + 1} elements (and {@code reduceScatterBlock} one each).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 5, 7})
    public void reduceScatterAcrossGroups(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            int me = inter.rank();
            int n = inter.size();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            int remoteTotal = m * (m + 1) / 2; // the other group's counts are 1..m
            int[] send = ramp(remoteTotal, world.rank());
            int[] myCounts = new int[n];
            for (int r = 0; r < n; r++) {
                myCounts[r] = r + 1;
            }
            int[] got = new int[me + 1];
            inter.reduceScatter(Buf.of(send), Buf.of(got), myCounts, Op.SUM);
            int offset = me * (me + 1) / 2;
            for (int e = 0; e <= me; e++) {
                int expect = 0;
                for (int w : remote) {
                    expect += w + offset + e;
                }
                assertEquals(expect, got[e], "reduceScatter element " + e);
            }
            int[] block = new int[1];
            inter.reduceScatterBlock(Buf.of(ramp(m, world.rank() * 10)), Buf.of(block), Op.MAX);
            int max = 0;
            for (int w : remote) {
                max = Math.max(max, w * 10 + me);
            }
            assertEquals(max, block[0], "reduceScatterBlock");
            return null;
        });
    }

    /**
     * MPI-4.1 §6.12: nonblocking intercommunicator collectives started together complete, awaited
     * in any order, with the results of their blocking forms.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 4, 6})
    public void nonblockingFormsCompleteInAnyOrder(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            boolean isLow = world.rank() < Math.max(1, world.size() / 2);
            int me = inter.rank();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            List<Request<Status>> started = new ArrayList<>();
            int[] b = {isLow && me == 0 ? 42 : -1};
            started.add(inter.ibcast(Buf.of(b), isLow ? (me == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0));
            int[] sum = new int[1];
            started.add(inter.iallreduce(Buf.of(new int[] {world.rank()}), Buf.of(sum), Op.SUM));
            int[] all = new int[m];
            started.add(inter.iallgatherv(Buf.of(new int[] {world.rank()}), VBuf.of(Buf.of(all), ones(m))));
            int[] a2a = new int[m];
            started.add(inter.ialltoall(Buf.of(ramp(m, world.rank() * 100)), Buf.of(a2a)));
            started.add(inter.ibarrier());
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).await();
            }
            if (!isLow) {
                assertEquals(42, b[0], "ibcast");
            }
            int expect = 0;
            for (int w : remote) {
                expect += w;
            }
            assertEquals(expect, sum[0], "iallreduce");
            assertArrayEquals(remote, all, "iallgatherv");
            for (int i = 0; i < m; i++) {
                assertEquals(remote[i] * 100 + me, a2a[i], "ialltoall from remote " + i);
            }
            return null;
        });
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
