package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of request completion (MPI-4.1 §3.7.3, §3.7.5): {@code waitAll}, {@code waitAny},
 * {@code waitSome}, {@code testAll}, {@code testAny}, {@code testSome} — which indices they report,
 * that a reported request becomes inactive and is skipped, {@link Request#UNDEFINED} when none is
 * active — and the {@link CompletableFuture} view that completes without anyone calling wait.
 *
 * <p>The cases use rank 0 as sender and rank 1 as receiver; other ranks only take part in barriers.
 */
public abstract class RequestFamiliesTck extends AbstractTck {
    /** Creates the test instance. */
    protected RequestFamiliesTck() {
    }

    /**
     * MPI-4.1 §3.7.5: {@code waitAny} returns the index of a completed request and makes it
     * inactive; later calls skip it; with no active request left it returns {@code UNDEFINED}, and
     * {@code testAny} returns {@code UNDEFINED} too.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void waitAnyReportsEachCompletionOnceThenUndefined(int ranks) {
        assumeRanksAtLeast(ranks, 2);
        run(ranks, world -> {
            if (world.rank() == 1) {
                int[][] in = new int[3][1];
                List<Request<Status>> reqs = List.of(world.irecv(in[0], 0, 0), world.irecv(in[1], 0, 1), world.irecv(in[2], 0, 2));
                assertEquals(Optional.empty(), Request.testAny(reqs), "testAny before any message");
                world.barrier();
                assertEquals(1, Request.waitAny(reqs), "only the tag-1 message was sent");
                assertEquals(11, in[1][0]);
                world.barrier();
                TreeSet<Integer> rest = new TreeSet<>();
                rest.add(Request.waitAny(reqs));
                rest.add(Request.waitAny(reqs));
                assertEquals(new TreeSet<>(List.of(0, 2)), rest, "each completion is reported once, index 1 is skipped");
                assertEquals(Request.UNDEFINED, Request.waitAny(reqs));
                assertEquals(Optional.of(Request.UNDEFINED), Request.testAny(reqs));
                assertArrayEquals(new int[] {10, 11, 12}, new int[] {in[0][0], in[1][0], in[2][0]});
            } else if (world.rank() == 0) {
                world.barrier();
                world.send(new int[] {11}, 1, 1);
                world.barrier();
                world.send(new int[] {12}, 1, 2);
                world.send(new int[] {10}, 1, 0);
            } else {
                world.barrier();
                world.barrier();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.7.5: {@code testAll} is false while one request is pending and completes nothing;
     * {@code waitSome} and {@code testSome} return the indices of completed requests in increasing
     * order, each exactly once, and nothing once every request is inactive.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void testAllWaitSomeAndTestSome(int ranks) {
        assumeRanksAtLeast(ranks, 2);
        run(ranks, world -> {
            if (world.rank() == 1) {
                int[][] in = new int[4][1];
                List<Request<Status>> reqs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    reqs.add(world.irecv(in[t], 0, t));
                }
                assertArrayEquals(new int[0], Request.testSome(reqs));
                world.barrier(); // rank 0 sends tags 0 and 2
                awaitCompletionWithoutReporting(reqs.get(0), 10_000);
                awaitCompletionWithoutReporting(reqs.get(2), 10_000);
                assertFalse(Request.testAll(reqs), "testAll with two receives pending");
                assertArrayEquals(new int[] {0, 2}, Request.waitSome(reqs));
                assertArrayEquals(new int[0], Request.testSome(reqs), "reported requests must be skipped");
                world.barrier(); // rank 0 sends tags 1 and 3
                List<Integer> later = new ArrayList<>();
                while (later.size() < 2) {
                    for (int i : Request.waitSome(reqs)) {
                        later.add(i);
                    }
                }
                // rank 0 sends tag 3 before tag 1: two waitSome calls may report them in either order
                later.sort(null);
                assertEquals(List.of(1, 3), later, "each completion reported exactly once");
                assertArrayEquals(new int[0], Request.waitSome(reqs), "waitSome with no active request");
                assertArrayEquals(new int[0], Request.testSome(reqs));
                assertTrue(Request.testAll(reqs));
                assertArrayEquals(new int[] {100, 101, 102, 103}, new int[] {in[0][0], in[1][0], in[2][0], in[3][0]});
            } else if (world.rank() == 0) {
                world.barrier();
                world.send(new int[] {100}, 1, 0);
                world.send(new int[] {102}, 1, 2);
                world.barrier();
                world.send(new int[] {103}, 1, 3);
                world.send(new int[] {101}, 1, 1);
            } else {
                world.barrier();
                world.barrier();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.7.5 and §3.9: inactive persistent requests (never started) are skipped by the
     * families: {@code waitAny} returns {@code UNDEFINED}, {@code waitSome} nothing, {@code waitAll}
     * and {@code testAll} succeed at once; an active one among them is found.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void inactiveRequestsAreSkipped(int ranks) {
        run(ranks, world -> {
            int[] a = new int[1];
            int[] b = new int[1];
            try (PersistentRequest<Status> ra = world.recvInit(Buf.of(a), left(world), 1);
                 PersistentRequest<Status> rb = world.recvInit(Buf.of(b), left(world), 2)) {
                List<Request<Status>> both = List.of(ra, rb);
                assertEquals(Request.UNDEFINED, Request.waitAny(both));
                assertEquals(Optional.of(Request.UNDEFINED), Request.testAny(both));
                assertArrayEquals(new int[0], Request.waitSome(both));
                Request.waitAll(both);
                assertTrue(Request.testAll(both));
                rb.start();
                world.send(new int[] {world.rank()}, right(world), 2);
                assertEquals(1, Request.waitAny(both));
                assertEquals(left(world), b[0]);
                assertEquals(Request.UNDEFINED, Request.waitAny(both));
            }
            return null;
        });
    }

    /**
     * Java has no MPI_REQUEST_NULL: each family refuses a {@code null} list (ERR_ARG) and a
     * {@code null} element (ERR_REQUEST) with a message, rather than a NullPointerException, and
     * the requests of the list stay usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2})
    public void nullRequestsAreRefused(int ranks) {
        run(ranks, world -> {
            int[] a = new int[1];
            Request<Status> r = world.irecv(Buf.of(a), left(world), 4);
            List<Request<Status>> withNull = java.util.Arrays.asList(r, null);
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.waitAll(withNull));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.waitAll(r, null));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.waitAny(withNull));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.waitSome(withNull));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.testAll(withNull));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.testAny(withNull));
            assertMpiError(ErrorClass.ERR_REQUEST, () -> Request.testSome(withNull));
            assertMpiError(ErrorClass.ERR_ARG, () -> Request.waitAll((List<Request<Status>>) null));
            assertMpiError(ErrorClass.ERR_ARG, () -> Request.waitAll((Request<?>[]) null));
            assertMpiError(ErrorClass.ERR_ARG, () -> Request.waitAny(null));
            world.send(new int[] {world.rank()}, right(world), 4);
            Request.waitAll(List.of(r));
            assertEquals(left(world), a[0]);
            return null;
        });
    }

    /**
     * DESIGN §3.5 (pympi): the {@link CompletableFuture} view of a receive completes with the
     * received object or status by itself, while the receiving rank never calls wait or test; its
     * callbacks run, and the request is then complete.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void completableFutureCompletesWithoutWait(int ranks) {
        run(ranks, world -> {
            Request<Map<String, Integer>> obj = world.irecvObject(left(world), 1);
            int[] in = new int[2];
            Request<Status> buf = world.irecv(in, left(world), 2);
            CompletableFuture<Integer> value = obj.toCompletableFuture().thenApply(m -> m.get("rank"));
            CompletableFuture<Status> status = buf.toCompletableFuture();
            assertFalse(value.isDone(), "the future completed before anything was sent");
            world.barrier();
            world.sendObject(Map.of("rank", world.rank()), right(world), 1);
            world.send(new int[] {world.rank(), 5}, right(world), 2);
            assertEquals(left(world), value.get(10, TimeUnit.SECONDS));
            Status s = status.get(10, TimeUnit.SECONDS);
            assertEnvelope(s, left(world), 2, 2);
            assertArrayEquals(new int[] {left(world), 5}, in);
            assertTrue(obj.isComplete());
            return null;
        });
    }

    /**
     * MPI-4.1 §3.7.3: {@code test} returns nothing while the operation is pending (and may be
     * called again), then the result; after completion {@code await} returns the same result again.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void testIsEmptyUntilCompletion(int ranks) {
        run(ranks, world -> {
            Request<String> r = world.irecvObject(left(world), 4);
            for (int i = 0; i < 3; i++) {
                assertEquals(Optional.empty(), r.test());
            }
            world.barrier();
            world.sendObject("hello from " + world.rank(), right(world), 4);
            Optional<String> got = Optional.empty();
            while (got.isEmpty()) {
                got = r.test();
                Thread.yield(); // ranks may be virtual threads: let the sender run
            }
            assertEquals("hello from " + left(world), got.get());
            assertEquals("hello from " + left(world), r.await());
            return null;
        });
    }
}
