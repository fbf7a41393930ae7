package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of persistent requests (MPI-4.1 §3.9): set up once, started many times with
 * {@code start}/{@code startAll}, each activation completed like any request; starting an active
 * request is an error.
 */
public abstract class PersistentRequestTck extends AbstractTck {
    private static final int ROUNDS = 200;

    /** Creates the test instance. */
    protected PersistentRequestTck() {
    }

    /**
     * MPI-4.1 §3.9: a persistent send and receive in a ring, restarted {@value #ROUNDS} times with
     * {@code startAll} and completed with {@code waitAll}; each activation reads the send buffer as it
     * is at its start and writes the receive buffer, and the status is the activation's.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void persistentRingRestartedManyTimes(int ranks) {
        run(ranks, world -> {
            long[] out = new long[3];
            long[] in = new long[3];
            try (PersistentRequest<Status> send = world.sendInit(Buf.of(out), right(world), 1);
                 PersistentRequest<Status> recv = world.recvInit(Buf.of(in), left(world), 1)) {
                for (int round = 0; round < ROUNDS; round++) {
                    out[0] = world.rank();
                    out[1] = round;
                    out[2] = world.rank() * 1000L + round;
                    PersistentRequest.startAll(List.of(recv, send));
                    Request.waitAll(List.of(send, recv));
                    assertEnvelope(recv.status(), left(world), 1, 3);
                    assertArrayEquals(new long[] {left(world), round, left(world) * 1000L + round}, in, "round " + round);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.9: persistent requests of every send mode (synchronous, buffered, ready) against a
     * persistent receive with {@code ANY_SOURCE}; the ready send starts after a barrier that follows
     * the start of the receive, as §3.4 requires.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void persistentRequestsOfEverySendMode(int ranks) {
        run(ranks, world -> {
            world.mpi().attachBuffer(ByteBuffer.allocate(4 + Mpi.BSEND_OVERHEAD));
            int[] out = {0};
            int[] in = {-1};
            try (PersistentRequest<Status> ssend = world.ssendInit(Buf.of(out), right(world), 2);
                 PersistentRequest<Status> bsend = world.bsendInit(Buf.of(out), right(world), 2);
                 PersistentRequest<Status> rsend = world.rsendInit(Buf.of(out), right(world), 2);
                 PersistentRequest<Status> recv = world.recvInit(Buf.of(in), Mpi.ANY_SOURCE, 2)) {
                List<PersistentRequest<Status>> sends = List.of(ssend, bsend, rsend);
                for (int round = 0; round < 30; round++) {
                    PersistentRequest<Status> send = sends.get(round % 3);
                    out[0] = world.rank() * 100 + round;
                    recv.start();
                    world.barrier();
                    send.start();
                    send.await();
                    Status s = recv.await();
                    assertEnvelope(s, left(world), 2, 1);
                    assertEquals(left(world) * 100 + round, in[0], "round " + round);
                }
            }
            world.mpi().detachBuffer();
            return null;
        });
    }

    /**
     * MPI-4.1 §3.9: starting a request that is still active is erroneous:
     * {@link ErrorClass#ERR_REQUEST}, also through {@code startAll}; once completed it may be started
     * again. A closed (freed) request cannot be started.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void startOnActiveRequestFails(int ranks) {
        run(ranks, world -> {
            int[] in = new int[1];
            PersistentRequest<Status> recv = world.recvInit(Buf.of(in), left(world), 3);
            recv.start();
            assertMpiError(ErrorClass.ERR_REQUEST, recv::start);
            assertMpiError(ErrorClass.ERR_REQUEST, () -> PersistentRequest.startAll(List.of(recv)));
            world.send(new int[] {world.rank()}, right(world), 3);
            assertEnvelope(recv.await(), left(world), 3, 1);
            assertEquals(left(world), in[0]);
            recv.start(); // inactive again after the wait
            world.send(new int[] {world.rank() + 1}, right(world), 3);
            recv.await();
            assertEquals(left(world) + 1, in[0]);
            recv.close();
            assertTrue(recv.isClosed());
            assertMpiError(ErrorClass.ERR_REQUEST, recv::start);
            assertRingExchangeWorks(world, 3);
            return null;
        });
    }
}
