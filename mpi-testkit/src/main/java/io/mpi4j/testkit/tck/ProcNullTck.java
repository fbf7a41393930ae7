package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Message;
import io.mpi4j.Mpi;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Received;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the null process (MPI-4.1 §3.11): every point-to-point operation with
 * {@link Mpi#PROC_NULL} as source or destination succeeds at once, touches no buffer, and a
 * receive's status has source {@code PROC_NULL}, tag {@code ANY_TAG} and count 0.
 */
public abstract class ProcNullTck extends AbstractTck {
    /** Creates the test instance. */
    protected ProcNullTck() {
    }

    /**
     * MPI-4.1 §3.11: sends of every mode, blocking and nonblocking, buffer and object, to
     * {@code PROC_NULL} complete at once, even a buffered send with no buffer attached and a ready
     * send with no receive.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void sendsToProcNullCompleteAtOnce(int ranks) {
        run(ranks, world -> {
            int p = Mpi.PROC_NULL;
            Buf data = Buf.of(new int[] {1, 2, 3});
            world.send(data, p, 1);
            world.ssend(data, p, 1);
            world.bsend(data, p, 1);
            world.rsend(data, p, 1);
            for (Request<Status> r : List.of(world.isend(data, p, 1), world.issend(data, p, 1), world.ibsend(data, p, 1),
                    world.irsend(data, p, 1), world.isendObject("x", p, 1))) {
                assertTrue(r.isComplete(), "a send to PROC_NULL is complete on return");
                assertEquals(Mpi.PROC_NULL, r.await().source());
            }
            world.sendObject(List.of(1), p, 1);
            world.ssendObject(List.of(1), p, 1);
            world.barrier();
            assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG), "a send to PROC_NULL produced a message");
            return null;
        });
    }

    /**
     * MPI-4.1 §3.11: receives, probes and matched probes from {@code PROC_NULL} complete at once with
     * the empty status and leave the buffer untouched; object receives yield {@code null}; the
     * matched probe yields the no-process message.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void receivesAndProbesFromProcNullAreEmpty(int ranks) {
        run(ranks, world -> {
            int p = Mpi.PROC_NULL;
            int[] buf = {7, 7};
            assertProcNullStatus(world.recv(buf, p, 5));
            assertProcNullStatus(world.recv(Buf.of(buf), p, Mpi.ANY_TAG));
            assertProcNullStatus(world.irecv(buf, p, 5).await());
            assertProcNullStatus(world.recv(Buf.of(ByteBuffer.allocateDirect(8)), p, 5));
            assertArrayEquals(new int[] {7, 7}, buf, "a receive from PROC_NULL wrote into the buffer");
            assertProcNullStatus(world.probe(p, 5));
            assertProcNullStatus(world.iprobe(p, Mpi.ANY_TAG).orElseThrow());
            Message m = world.mprobe(p, 5);
            assertTrue(m.isNoProc());
            assertProcNullStatus(m.recv(Buf.of(buf)));
            Message im = world.improbe(p, 5).orElseThrow();
            assertTrue(im.isNoProc());
            assertNull(im.recvObject());
            assertNull(world.recvObject(p, 5));
            Received<Object> r = world.recvObjectWithStatus(p, 5);
            assertNull(r.value());
            assertProcNullStatus(r.status());
            assertNull(world.irecvObject(p, 5).await());
            assertArrayEquals(new int[] {7, 7}, buf);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.10 and §3.11: sendrecv and sendrecvReplace with {@code PROC_NULL} on either side
     * act as the other half alone; the boundary ranks of a non-periodic shift use this.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void sendrecvWithProcNullIsAShift(int ranks) {
        List<Integer> got = run(ranks, world -> {
            int rank = world.rank();
            int dest = rank + 1 < world.size() ? rank + 1 : Mpi.PROC_NULL;
            int source = rank > 0 ? rank - 1 : Mpi.PROC_NULL;
            int[] in = {-1};
            Status s = world.sendrecv(Buf.of(new int[] {rank}), dest, 2, Buf.of(in), source, 2);
            if (source == Mpi.PROC_NULL) {
                assertProcNullStatus(s);
            } else {
                assertEnvelope(s, source, 2, 1);
            }
            int[] replace = {rank * 10};
            Status r = world.sendrecvReplace(Buf.of(replace), dest, 3, source, 3);
            assertEquals(source == Mpi.PROC_NULL ? rank * 10 : source * 10, replace[0]);
            assertEquals(source, r.source());
            assertProcNullStatus(world.sendrecv(Buf.of(in), Mpi.PROC_NULL, 4, Buf.of(new int[1]), Mpi.PROC_NULL, 4));
            assertNull(world.sendrecvObject("x", Mpi.PROC_NULL, 4, Mpi.PROC_NULL, 4));
            return in[0];
        });
        for (int r = 0; r < ranks; r++) {
            assertEquals(r - 1, got.get(r), "rank " + r + " after the shift");
        }
    }

    /**
     * MPI-4.1 §3.9 and §3.11: persistent requests with {@code PROC_NULL} start and complete at once,
     * every time they are started.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void persistentRequestsWithProcNull(int ranks) {
        run(ranks, world -> {
            int[] buf = {3};
            try (PersistentRequest<Status> send = world.sendInit(Buf.of(buf), Mpi.PROC_NULL, 1);
                 PersistentRequest<Status> recv = world.recvInit(Buf.of(buf), Mpi.PROC_NULL, 1)) {
                for (int i = 0; i < 3; i++) {
                    PersistentRequest.startAll(List.of(send, recv));
                    Request.waitAll(send, recv);
                    assertProcNullStatus(recv.status());
                }
            }
            assertEquals(3, buf[0]);
            return null;
        });
    }

    private static void assertProcNullStatus(Status s) {
        assertEquals(Mpi.PROC_NULL, s.source(), () -> "source of " + s);
        assertEquals(Mpi.ANY_TAG, s.tag(), () -> "tag of " + s);
        assertEquals(0, s.count(), () -> "count of " + s);
        assertEquals(0, s.byteCount(), () -> "byteCount of " + s);
    }
}
