package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
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
     * group. Both groups reduce vectors of the same length, as MPI requires: {@code 2 n m} elements
     * for {@code reduceScatter}, the last local rank receiving {@code n m} more than the others, and
     * {@code n m} for {@code reduceScatterBlock}, each rank receiving {@code m}, where {@code n}
     * and {@code m} are the local and remote group sizes.
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
            int[] myCounts = new int[n];
            for (int r = 0; r < n; r++) {
                myCounts[r] = m + (r == n - 1 ? n * m : 0);
            }
            int[] send = ramp(2 * n * m, world.rank());
            int[] got = new int[myCounts[me]];
            inter.reduceScatter(Buf.of(send), Buf.of(got), myCounts, Op.SUM);
            int offset = me * m;
            for (int e = 0; e < got.length; e++) {
                int expect = 0;
                for (int w : remote) {
                    expect += w + offset + e;
                }
                assertEquals(expect, got[e], "reduceScatter element " + e);
            }
            int[] block = new int[m];
            inter.reduceScatterBlock(Buf.of(ramp(n * m, world.rank() * 10)), Buf.of(block), Op.MAX);
            for (int e = 0; e < m; e++) {
                int max = Integer.MIN_VALUE;
                for (int w : remote) {
                    max = Math.max(max, w * 10 + me * m + e);
                }
                assertEquals(max, block[e], "reduceScatterBlock element " + e);
            }
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

    /**
     * MPI-4.1 §6.2.2, §6.12: rooted nonblocking collectives, in which the rest of the root's group
     * passes {@code PROC_NULL} and moves nothing, and collectives whose blocks are empty on every
     * rank, keep every process of both groups in step: the nonblocking collectives after them
     * still match (a library that skipped the empty calls on some ranks only would pair later
     * messages wrongly), and a nonblocking broadcast from a root other than rank 0 of its group
     * arrives.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 4, 5})
    public void emptyAndProcNullCallsKeepNonblockingCollectivesInStep(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            boolean isLow = world.rank() < Math.max(1, world.size() / 2);
            int me = inter.rank();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            int root = isLow ? (me == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0;
            int[] sum = {-1};
            inter.ireduce(Buf.of(new int[] {world.rank()}), Buf.of(sum), Op.SUM, root).await();
            inter.ibcast(Buf.of(new int[0]), root).await();
            inter.ireduce(Buf.of(new int[0]), Buf.of(new int[0]), Op.MAX, root).await();
            inter.bcast(Buf.of(new int[0]), root);
            inter.reduce(Buf.of(new long[0]), Buf.of(new long[0]), Op.MIN, root);
            int[] gathered = new int[m];
            inter.igather(Buf.of(new int[] {world.rank()}), Buf.of(gathered), root).await();
            int[] all = new int[m];
            inter.iallgather(Buf.of(new int[] {world.rank()}), Buf.of(all)).await();
            int[] b = {isLow && me == 0 ? 7 : -1};
            inter.ibcast(Buf.of(b), root).await();
            if (isLow && me == 0) {
                int expect = 0;
                for (int w : remote) {
                    expect += w;
                }
                assertEquals(expect, sum[0], "ireduce at the root");
                assertArrayEquals(remote, gathered, "igather at the root");
            } else {
                assertEquals(-1, sum[0], "ireduce leaves PROC_NULL and sending ranks' receive buffers alone");
            }
            assertArrayEquals(remote, all, "iallgather after the empty and PROC_NULL calls");
            assertEquals(isLow && me != 0 ? -1 : 7, b[0], "ibcast after the empty and PROC_NULL calls");
            // a root other than rank 0 of its group
            int last = (isLow ? inter.size() : m) - 1;
            int[] c = {isLow && me == last ? 9 : -1};
            inter.ibcast(Buf.of(c), isLow ? (me == last ? Mpi.ROOT : Mpi.PROC_NULL) : last).await();
            assertEquals(isLow && me != last ? -1 : 9, c[0], "ibcast from the last rank of the low group");
            return null;
        });
    }

    /**
     * MPI-4.1 §6.13 on an intercommunicator: persistent broadcast, allreduce, alltoall and gatherv
     * started three times, the buffers rewritten between starts, each activation delivering the
     * data of its own start; the requests close cleanly.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 5})
    public void persistentFormsRestartWithTheirBuffersContents(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intercomm inter = halves(world);
            boolean isLow = world.rank() < Math.max(1, world.size() / 2);
            int me = inter.rank();
            int m = inter.remoteSize();
            int[] remote = inter.remoteGroup().processIds();
            int root = isLow ? (me == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0;
            int[] b = new int[2];
            int[] mine = new int[1];
            int[] sum = new int[1];
            int[] out = new int[m];
            int[] in = new int[m];
            int[] gathered = new int[m * (m + 1) / 2];
            int[] counts = new int[m];
            for (int j = 0; j < m; j++) {
                counts[j] = j + 1;
            }
            int[] piece = new int[me + 1];
            try (PersistentRequest<Status> bcast = inter.bcastInit(Buf.of(b), root);
                 PersistentRequest<Status> allreduce = inter.allreduceInit(Buf.of(mine), Buf.of(sum), Op.SUM);
                 PersistentRequest<Status> alltoall = inter.alltoallInit(Buf.of(out), Buf.of(in));
                 PersistentRequest<Status> gatherv = inter.gathervInit(Buf.of(piece), isLow ? VBuf.of(Buf.of(gathered), counts) : null,
                         root)) {
                for (int round = 0; round < 3; round++) {
                    if (root == Mpi.ROOT) {
                        b[0] = 10 * round;
                        b[1] = 10 * round + 1;
                    }
                    mine[0] = world.rank() + 100 * round;
                    for (int j = 0; j < m; j++) {
                        out[j] = 1000 * round + 10 * world.rank() + j;
                    }
                    java.util.Arrays.fill(piece, world.rank() + 100 * round);
                    bcast.start();
                    allreduce.start();
                    alltoall.start();
                    gatherv.start();
                    Request.waitAll(List.of(bcast, allreduce, alltoall, gatherv));
                    if (!isLow) {
                        assertArrayEquals(new int[] {10 * round, 10 * round + 1}, b, "bcast, round " + round);
                    }
                    int expect = 0;
                    for (int w : remote) {
                        expect += w + 100 * round;
                    }
                    assertEquals(expect, sum[0], "allreduce, round " + round);
                    for (int i = 0; i < m; i++) {
                        assertEquals(1000 * round + 10 * remote[i] + me, in[i], "alltoall from remote " + i + ", round " + round);
                    }
                    if (root == Mpi.ROOT) {
                        for (int j = 0, k = 0; j < m; j++) {
                            for (int e = 0; e <= j; e++) {
                                assertEquals(remote[j] + 100 * round, gathered[k++], "gatherv block " + j + ", round " + round);
                            }
                        }
                    }
                }
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
