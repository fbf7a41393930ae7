package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of message matching and ordering (MPI-4.1 §3.2–§3.5, §7.4.2): non-overtaking order,
 * wildcards and the status they report, sendrecv and its nonblocking forms, and the private context of a duplicated
 * communicator.
 *
 * <p>Every case runs on 1, 2, 3 and 5 ranks; on one rank the ring degenerates into messages a rank
 * sends to itself, which MPI allows.
 */
public abstract class PointToPointTck extends AbstractTck {
    private static final int MESSAGES = 300;

    /** Creates the test instance. */
    protected PointToPointTck() {
    }

    /**
     * MPI-4.1 §3.5 "Order": messages from one sender to one receiver on one communicator with the
     * same tag are received in the order they were sent, even when many are in flight.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void nonOvertakingWithOneTag(int ranks) {
        run(ranks, world -> {
            List<Request<Status>> sends = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sends.add(world.isend(new int[] {world.rank(), i}, right(world), 7));
            }
            int[] got = new int[2];
            for (int i = 0; i < MESSAGES; i++) {
                world.recv(got, left(world), 7);
                assertArrayEquals(new int[] {left(world), i}, got, "message " + i + " from the left overtook another");
            }
            Request.waitAll(sends);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.5: order holds per tag when tags are mixed. The receiver first drains one tag with
     * an exact-tag receive, then everything else with {@code ANY_TAG}: each tag's messages arrive in
     * send order, and the {@code ANY_TAG} receives see the remaining messages in send order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void nonOvertakingWithMixedTags(int ranks) {
        run(ranks, world -> {
            List<Request<Status>> sends = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sends.add(world.isend(new int[] {i}, right(world), i % 4));
            }
            int[] got = new int[1];
            for (int i = 2; i < MESSAGES; i += 4) {
                Status s = world.recv(got, left(world), 2);
                assertEquals(i, got[0], "tag 2: message overtaken");
                assertEnvelope(s, left(world), 2, 1);
            }
            for (int i = 0; i < MESSAGES; i++) {
                if (i % 4 == 2) {
                    continue;
                }
                Status s = world.recv(got, left(world), Mpi.ANY_TAG);
                assertEquals(i, got[0], "ANY_TAG: messages of tags 0, 1, 3 out of send order");
                assertEnvelope(s, left(world), i % 4, 1);
            }
            Request.waitAll(sends);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.4 and §3.2.5: a receive with {@code ANY_SOURCE} and {@code ANY_TAG} matches any
     * message, and its status reports the actual source, tag and element count. Every rank sends
     * {@code rank + 1} ints with tag {@code 10 + rank} to rank 0, which receives them all with
     * wildcards into a larger buffer.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void wildcardsReportActualSourceTagAndCount(int ranks) {
        run(ranks, world -> {
            int[] mine = new int[world.rank() + 1];
            java.util.Arrays.fill(mine, 100 + world.rank());
            Request<Status> send = world.isend(mine, 0, 10 + world.rank());
            if (world.rank() == 0) {
                Set<Integer> sources = new TreeSet<>();
                for (int i = 0; i < world.size(); i++) {
                    int[] into = new int[world.size() + 4];
                    Status s = world.recv(into, Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                    int src = s.source();
                    assertTrue(src >= 0 && src < world.size(), "status.source=" + src);
                    assertEnvelope(s, src, 10 + src, src + 1);
                    assertEquals(4L * (src + 1), s.byteCount(), "status.byteCount");
                    for (int k = 0; k < into.length; k++) {
                        assertEquals(k <= src ? 100 + src : 0, into[k], "element " + k + " from " + src);
                    }
                    assertTrue(sources.add(src), "source " + src + " matched twice");
                }
                assertEquals(world.size(), sources.size());
            }
            send.await();
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.4: {@code ANY_SOURCE} with a specific tag only matches that tag; messages of
     * other tags stay queued for later receives.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void anySourceWithSpecificTagLeavesOtherTagsQueued(int ranks) {
        run(ranks, world -> {
            Request<Status> a = world.isend(new int[] {1}, right(world), 1);
            Request<Status> b = world.isend(new int[] {2}, right(world), 2);
            int[] got = new int[1];
            Status s2 = world.recv(got, Mpi.ANY_SOURCE, 2);
            assertEquals(2, got[0]);
            assertEnvelope(s2, left(world), 2, 1);
            Status s1 = world.recv(got, left(world), Mpi.ANY_TAG);
            assertEquals(1, got[0]);
            assertEnvelope(s1, left(world), 1, 1);
            Request.waitAll(a, b);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.10: sendrecv in a ring. Each rank passes a value right {@code size} times; after
     * each step it holds its left neighbour's previous value, and after a full turn its own again.
     * The same with sendrecvReplace, which reuses one buffer.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void sendrecvAndSendrecvReplaceRotateARing(int ranks) {
        List<int[]> results = run(ranks, world -> {
            int n = world.size();
            long[] value = {world.rank() * 1000L};
            long[] in = new long[1];
            for (int step = 1; step <= n; step++) {
                Status s = world.sendrecv(Buf.of(value), right(world), 3, Buf.of(in), left(world), 3);
                assertEnvelope(s, left(world), 3, 1);
                assertEquals(((world.rank() - step) % n + n) % n * 1000L, in[0], "sendrecv step " + step);
                value[0] = in[0];
            }
            double[] replaced = {world.rank(), -world.rank(), 0.5};
            for (int step = 1; step <= n; step++) {
                Status s = world.sendrecvReplace(Buf.of(replaced), right(world), 4, left(world), 4);
                assertEnvelope(s, left(world), 4, 3);
                int origin = ((world.rank() - step) % n + n) % n;
                assertArrayEquals(new double[] {origin, -origin, 0.5}, replaced, "sendrecvReplace step " + step);
            }
            return new int[] {(int) (value[0] / 1000), (int) replaced[0]};
        });
        for (int r = 0; r < ranks; r++) {
            assertArrayEquals(new int[] {r, r}, results.get(r), "after a full turn rank " + r + " holds its own value");
        }
    }

    /**
     * MPI-4.0 §3.10: isendrecv and isendrecvReplace, the nonblocking forms. A rank starts a
     * rotation to the right and one to the left at once and completes them together; the request
     * yields the receive's status. isendrecvReplace leaves the received data in the one buffer. With
     * {@code PROC_NULL} on both sides the request yields the empty status; overlapping buffers are
     * refused with ERR_BUFFER at the call; a receive that truncates fails the request with
     * ERR_TRUNCATE (from another rank: Open MPI 4.1 does not report
     * the truncation of a message a process sends itself).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void isendrecvAndIsendrecvReplaceCompleteBothHalves(int ranks) {
        run(ranks, world -> {
            int me = world.rank();
            long[] fromLeft = new long[2];
            long[] fromRight = new long[2];
            Request<Status> rightwards = world.isendrecv(Buf.of(new long[] {me, 7}), right(world), 5, Buf.of(fromLeft), left(world), 5);
            Request<Status> leftwards = world.isendrecv(Buf.of(new long[] {me, 8}), left(world), 6, Buf.of(fromRight), right(world), 6);
            Request.waitAll(rightwards, leftwards);
            assertEnvelope(rightwards.status(), left(world), 5, 2);
            assertEnvelope(leftwards.await(), right(world), 6, 2);
            assertArrayEquals(new long[] {left(world), 7}, fromLeft, "isendrecv to the right");
            assertArrayEquals(new long[] {right(world), 8}, fromRight, "isendrecv to the left");

            double[] replaced = {me, -me, 0.5};
            Status st = world.isendrecvReplace(Buf.of(replaced), right(world), 9, left(world), 9).await();
            assertEnvelope(st, left(world), 9, 3);
            assertArrayEquals(new double[] {left(world), -left(world), 0.5}, replaced, "isendrecvReplace");

            int[] untouched = {-1};
            Status none = world.isendrecv(Buf.of(new int[] {1}), Mpi.PROC_NULL, 1, Buf.of(untouched), Mpi.PROC_NULL, 1).await();
            assertEquals(Mpi.PROC_NULL, none.source(), "source of a receive from PROC_NULL");
            assertEquals(0, none.count(), "count of a receive from PROC_NULL");
            assertEquals(-1, untouched[0], "a receive from PROC_NULL writes nothing");

            int[] both = new int[4];
            MpiException overlap = assertThrows(MpiException.class, () -> world.isendrecv(Buf.of(both, 0, 3), right(world), 2,
                    Buf.of(both, 2, 2), left(world), 2));
            assertEquals(ErrorClass.ERR_BUFFER, overlap.errorClass(), "overlapping isendrecv buffers");

            if (world.size() > 1) {
                // from another rank: Open MPI 4.1 truncates a posted receive of a message to oneself silently
                int[] small = new int[2];
                Request<Status> truncating = world.isendrecv(Buf.of(new int[] {me, 1, 2, 3}), right(world), 3, Buf.of(small), left(world), 3);
                MpiException truncated = assertThrows(MpiException.class, truncating::await);
                assertEquals(ErrorClass.ERR_TRUNCATE, truncated.errorClass(), "a truncated receive fails the isendrecv");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.10: sendrecv with {@code ANY_SOURCE}/{@code ANY_TAG} on the receive side reports
     * the actual envelope, and a shorter message leaves the rest of the receive buffer untouched.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void sendrecvWithWildcards(int ranks) {
        run(ranks, world -> {
            short[] in = {-1, -1, -1, -1};
            Status s = world.sendrecv(Buf.of(new short[] {(short) world.rank(), 9}), right(world), 20 + world.rank(),
                    Buf.of(in), Mpi.ANY_SOURCE, Mpi.ANY_TAG);
            assertEnvelope(s, left(world), 20 + left(world), 2);
            assertArrayEquals(new short[] {(short) left(world), 9, -1, -1}, in);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 and §3.2.3: a duplicated communicator has a new context, so a message sent on
     * the duplicate is never matched by a receive, probe or wildcard on the original, and the other
     * way round.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void dupHasSeparateContext(int ranks) {
        run(ranks, world -> {
            try (Intracomm dup = world.dup()) {
                Request<Status> onDup = dup.isend(new int[] {1}, right(world), 5);
                world.barrier();
                Status arrived = dup.probe(left(world), 5);
                assertEnvelope(arrived.withDatatype(Datatype.INT), left(world), 5, 1);
                assertEquals(Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG),
                        "a message on the dup is visible on the original communicator");
                world.barrier(); // nobody sends on the original before every rank has probed it
                Request<Status> onWorld = world.isend(new int[] {2}, right(world), 5);
                int[] got = new int[1];
                world.recv(got, Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                assertEquals(2, got[0], "a receive on the original matched the message sent on the dup");
                dup.recv(got, Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                assertEquals(1, got[0]);
                Request.waitAll(onDup, onWorld);
            }
            return null;
        });
    }

    /**
     * Large receives into slices of heap arrays (MPI-4.1 §3.2.4): a message of 256 KiB that fills
     * the slice exactly and a shorter one arrive whole, a longer one fails with
     * {@link io.mpi4j.ErrorClass#ERR_TRUNCATE} without writing beyond the slice (the guard ints around
     * it keep their values), and the next message is received as usual. Providers that write heap
     * arrays in place, or probe before receiving, must keep all of this.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void largeHeapReceivesFitOrTruncateWithinTheirSlice(int ranks) {
        run(ranks, world -> {
            int fits = 64 * 1024;
            int guard = 16;
            if (world.rank() == 0) {
                for (int len : new int[] {fits, fits / 3, fits + 4096, 5}) {
                    int[] msg = new int[len];
                    for (int i = 0; i < len; i++) {
                        msg[i] = len * 7 + i;
                    }
                    world.send(msg, 1, 9);
                }
            } else if (world.rank() == 1) {
                for (int len : new int[] {fits, fits / 3}) {
                    int[] a = new int[fits + 2 * guard];
                    java.util.Arrays.fill(a, -1);
                    Status st = world.recv(Buf.of(a, guard, fits), 0, 9);
                    assertEquals(4L * len, st.byteCount(), "bytes of a message of " + len + " ints");
                    for (int i = 0; i < a.length; i++) {
                        int expected = i >= guard && i < guard + len ? len * 7 + (i - guard) : -1;
                        assertEquals(expected, a[i], "element " + i + " after receiving " + len + " ints");
                    }
                }
                int len = fits + 4096;
                int[] a = new int[fits + 2 * guard];
                java.util.Arrays.fill(a, -1);
                int[] before = a.clone();
                assertMpiError(io.mpi4j.ErrorClass.ERR_TRUNCATE, () -> world.recv(Buf.of(a, guard, fits), 0, 9));
                int[] message = new int[fits];
                for (int i = 0; i < fits; i++) {
                    message[i] = len * 7 + i;
                }
                for (int i = 0; i < guard; i++) {
                    assertEquals(-1, a[i], "a truncated receive wrote before its slice, at index " + i);
                    assertEquals(-1, a[guard + fits + i], "a truncated receive wrote beyond its slice, at index " + (guard + fits + i));
                }
                assertTruncatedReceive(message, java.util.Arrays.copyOfRange(before, guard, guard + fits),
                        java.util.Arrays.copyOfRange(a, guard, guard + fits), fits);
                int[] next = new int[5];
                world.recv(next, 0, 9);
                assertArrayEquals(new int[] {35, 36, 37, 38, 39}, next, "the message after a truncated one");
            }
            return null;
        });
    }

    /**
     * Messages far longer than their receive buffers (MPI-4.1 §3.2.4), received blocking and
     * nonblocking into 8-int slices of a heap array and of native memory: each receive fails with
     * {@link io.mpi4j.ErrorClass#ERR_TRUNCATE} and writes nothing outside its slice, whatever protocol
     * the library uses for long messages (Open MPI 4's shared-memory single-copy path writes the
     * whole message past the buffer). The guards around each slice are as long as the message, so
     * that an overrun lands in them; the message after the truncated ones arrives as usual.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void longMessagesTruncatedIntoSmallBuffersStayWithinThem(int ranks) {
        run(ranks, world -> {
            int small = 8;
            int len = 16 * 1024; // 64 KiB: beyond every transport's eager limit
            if (world.rank() == 0) {
                int[] msg = new int[len];
                java.util.Arrays.fill(msg, 0x5a5a5a5a);
                for (int k = 0; k < 4; k++) {
                    world.send(msg, 1, 11);
                }
                world.send(new int[] {1, 2, 3}, 1, 11);
            } else if (world.rank() == 1) {
                int[] heap = new int[len + small + len];
                try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                    java.lang.foreign.MemorySegment off = arena.allocate(4L * heap.length, 8);
                    for (int k = 0; k < 4; k++) {
                        java.util.Arrays.fill(heap, -1);
                        off.fill((byte) -1);
                        boolean blocking = k % 2 == 0;
                        Buf slice = k < 2 ? Buf.of(heap, len, small)
                                : Buf.of(off.asSlice(4L * len, 4L * small), Datatype.INT);
                        String how = (blocking ? "recv" : "irecv") + " into " + (k < 2 ? "a heap array" : "native memory");
                        if (blocking) {
                            assertMpiError(io.mpi4j.ErrorClass.ERR_TRUNCATE, () -> world.recv(slice, 0, 11));
                        } else {
                            assertMpiErrorStartingOrCompleting(io.mpi4j.ErrorClass.ERR_TRUNCATE, () -> world.irecv(slice, 0, 11));
                        }
                        for (int i = 0; i < heap.length; i++) {
                            if (i >= len && i < len + small) {
                                continue; // the slice itself: undefined after a truncated receive
                            }
                            int v = k < 2 ? heap[i] : off.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i);
                            if (v != -1) {
                                throw new AssertionError("a truncated " + how + " wrote outside its slice, at int "
                                        + (i - len) + " from the slice's start");
                            }
                        }
                    }
                }
                int[] next = new int[3];
                world.recv(next, 0, 11);
                assertArrayEquals(new int[] {1, 2, 3}, next, "the message after the truncated ones");
            }
            return null;
        });
    }
}
