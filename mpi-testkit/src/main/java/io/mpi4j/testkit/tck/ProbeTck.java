package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Message;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of probes (MPI-4.1 §3.8): {@code probe}/{@code iprobe} report the envelope of a
 * pending message without receiving it; {@code mprobe}/{@code improbe} take it off the queue so
 * that only the returned {@link Message} can receive it, exactly once.
 */
public abstract class ProbeTck extends AbstractTck {
    /** Creates the test instance. */
    protected ProbeTck() {
    }

    /**
     * MPI-4.1 §3.8.1: {@code iprobe} finds nothing before the message is sent; {@code probe} then
     * reports its source, tag and size (element count through {@link Status#count(Datatype)})
     * without consuming it, so {@code iprobe} still sees it and a receive gets it; afterwards
     * nothing is pending.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void probeReportsEnvelopeWithoutReceiving(int ranks) {
        run(ranks, world -> {
            assertEquals(Optional.empty(), world.iprobe(left(world), 3), "iprobe found a message before any was sent");
            assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG));
            world.barrier();
            Request<Status> send = world.isend(new long[] {world.rank(), 2, 3, 4, 5, 6, 7}, right(world), 3);
            Status probed = world.probe(left(world), 3);
            assertEquals(left(world), probed.source());
            assertEquals(3, probed.tag());
            assertEquals(56, probed.byteCount());
            assertEquals(7, probed.count(Datatype.LONG));
            assertEquals(14, probed.count(Datatype.INT));
            Optional<Status> again = world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG);
            assertTrue(again.isPresent(), "probe consumed the message");
            assertEquals(left(world), again.get().source());
            assertEquals(3, again.get().tag());
            long[] in = new long[(int) probed.count(Datatype.LONG)];
            assertEnvelope(world.recv(in, probed.source(), probed.tag()), left(world), 3, 7);
            assertEquals(left(world), in[0]);
            send.await();
            world.barrier();
            assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG), "a received message is still probed");
            return null;
        });
    }

    /**
     * MPI-4.1 §3.8.2: {@code mprobe} removes the matched message from the queue: a later receive
     * with the same envelope gets the next message, and only {@link Message#recv} receives the
     * probed one. A second receive of the same message raises {@link ErrorClass#ERR_REQUEST}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void mprobeTakesMessageOffTheQueue(int ranks) {
        run(ranks, world -> {
            Request<Status> a = world.isend(new int[] {1, 1}, right(world), 4);
            Request<Status> b = world.isend(new int[] {2, 2, 2}, right(world), 4);
            Message first = world.mprobe(left(world), 4);
            assertFalse(first.isNoProc());
            assertEquals(left(world), first.status().source());
            assertEquals(2, first.status().count(Datatype.INT));
            int[] next = new int[3];
            assertEnvelope(world.recv(next, left(world), 4), left(world), 4, 3);
            assertArrayEquals(new int[] {2, 2, 2}, next, "a receive matched the message taken by mprobe");
            int[] probed = new int[2];
            assertEnvelope(first.recv(Buf.of(probed)), left(world), 4, 2);
            assertArrayEquals(new int[] {1, 1}, probed);
            assertMpiError(ErrorClass.ERR_REQUEST, () -> first.recv(Buf.of(probed)));
            assertMpiError(ErrorClass.ERR_REQUEST, first::recvObject);
            Request.waitAll(a, b);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.8.2: {@code improbe} returns nothing until a message matches, then a
     * {@link Message} whose {@code recvObject} and {@code irecv} receive it; objects and buffers
     * both work through matched probes.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void improbeAndMatchedReceives(int ranks) {
        run(ranks, world -> {
            assertEquals(Optional.empty(), world.improbe(left(world), 8));
            world.barrier();
            Request<Status> obj = world.isendObject(Map.of("from", world.rank(), "items", List.of(1, 2, 3)), right(world), 8);
            Request<Status> buf = world.isend(new double[] {world.rank() + 0.5}, right(world), 9);
            Optional<Message> m = Optional.empty();
            while (m.isEmpty()) {
                m = world.improbe(Mpi.ANY_SOURCE, 8);
                Thread.yield(); // ranks may be virtual threads: let the sender run
            }
            Map<String, Object> got = m.get().recvObject();
            assertEquals(Map.of("from", left(world), "items", List.of(1, 2, 3)), got);
            Message second = world.mprobe(left(world), Mpi.ANY_TAG);
            assertEquals(9, second.status().tag());
            double[] d = new double[1];
            Request<Status> r = second.irecv(Buf.of(d));
            assertEnvelope(r.await(), left(world), 9, 1);
            assertEquals(left(world) + 0.5, d[0]);
            assertMpiError(ErrorClass.ERR_REQUEST, () -> second.irecv(Buf.of(d)));
            Request.waitAll(obj, buf);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.8.2 with §3.2.4: receiving a matched message into a buffer that is too small raises
     * {@link ErrorClass#ERR_TRUNCATE}, writes nothing beyond the buffer (whether the part that fits is
     * stored is the library's choice), and consumes the message.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void matchedReceiveTruncates(int ranks) {
        run(ranks, world -> {
            Request<Status> send = world.isend(new int[] {1, 2, 3, 4}, right(world), 6);
            Message m = world.mprobe(left(world), 6);
            int[] small = new int[3];
            assertMpiError(ErrorClass.ERR_TRUNCATE, () -> m.recv(Buf.of(small, 0, 2)));
            assertTruncatedReceive(new int[] {1, 2, 3, 4}, new int[3], small, 2);
            send.await();
            world.barrier();
            assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG), "the truncated message is still queued");
            return null;
        });
    }

    /**
     * MPI-4.1 §3.8.1: the probe-then-receive idiom with {@code ANY_SOURCE}: the size reported by the
     * probe sizes the receive buffer, and receiving from the probed source and tag gets exactly the
     * probed message.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void probeSizesTheReceive(int ranks) {
        run(ranks, world -> {
            Request<Status> send = world.isend(new char[world.rank() + 1], 0, 5);
            if (world.rank() == 0) {
                boolean[] seen = new boolean[world.size()];
                for (int i = 0; i < world.size(); i++) {
                    Status s = world.probe(Mpi.ANY_SOURCE, 5);
                    char[] in = new char[(int) s.count(Datatype.CHAR)];
                    assertEquals(s.source() + 1, in.length, "probed size");
                    assertEnvelope(world.recv(in, s.source(), s.tag()), s.source(), 5, in.length);
                    assertFalse(seen[s.source()]);
                    seen[s.source()] = true;
                }
            }
            send.await();
            return null;
        });
    }
}
