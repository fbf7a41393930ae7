package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke checks of intercommunicators on sim; the TCK covers them in depth. */
@Timeout(60)
class IntercommSmokeTest {
    @Test
    void evenAndOddHalves() {
        Sim.exec(5, world -> {
            int wr = world.rank();
            boolean even = wr % 2 == 0;
            Intracomm half = world.split(even ? 0 : 1, wr).orElseThrow(); // evens: 0,2,4 -> 3 ranks; odds: 1,3 -> 2 ranks
            Intercomm bridge = half.createIntercomm(0, world, even ? 1 : 0, 99);
            assertEquals(even ? 2 : 3, bridge.remoteSize());
            assertArrayEquals(even ? new int[] {1, 3} : new int[] {0, 2, 4}, bridge.remoteGroup().processIds());
            // point-to-point across: local rank r sends to remote rank r % remoteSize
            int[] got = new int[1];
            io.mpi4j.Request<io.mpi4j.Status> r = bridge.irecv(got, Mpi.ANY_SOURCE, 1);
            if (half.rank() < bridge.remoteSize()) {
                bridge.send(new int[] {wr}, half.rank(), 1);
            }
            if (half.rank() < bridge.remoteSize()) {
                r.await();
                assertEquals(even ? 2 * half.rank() + 1 : 2 * half.rank(), got[0]);
            } else {
                r.cancel();
                r.await();
            }
            // bcast from evens' rank 1 (world rank 2) to the odds
            int[] b = new int[] {even && half.rank() == 1 ? 42 : 0};
            int root = even ? (half.rank() == 1 ? Mpi.ROOT : Mpi.PROC_NULL) : 1;
            bridge.bcast(Buf.of(b), root);
            assertEquals(even && half.rank() != 1 ? 0 : 42, b[0]);
            // allreduce: each group gets the sum of the other group's world ranks
            int[] sum = new int[1];
            bridge.allreduce(Buf.of(new int[] {wr}), Buf.of(sum), Op.SUM);
            assertEquals(even ? 1 + 3 : 0 + 2 + 4, sum[0]);
            // allgather: each group gets the other group's world ranks in rank order
            int[] all = new int[bridge.remoteSize()];
            bridge.allgather(Buf.of(new int[] {wr}), Buf.of(all));
            assertArrayEquals(even ? new int[] {1, 3} : new int[] {0, 2, 4}, all);
            // gather at the odds' rank 0 from every even rank; reduce too
            int[] gathered = new int[3];
            int oddRoot = even ? 0 : (half.rank() == 0 ? Mpi.ROOT : Mpi.PROC_NULL);
            bridge.gather(Buf.of(new int[] {wr * 10}), Buf.of(gathered), oddRoot);
            int[] max = new int[1];
            bridge.reduce(Buf.of(new int[] {wr}), Buf.of(max), Op.MAX, oddRoot);
            if (!even && half.rank() == 0) {
                assertArrayEquals(new int[] {0, 20, 40}, gathered);
                assertEquals(4, max[0]);
            }
            // alltoall: block j to remote rank j
            int n = bridge.remoteSize();
            int[] out = new int[n];
            for (int j = 0; j < n; j++) {
                out[j] = wr * 100 + j;
            }
            int[] in = new int[n];
            bridge.alltoall(Buf.of(out), Buf.of(in));
            int[] remote = bridge.remoteGroup().processIds();
            for (int i = 0; i < n; i++) {
                assertEquals(remote[i] * 100 + half.rank(), in[i]);
            }
            bridge.barrier();
            // merge: odds pass high=false, so they come first
            Intracomm merged = bridge.merge(even);
            assertEquals(5, merged.size());
            assertEquals(even ? 2 + half.rank() : half.rank(), merged.rank());
            int[] total = new int[1];
            merged.allreduce(Buf.of(new int[] {1}), Buf.of(total), Op.SUM);
            assertEquals(5, total[0]);
            Intercomm again = bridge.dup();
            int[] s2 = new int[1];
            again.allreduce(Buf.of(new int[] {1}), Buf.of(s2), Op.SUM);
            assertEquals(even ? 2 : 3, s2[0]);
            again.close();
            merged.close();
            bridge.close();
            half.close();
        });
    }

    @Test
    void nonblockingAndVectorCollectivesAcrossGroups() {
        Sim.exec(5, world -> {
            int wr = world.rank();
            boolean even = wr % 2 == 0;
            Intracomm half = world.split(even ? 0 : 1, wr).orElseThrow();
            Intercomm bridge = half.createIntercomm(0, world, even ? 1 : 0, 7);
            int n = bridge.remoteSize();
            // several nonblocking collectives outstanding, completed in reverse order
            int[] sum = new int[1];
            int[] all = new int[n];
            io.mpi4j.Request<io.mpi4j.Status> a = bridge.iallreduce(Buf.of(new int[] {wr}), Buf.of(sum), Op.SUM);
            io.mpi4j.Request<io.mpi4j.Status> b = bridge.iallgather(Buf.of(new int[] {wr}), Buf.of(all));
            io.mpi4j.Request<io.mpi4j.Status> c = bridge.ibarrier();
            c.await();
            b.await();
            a.await();
            assertEquals(even ? 4 : 6, sum[0]);
            assertArrayEquals(even ? new int[] {1, 3} : new int[] {0, 2, 4}, all);
            // allgatherv: remote rank j contributes j + 1 copies of its world rank
            int[] counts = new int[n];
            for (int j = 0; j < n; j++) {
                counts[j] = j + 1;
            }
            int[] mine = new int[half.rank() + 1];
            java.util.Arrays.fill(mine, wr);
            int[] got = new int[n * (n + 1) / 2];
            bridge.allgatherv(Buf.of(mine), io.mpi4j.VBuf.of(Buf.of(got), counts));
            int[] remote = bridge.remoteGroup().processIds();
            int k = 0;
            for (int j = 0; j < n; j++) {
                for (int c2 = 0; c2 <= j; c2++) {
                    assertEquals(remote[j], got[k++]);
                }
            }
            // reduceScatterBlock: both groups reduce vectors of the same length (MPI's rule), here
            // 2 * 3 ints: each of the local size() ranks receives a block of remoteSize() ints
            int ns = half.size();
            int[] vec = new int[ns * n];
            for (int j = 0; j < vec.length; j++) {
                vec[j] = wr * 10 + j;
            }
            int[] block = new int[n];
            bridge.reduceScatterBlock(Buf.of(vec), Buf.of(block), Op.SUM);
            for (int e = 0; e < n; e++) {
                int expect = 0;
                for (int s : remote) {
                    expect += s * 10 + half.rank() * n + e;
                }
                assertEquals(expect, block[e], "reduceScatterBlock element " + e);
            }
            bridge.close();
            half.close();
        });
    }
}
