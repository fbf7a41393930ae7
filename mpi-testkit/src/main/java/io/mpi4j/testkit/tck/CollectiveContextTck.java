package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the separation between collective and point-to-point traffic (MPI-4.1 §6.14 and
 * §7.4.2): collective operations on a communicator never match its point-to-point receives, probes
 * or wildcards, and collectives on a duplicate do not interfere with those on the original.
 */
public abstract class CollectiveContextTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected CollectiveContextTck() {
    }

    private static void someCollectives(Intracomm comm) {
        int n = comm.size();
        int[] a = new int[4];
        comm.bcast(Buf.of(a), n - 1);
        int[] g = new int[4 * n];
        comm.allgather(Buf.of(new int[] {1, 2, 3, 4}), Buf.of(g));
        comm.allreduce(Buf.IN_PLACE, Buf.of(a), Op.SUM);
        comm.alltoall(Buf.of(new int[n]), Buf.of(new int[n]));
        comm.scan(Buf.of(new int[] {1}), Buf.of(new int[1]), Op.SUM);
        comm.reduceScatterBlock(Buf.of(new int[n]), Buf.of(new int[1]), Op.SUM);
        comm.gather(Buf.of(new int[1]), comm.rank() == 0 ? Buf.of(new int[n]) : null, 0);
        comm.barrier();
        comm.allgatherObject(comm.rank());
    }

    /**
     * MPI-4.1 §6.14: a pending {@code irecv(ANY_SOURCE, ANY_TAG)} on a communicator is not matched by
     * that communicator's own collective traffic (blocking and nonblocking), nor by a duplicate's;
     * {@code iprobe} sees nothing; the receive then matches the one real message.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void pendingWildcardReceiveIsNotMatchedByCollectives(int ranks) {
        run(ranks, OPTIONS, world -> {
            int[] in = {-1};
            Request<Status> pending = world.irecv(Buf.of(in), Mpi.ANY_SOURCE, Mpi.ANY_TAG);
            someCollectives(world);
            int[] x = new int[2];
            world.iallreduce(Buf.of(new int[] {1, 2}), Buf.of(x), Op.SUM).await();
            world.ibcast(Buf.of(x), 0).await();
            try (Intracomm dup = world.dup()) {
                someCollectives(dup);
            }
            assertFalse(pending.isComplete(), "a collective's message matched a pending ANY_SOURCE/ANY_TAG receive");
            world.barrier(); // nobody sends before every rank has looked
            world.send(Buf.of(new int[] {1000 + world.rank()}), right(world), 77);
            Status s = pending.await();
            assertEnvelope(s, left(world), 77, 1);
            assertEquals(1000 + left(world), in[0]);
            world.barrier();
            assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG), "a message is left over after collectives");
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2: nonblocking collectives on a communicator and on its duplicate, started in
     * different orders relative to each other and interleaved with point-to-point messages on both,
     * each complete with their own data.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7, 16})
    public void collectivesOnADuplicateDoNotInterfere(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            try (Intracomm dup = world.dup()) {
                List<Request<Status>> reqs = new ArrayList<>();
                int[] onWorld = new int[1];
                int[] onDup = new int[1];
                int[] bw = new int[3];
                int[] bd = new int[3];
                if (world.rank() % 2 == 0) {
                    reqs.add(world.iallreduce(Buf.of(new int[] {1}), Buf.of(onWorld), Op.SUM));
                    reqs.add(dup.iallreduce(Buf.of(new int[] {world.rank()}), Buf.of(onDup), Op.MAX));
                } else {
                    reqs.add(dup.iallreduce(Buf.of(new int[] {world.rank()}), Buf.of(onDup), Op.MAX));
                    reqs.add(world.iallreduce(Buf.of(new int[] {1}), Buf.of(onWorld), Op.SUM));
                }
                int[] p2p = new int[1];
                reqs.add(dup.irecv(Buf.of(p2p), left(world), 0));
                reqs.add(world.isend(Buf.of(new int[] {7}), right(world), 0));
                reqs.add(dup.isend(Buf.of(new int[] {8}), right(world), 0));
                int[] p2pWorld = new int[1];
                reqs.add(world.irecv(Buf.of(p2pWorld), Mpi.ANY_SOURCE, Mpi.ANY_TAG));
                if (world.rank() == 0) {
                    bw = new int[] {1, 2, 3};
                    bd = new int[] {4, 5, 6};
                }
                reqs.add(world.ibcast(Buf.of(bw), 0));
                reqs.add(dup.ibcast(Buf.of(bd), 0));
                Request.waitAll(reqs);
                assertEquals(n, onWorld[0], "iallreduce on the original");
                assertEquals(n - 1, onDup[0], "iallreduce on the duplicate");
                assertEquals(8, p2p[0], "point-to-point on the duplicate");
                assertEquals(7, p2pWorld[0], "point-to-point on the original");
                assertArrayEquals(new int[] {1, 2, 3}, bw);
                assertArrayEquals(new int[] {4, 5, 6}, bd);
            }
            return null;
        });
    }
}
