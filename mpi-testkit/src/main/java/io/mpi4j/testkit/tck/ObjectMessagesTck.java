package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mpi4j.Datatype;
import io.mpi4j.Mpi;
import io.mpi4j.Received;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of object messages (DESIGN §3.2, §3.4, §5): any {@code Serializable} value travels
 * through the codec with the matching, ordering and wildcard rules of buffer messages (MPI-4.1
 * §3.5), and the receiver always gets a copy: a sender changing the object after sending, even
 * before a nonblocking send completes, never changes what is received.
 */
public abstract class ObjectMessagesTck extends AbstractTck {
    /** Creates the test instance. */
    protected ObjectMessagesTck() {
    }

    /**
     * A record sent as an object message.
     *
     * @param name a label
     * @param values nested data
     * @param next a nested record, or {@code null}
     */
    public record Sample(String name, List<Integer> values, Sample next) implements Serializable {
    }

    /**
     * DESIGN §3.4: maps, lists, records, strings, arrays and {@code null} arrive equal to what was
     * sent, through sendObject/recvObject, isendObject/irecvObject, ssendObject and
     * recvObjectWithStatus, whose status reports the source and tag of a wildcard receive.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void objectsRoundTrip(int ranks) {
        run(ranks, world -> {
            int me = world.rank();
            int from = left(world);
            Map<String, Object> map = new HashMap<>(Map.of("rank", me, "pi", 3.14, "list", List.of("a", "b")));
            Sample record = new Sample("r" + me, List.of(me, 2), new Sample("inner", List.of(), null));
            Request<?>[] sends = {
                world.isendObject(map, right(world), 1),
                world.isendObject(record, right(world), 2),
                world.isendObject(null, right(world), 3),
                world.isendObject(new int[] {me, 7}, right(world), 4),
                world.isendObject("s" + me, right(world), 5)};
            Map<String, Object> m = world.recvObject(from, 1);
            assertEquals(Map.of("rank", from, "pi", 3.14, "list", List.of("a", "b")), m);
            Request<Sample> r = world.irecvObject(from, 2);
            assertEquals(new Sample("r" + from, List.of(from, 2), new Sample("inner", List.of(), null)), r.await());
            Received<Object> nothing = world.recvObjectWithStatus(Mpi.ANY_SOURCE, 3);
            assertNull(nothing.value());
            assertEquals(from, nothing.status().source());
            int[] arr = world.recvObject(from, Mpi.ANY_TAG);
            assertArrayEquals(new int[] {from, 7}, arr);
            Received<String> s = world.recvObjectWithStatus(Mpi.ANY_SOURCE, Mpi.ANY_TAG);
            assertEquals("s" + from, s.value());
            assertEquals(from, s.status().source());
            assertEquals(5, s.status().tag());
            assertEquals(Datatype.BYTE, s.status().datatype());
            Request.waitAll(sends);
            world.barrier();
            if (world.size() > 1) {
                if (me == 0) {
                    world.ssendObject(List.of("sync"), 1, 6);
                } else if (me == 1) {
                    assertEquals(List.of("sync"), world.recvObject(0, 6));
                }
            }
            return null;
        });
    }

    /**
     * DESIGN §3.4: sendrecvObject rotates objects around a ring like sendrecv rotates buffers
     * (MPI-4.1 §3.10).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void sendrecvObjectRotatesARing(int ranks) {
        List<List<Integer>> results = run(ranks, world -> {
            List<Integer> held = List.of(world.rank());
            for (int step = 0; step < world.size(); step++) {
                List<Integer> got = world.sendrecvObject(held, right(world), 9, left(world), 9);
                List<Integer> grown = new ArrayList<>(got);
                grown.add(world.rank());
                held = List.copyOf(grown);
            }
            return held;
        });
        for (int r = 0; r < ranks; r++) {
            List<Integer> path = results.get(r);
            assertEquals(ranks + 1, path.size(), "rank " + r + " path " + path);
            assertEquals(r, path.getFirst(), "the object rank " + r + " holds at the end started at rank " + r);
            assertEquals(r, path.getLast());
        }
    }

    /**
     * The buffering modes of the copy-semantics case: with buffering, and without (where a send
     * can only complete after the receive has started, so a provider that kept a reference to the
     * sender's object would be caught).
     *
     * @return the arguments {@code (buffering, ranks)}
     */
    public static Stream<Arguments> copySemanticsConfigurations() {
        return Stream.of(TckBuffering.providerDefault(), TckBuffering.infinite(), TckBuffering.zero())
                .flatMap(b -> Stream.of(1, 2, 3, 5).map(n -> Arguments.of(b, n)));
    }

    /**
     * DESIGN §3.4 and §5: an object sent is a copy. The sender changes the list after
     * {@code sendObject} returns and after {@code isendObject} returns but before that send
     * completes; the receiver gets the values at the time of sending, and a different object.
     *
     * @param buffering the buffering of standard sends
     * @param ranks the world size
     */
    @ParameterizedTest(name = "buffering={0}, ranks={1}")
    @MethodSource("copySemanticsConfigurations")
    public void senderMutationAfterSendIsNotSeen(TckBuffering buffering, int ranks) {
        if (!(buffering instanceof TckBuffering.ProviderDefault)) {
            assumeCapability(Capability.BUFFERING_MODES);
        }
        run(ranks, TckOptions.buffering(buffering), world -> {
            List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
            Map<String, List<Integer>> nested = new HashMap<>(Map.of("k", list));
            Request<Object> first = world.irecvObject(left(world), 1);
            world.barrier();
            world.sendObject(nested, right(world), 1); // the receive is posted: completes under any buffering
            list.add(4);
            nested.put("extra", List.of());
            Request<Status> pending = world.isendObject(nested, right(world), 2);
            list.clear();
            nested.clear();
            Map<String, List<Integer>> got = world.recvObject(left(world), 2);
            assertEquals(Map.of("k", List.of(1, 2, 3, 4), "extra", List.of()), got,
                    "a change after isendObject returned reached the receiver");
            assertEquals(Map.of("k", List.of(1, 2, 3)), first.await(), "a change after sendObject returned reached the receiver");
            assertNotSame(nested, got);
            pending.await();
            return null;
        });
    }
}
