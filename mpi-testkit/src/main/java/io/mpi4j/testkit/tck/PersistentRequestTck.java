package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /**
     * MPI-4.1 §3.9: every activation of a persistent send reads its buffer as it is when started,
     * and every activation of a persistent receive writes its buffer, whatever memory holds it: a
     * heap array changed between starts, a direct {@code ByteBuffer}, a native segment, a
     * {@code boolean[]}, and a strided vector type (every second int) that must be packed.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void persistentRequestsOnEveryBufferKind(int ranks) {
        run(ranks, world -> {
            int me = world.rank();
            int from = left(world);
            int[] heapOut = new int[4];
            int[] heapIn = new int[4];
            ByteBuffer directOut = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            ByteBuffer directIn = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            boolean[] flagsOut = new boolean[3];
            boolean[] flagsIn = new boolean[3];
            int[] stridedOut = new int[6];
            int[] stridedIn = new int[6];
            Datatype everySecond = Datatype.vector(3, 1, 2, Datatype.INT).commit();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment segOut = arena.allocate(ValueLayout.JAVA_LONG, 2);
                MemorySegment segIn = arena.allocate(ValueLayout.JAVA_LONG, 2);
                List<PersistentRequest<Status>> all = List.of(
                        world.sendInit(Buf.of(heapOut), right(world), 11), world.recvInit(Buf.of(heapIn), from, 11),
                        world.sendInit(Buf.of(directOut, Datatype.INT, 4), right(world), 12),
                        world.recvInit(Buf.of(directIn, Datatype.INT, 4), from, 12),
                        world.sendInit(Buf.of(segOut, Datatype.LONG, 2), right(world), 13),
                        world.recvInit(Buf.of(segIn, Datatype.LONG, 2), from, 13),
                        world.sendInit(Buf.of(flagsOut), right(world), 14), world.recvInit(Buf.of(flagsIn), from, 14),
                        world.sendInit(Buf.of(stridedOut).withType(everySecond, 1), right(world), 15),
                        world.recvInit(Buf.of(stridedIn).withType(everySecond, 1), from, 15));
                try {
                    for (int round = 0; round < 12; round++) {
                        int v = me * 100 + round;
                        java.util.Arrays.fill(heapOut, v);
                        for (int i = 0; i < 4; i++) {
                            directOut.putInt(4 * i, v + i);
                        }
                        segOut.setAtIndex(ValueLayout.JAVA_LONG, 0, v);
                        segOut.setAtIndex(ValueLayout.JAVA_LONG, 1, -v);
                        for (int i = 0; i < 3; i++) {
                            flagsOut[i] = (v + i) % 2 == 0;
                        }
                        for (int i = 0; i < 6; i++) {
                            stridedOut[i] = i % 2 == 0 ? v + i : -1;
                        }
                        PersistentRequest.startAll(all);
                        Request.waitAll(all);
                        int w = from * 100 + round;
                        assertArrayEquals(new int[] {w, w, w, w}, heapIn, "heap array, round " + round);
                        for (int i = 0; i < 4; i++) {
                            assertEquals(w + i, directIn.getInt(4 * i), "direct buffer, round " + round);
                        }
                        assertEquals(w, segIn.getAtIndex(ValueLayout.JAVA_LONG, 0), "segment, round " + round);
                        assertEquals(-w, segIn.getAtIndex(ValueLayout.JAVA_LONG, 1), "segment, round " + round);
                        for (int i = 0; i < 3; i++) {
                            assertEquals((w + i) % 2 == 0, flagsIn[i], "boolean[], round " + round);
                        }
                        assertArrayEquals(new int[] {w, 0, w + 2, 0, w + 4, 0}, stridedIn, "strided type, round " + round);
                    }
                } finally {
                    all.forEach(PersistentRequest::close);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.9: {@code startAll} starts persistent requests of every kind at once (receives,
     * sends of several modes, a send to {@code PROC_NULL} and a persistent collective), and
     * {@code waitAll} completes them together, round after round. A request that was never
     * started, or has completed, is inactive: waiting on it returns at once with an empty status.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void startAllOverMixedPersistentRequests(int ranks) {
        run(ranks, world -> {
            Intracomm comm = world;
            int[] out = new int[1];
            int[] in = new int[1];
            int[] synced = new int[1];
            int[] root = new int[1];
            try (PersistentRequest<Status> recv = world.recvInit(Buf.of(in), left(world), 21);
                 PersistentRequest<Status> recvSync = world.recvInit(Buf.of(synced), left(world), 22);
                 PersistentRequest<Status> send = world.sendInit(Buf.of(out), right(world), 21);
                 PersistentRequest<Status> ssend = world.ssendInit(Buf.of(out), right(world), 22);
                 PersistentRequest<Status> nowhere = world.sendInit(Buf.of(out), Mpi.PROC_NULL, 21);
                 PersistentRequest<Status> bcast = comm.bcastInit(Buf.of(root), 0)) {
                Status idle = recv.await();
                assertEquals(Mpi.PROC_NULL, idle.source(), "source of a request never started: " + idle);
                assertEquals(0, idle.count(), "count of a request never started: " + idle);
                List<PersistentRequest<Status>> all = List.of(recv, recvSync, send, ssend, nowhere, bcast);
                for (int round = 0; round < 20; round++) {
                    out[0] = world.rank() * 1000 + round;
                    if (world.rank() == 0) {
                        root[0] = 7 * round;
                    }
                    PersistentRequest.startAll(all);
                    Request.waitAll(all);
                    assertEquals(left(world) * 1000 + round, in[0], "standard, round " + round);
                    assertEquals(left(world) * 1000 + round, synced[0], "synchronous, round " + round);
                    assertEquals(7 * round, root[0], "bcast, round " + round);
                    assertEnvelope(recvSync.status(), left(world), 22, 1);
                }
                assertEquals(Request.UNDEFINED, Request.waitAny(all), "every request is inactive again");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.9 and §3.8.4: an active persistent receive can be cancelled; the activation then
     * completes with a cancelled status and the request can be started again and receive. A
     * persistent receive that fails with {@link ErrorClass#ERR_TRUNCATE} is complete and inactive,
     * and receives the next message when started again.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void cancelledAndTruncatedActivationsLeaveTheRequestUsable(int ranks) {
        run(ranks, world -> {
            int[] in = {-1};
            try (PersistentRequest<Status> recv = world.recvInit(Buf.of(in), left(world), 31)) {
                recv.start();
                recv.cancel();
                Status cancelled = recv.await();
                assertTrue(cancelled.cancelled(), "status of a cancelled activation: " + cancelled);
                assertEquals(-1, in[0], "a cancelled activation wrote into its buffer");
                world.barrier();
                // nonblocking: on one rank a blocking send to oneself may wait for the receive
                Request<Status> tooLong = world.isend(new int[] {world.rank(), 1}, right(world), 31);
                recv.start();
                assertMpiError(ErrorClass.ERR_TRUNCATE, recv::await);
                tooLong.await();
                assertFalse(recv.isClosed());
                recv.start();
                world.send(new int[] {world.rank() + 10}, right(world), 31);
                assertEnvelope(recv.await(), left(world), 31, 1);
                assertEquals(left(world) + 10, in[0]);
            }
            assertRingExchangeWorks(world, 31);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.9: closing (freeing) an active persistent receive lets its activation complete:
     * the message it matched is consumed, so the next receive with the same envelope gets the next
     * message; closing twice is harmless.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void closingAnActiveRequestLetsItComplete(int ranks) {
        run(ranks, world -> {
            int[] in = new int[1];
            PersistentRequest<Status> recv = world.recvInit(Buf.of(in), left(world), 41);
            recv.start();
            recv.close();
            recv.close();
            // nonblocking: the second send has no receive posted until the recv below
            Request<Status> first = world.isend(new int[] {1}, right(world), 41); // matched by the freed activation
            Request<Status> second = world.isend(new int[] {2}, right(world), 41);
            int[] next = new int[1];
            world.recv(Buf.of(next), left(world), 41);
            Request.waitAll(first, second);
            assertEquals(2, next[0], "the first message went to the freed persistent receive");
            assertRingExchangeWorks(world, 41);
            return null;
        });
    }
}
