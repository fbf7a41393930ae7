package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.WBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of message data (MPI-4.1 §3.2.2, §3.3): every Java primitive type, array slices with
 * offsets, heap and direct {@link ByteBuffer}s, {@link MemorySegment}s, and zero-size messages, each
 * sent around a ring and checked element by element, including that the memory around a receive
 * slice is untouched.
 */
public abstract class BufferKindsTck extends AbstractTck {
    private static final int TAG = 31;

    /** Creates the test instance. */
    protected BufferKindsTck() {
    }

    /**
     * MPI-4.1 §3.2.2 and §3.3.1: each primitive array type travels with its inferred datatype and
     * arrives bit-exact (NaN payloads, {@code -0.0}, extremes included); the status counts elements
     * of that type.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void everyPrimitiveArrayType(int ranks) {
        run(ranks, world -> {
            int from = left(world);
            int to = right(world);
            byte[] bytes = {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE, (byte) world.rank()};
            boolean[] bools = {true, false, false, true, world.rank() % 2 == 0};
            char[] chars = {'\0', 'a', '\uFFFF', '\u20AC', (char) world.rank()};
            short[] shorts = {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE, (short) world.rank()};
            int[] ints = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, world.rank()};
            long[] longs = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, world.rank()};
            float[] floats = {Float.NaN, Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE, Float.MAX_VALUE,
                Float.NEGATIVE_INFINITY, world.rank()};
            double[] doubles = {Double.NaN, Double.longBitsToDouble(0x7ff8000000000abcL), -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, world.rank()};
            Request<?>[] sends = {
                world.isend(bytes, to, TAG), world.isend(bools, to, TAG), world.isend(chars, to, TAG),
                world.isend(shorts, to, TAG), world.isend(ints, to, TAG), world.isend(longs, to, TAG),
                world.isend(floats, to, TAG), world.isend(doubles, to, TAG)};

            byte[] b = new byte[bytes.length];
            assertEnvelope(world.recv(b, from, TAG), from, TAG, b.length);
            assertArrayEquals(new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE, (byte) from}, b);
            boolean[] z = new boolean[bools.length];
            assertEnvelope(world.recv(z, from, TAG), from, TAG, z.length);
            assertArrayEquals(new boolean[] {true, false, false, true, from % 2 == 0}, z);
            char[] c = new char[chars.length];
            assertEnvelope(world.recv(c, from, TAG), from, TAG, c.length);
            assertArrayEquals(new char[] {'\0', 'a', '\uFFFF', '\u20AC', (char) from}, c);
            short[] s = new short[shorts.length];
            assertEnvelope(world.recv(s, from, TAG), from, TAG, s.length);
            assertArrayEquals(new short[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE, (short) from}, s);
            int[] i = new int[ints.length];
            assertEnvelope(world.recv(i, from, TAG), from, TAG, i.length);
            assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, from}, i);
            long[] l = new long[longs.length];
            assertEnvelope(world.recv(l, from, TAG), from, TAG, l.length);
            assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, from}, l);
            float[] f = new float[floats.length];
            assertEnvelope(world.recv(f, from, TAG), from, TAG, f.length);
            for (int k = 0; k < f.length - 1; k++) {
                assertEquals(Float.floatToRawIntBits(floats[k]), Float.floatToRawIntBits(f[k]), "float bits of element " + k);
            }
            assertEquals(from, f[f.length - 1]);
            double[] d = new double[doubles.length];
            assertEnvelope(world.recv(d, from, TAG), from, TAG, d.length);
            for (int k = 0; k < d.length - 1; k++) {
                assertEquals(Double.doubleToRawLongBits(doubles[k]), Double.doubleToRawLongBits(d[k]), "double bits of element " + k);
            }
            assertEquals(from, d[d.length - 1]);
            Request.waitAll(sends);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.2: a slice {@code Buf.of(array, offset, count)} sends exactly those elements and
     * receives into exactly those elements; the elements around the receive slice are untouched.
     * Checked for every array type, with different offsets on the two sides.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void arraySlicesWithOffsets(int ranks) {
        run(ranks, world -> {
            int from = left(world);
            int to = right(world);
            int me = world.rank();
            Request<?>[] sends = {
                world.isend(Buf.of(new byte[] {9, 9, 9, (byte) me, 2, 3, 9}, 3, 3), to, TAG),
                world.isend(Buf.of(new boolean[] {false, true, me % 2 == 0, false}, 1, 2), to, TAG),
                world.isend(Buf.of(new char[] {'x', 'y', (char) ('A' + me)}, 2, 1), to, TAG),
                world.isend(Buf.of(new short[] {7, (short) me, 8}, 1, 2), to, TAG),
                world.isend(Buf.of(new int[] {0, 0, 0, 0, me, me + 1}, 4, 2), to, TAG),
                world.isend(Buf.of(new long[] {me, 1, 2}, 0, 2), to, TAG),
                world.isend(Buf.of(new float[] {5, 6, me + 0.5f, 7}, 2, 2), to, TAG),
                world.isend(Buf.of(new double[] {me + 0.25, -1, -2}, 0, 1), to, TAG)};

            byte[] b = {-1, -1, -1, -1, -1};
            assertEnvelope(world.recv(Buf.of(b, 1, 3), from, TAG), from, TAG, 3);
            assertArrayEquals(new byte[] {-1, (byte) from, 2, 3, -1}, b);
            boolean[] z = {true, true, true, true};
            assertEnvelope(world.recv(Buf.of(z, 2, 2), from, TAG), from, TAG, 2);
            assertArrayEquals(new boolean[] {true, true, true, from % 2 == 0}, z);
            char[] c = {'-', '-'};
            assertEnvelope(world.recv(Buf.of(c, 1, 1), from, TAG), from, TAG, 1);
            assertArrayEquals(new char[] {'-', (char) ('A' + from)}, c);
            short[] s = {-1, -1, -1, -1};
            assertEnvelope(world.recv(Buf.of(s, 0, 2), from, TAG), from, TAG, 2);
            assertArrayEquals(new short[] {(short) from, 8, -1, -1}, s);
            int[] i = {-1, -1, -1};
            assertEnvelope(world.recv(Buf.of(i, 1, 2), from, TAG), from, TAG, 2);
            assertArrayEquals(new int[] {-1, from, from + 1}, i);
            long[] l = {-1, -1, -1, -1};
            assertEnvelope(world.recv(Buf.of(l, 2, 2), from, TAG), from, TAG, 2);
            assertArrayEquals(new long[] {-1, -1, from, 1}, l);
            float[] f = {-1, -1, -1};
            assertEnvelope(world.recv(Buf.of(f, 1, 2), from, TAG), from, TAG, 2);
            assertArrayEquals(new float[] {-1, from + 0.5f, 7}, f);
            double[] d = {-1, -1};
            assertEnvelope(world.recv(Buf.of(d, 1, 1), from, TAG), from, TAG, 1);
            assertArrayEquals(new double[] {-1, from + 0.25}, d);
            Request.waitAll(sends);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.2: heap and direct {@link ByteBuffer}s (native byte order, typed as DOUBLE) and
     * {@link MemorySegment}s from a confined arena (typed as LONG) both send and receive, in every
     * combination with arrays; the received values read back through the typed accessors.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void byteBuffersAndMemorySegments(int ranks) {
        run(ranks, world -> {
            int from = left(world);
            int to = right(world);
            int n = 6;
            try (Arena arena = Arena.ofConfined()) {
                ByteBuffer directOut = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder());
                ByteBuffer heapOut = ByteBuffer.allocate(8 * n).order(ByteOrder.nativeOrder());
                MemorySegment segmentOut = arena.allocate(ValueLayout.JAVA_LONG, n);
                for (int k = 0; k < n; k++) {
                    directOut.putDouble(8 * k, world.rank() + k / 8.0);
                    heapOut.putDouble(8 * k, -world.rank() - k);
                    segmentOut.setAtIndex(ValueLayout.JAVA_LONG, k, world.rank() * 100L + k);
                }
                Request<?>[] sends = {
                    world.isend(Buf.of(directOut, Datatype.DOUBLE), to, TAG),
                    world.isend(Buf.of(heapOut, Datatype.DOUBLE), to, TAG),
                    world.isend(Buf.of(segmentOut, Datatype.LONG), to, TAG),
                    world.isend(new long[] {world.rank(), 1, 2}, to, TAG)};

                // direct buffer -> segment (DOUBLE elements)
                MemorySegment segIn = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
                assertEnvelope(world.recv(Buf.of(segIn, Datatype.DOUBLE), from, TAG), from, TAG, n);
                for (int k = 0; k < n; k++) {
                    assertEquals(from + k / 8.0, segIn.getAtIndex(ValueLayout.JAVA_DOUBLE, k), "direct -> segment element " + k);
                }
                // heap buffer -> direct buffer
                ByteBuffer directIn = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder());
                assertEnvelope(world.recv(Buf.of(directIn, Datatype.DOUBLE), from, TAG), from, TAG, n);
                for (int k = 0; k < n; k++) {
                    assertEquals(-from - k, directIn.getDouble(8 * k), "heap -> direct element " + k);
                }
                // segment -> heap buffer with a position: only the remaining bytes are written
                ByteBuffer heapIn = ByteBuffer.allocate(8 * (n + 1)).order(ByteOrder.nativeOrder());
                heapIn.putLong(0, -7).position(8);
                assertEnvelope(world.recv(Buf.of(heapIn, Datatype.LONG), from, TAG), from, TAG, n);
                assertEquals(-7, heapIn.getLong(0), "the byte before the buffer's position was overwritten");
                for (int k = 0; k < n; k++) {
                    assertEquals(from * 100L + k, heapIn.getLong(8 + 8 * k), "segment -> heap element " + k);
                }
                // array -> segment slice of a larger segment
                MemorySegment big = arena.allocate(ValueLayout.JAVA_LONG, 5).fill((byte) 0x11);
                assertEnvelope(world.recv(Buf.of(big.asSlice(8, 24), Datatype.LONG), from, TAG), from, TAG, 3);
                assertEquals(0x1111111111111111L, big.getAtIndex(ValueLayout.JAVA_LONG, 0));
                assertEquals(from, big.getAtIndex(ValueLayout.JAVA_LONG, 1));
                assertEquals(2, big.getAtIndex(ValueLayout.JAVA_LONG, 3));
                assertEquals(0x1111111111111111L, big.getAtIndex(ValueLayout.JAVA_LONG, 4));
                Request.waitAll(sends);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.8 and §6.13, DESIGN §3.3: memory of a confined arena in a nonblocking and in a
     * persistent alltoallw (blocks of predefined types, so nothing is packed). A provider may
     * progress such a call on another thread, which cannot touch memory confined to the caller's:
     * it must still work, the four bytes after each received block keep their contents, and each
     * start of the persistent call sends the data of that moment.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void confinedSegmentsInNonblockingAndPersistentAlltoallw(int ranks) {
        run(ranks, world -> {
            int p = world.size();
            int me = world.rank();
            int[] counts = new int[p];
            long[] displs = new long[p];
            Datatype[] types = new Datatype[p];
            for (int q = 0; q < p; q++) {
                counts[q] = 1;
                displs[q] = 8L * q;
                types[q] = Datatype.INT;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment send = arena.allocate(8L * p, 8);
                MemorySegment recv = arena.allocate(8L * p, 8);
                WBuf out = new WBuf(send, counts, displs, types);
                WBuf in = new WBuf(recv, counts, displs, types);
                try (PersistentRequest<Status> persistent = world.alltoallwInit(out, in)) {
                    for (int round = 0; round < 3; round++) {
                        for (int q = 0; q < p; q++) {
                            send.set(ValueLayout.JAVA_INT, 8L * q, 1000 * round + 100 * me + q);
                        }
                        recv.fill((byte) 0x5a);
                        if (round == 0) {
                            world.ialltoallw(out, in).await();
                        } else {
                            persistent.start();
                            persistent.await();
                        }
                        for (int q = 0; q < p; q++) {
                            assertEquals(1000 * round + 100 * q + me, recv.get(ValueLayout.JAVA_INT, 8L * q),
                                    "round " + round + ", the block from rank " + q);
                            assertEquals(0x5a5a5a5a, recv.get(ValueLayout.JAVA_INT, 8L * q + 4),
                                    "round " + round + ", the gap after the block from rank " + q);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * The buffering modes and world sizes of the confined-segment case.
     *
     * @return the arguments {@code (buffering, ranks)}
     */
    public static Stream<Arguments> confinedSegmentConfigurations() {
        return Stream.of(TckBuffering.providerDefault(), TckBuffering.infinite(), TckBuffering.zero())
                .flatMap(b -> Stream.of(1, 2, 3, 5).map(n -> Arguments.of(b, n)));
    }

    /**
     * MPI-4.1 §3.2.2 and DESIGN §3.3: {@link MemorySegment}s of a confined arena work as send and
     * receive buffers in both orders of posting — receive posted before the send arrives, and send
     * waiting for a late receive (rendezvous) — and under every buffering. A confined segment may
     * only be accessed by its owner thread, so a provider must not touch another rank's confined
     * memory from its own thread (or must use memory it may access).
     *
     * @param buffering the buffering of standard sends
     * @param ranks the world size
     */
    @ParameterizedTest(name = "buffering={0}, ranks={1}")
    @MethodSource("confinedSegmentConfigurations")
    public void confinedSegmentsInBothPostingOrders(TckBuffering buffering, int ranks) {
        if (!(buffering instanceof TckBuffering.ProviderDefault)) {
            assumeCapability(Capability.BUFFERING_MODES);
        }
        run(ranks, TckOptions.buffering(buffering), world -> {
            int n = 1024;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_INT, n);
                for (int k = 0; k < n; k++) {
                    out.setAtIndex(ValueLayout.JAVA_INT, k, world.rank() * n + k);
                }
                MemorySegment early = arena.allocate(ValueLayout.JAVA_INT, n);
                Request<Status> posted = world.irecv(Buf.of(early, Datatype.INT), left(world), 1);
                world.barrier(); // every receive is posted before the first send
                Request<Status> send = world.isend(Buf.of(out, Datatype.INT), right(world), 1);
                assertEnvelope(posted.await(), left(world), 1, n);
                send.await();
                world.barrier();
                Request<Status> late = world.isend(Buf.of(out, Datatype.INT), right(world), 2);
                world.barrier(); // every send is started before the first receive
                MemorySegment after = arena.allocate(ValueLayout.JAVA_INT, n);
                assertEnvelope(world.recv(Buf.of(after, Datatype.INT), left(world), 2), left(world), 2, n);
                late.await();
                for (int k = 0; k < n; k++) {
                    assertEquals(left(world) * n + k, early.getAtIndex(ValueLayout.JAVA_INT, k), "receive posted first, element " + k);
                    assertEquals(left(world) * n + k, after.getAtIndex(ValueLayout.JAVA_INT, k), "send started first, element " + k);
                }
            }
            return null;
        });
    }

    /**
     * DESIGN §3.3 and MPI-4.1 §11.6: a receive and a nonblocking allreduce into memory of a
     * confined arena, waited for by another thread than the owner while the owner waits for that
     * thread. A provider that must leave the writing to the owner fails the request with
     * {@link ErrorClass#ERR_BUFFER}; one that can write the memory (MPI itself does, under
     * {@code native}) delivers the data. Either way the wait returns: {@code sim} left it waiting
     * for the owner, forever (found by an independent check). Below MULTIPLE there is no other
     * thread to ask.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void confinedMemoryCompletedOnAnotherThreadArrivesOrFailsButNeverHangs(int ranks) {
        run(ranks, world -> {
            if (world.mpi().threadLevel() != io.mpi4j.ThreadLevel.MULTIPLE) {
                return null;
            }
            int n = 16;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocate(ValueLayout.JAVA_INT, n);
                MemorySegment sum = arena.allocate(ValueLayout.JAVA_INT, n);
                Request<Status> recv = world.irecv(Buf.of(in, Datatype.INT), left(world), 3);
                world.barrier(); // posted before the send: the sending rank matches it
                int[] out = new int[n];
                java.util.Arrays.fill(out, world.rank());
                world.isend(Buf.of(out), right(world), 3).await();
                Request<Status> reduce = world.iallreduce(Buf.of(out), Buf.of(sum, Datatype.INT), io.mpi4j.Op.SUM);
                MpiException[] failed = new MpiException[2];
                Thread other = Thread.ofPlatform().name("not-the-owner").start(() -> {
                    try {
                        recv.await();
                    } catch (MpiException e) {
                        failed[0] = e;
                    }
                    try {
                        reduce.await();
                    } catch (MpiException e) {
                        failed[1] = e;
                    }
                });
                other.join(30_000);
                assertFalse(other.isAlive(), "a wait on another thread than the memory's owner still blocks after 30 s");
                int total = world.size() * (world.size() - 1) / 2;
                for (int k = 0; k < n; k++) {
                    if (failed[0] == null) {
                        assertEquals(left(world), in.getAtIndex(ValueLayout.JAVA_INT, k), "received element " + k);
                    }
                    if (failed[1] == null) {
                        assertEquals(total, sum.getAtIndex(ValueLayout.JAVA_INT, k), "reduced element " + k);
                    }
                }
                for (MpiException e : failed) {
                    if (e != null) {
                        assertEquals(ErrorClass.ERR_BUFFER, e.errorClass(), e.getMessage());
                    }
                }
            }
            world.barrier();
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.2: a read-only {@link ByteBuffer} is a valid send buffer (only receive buffers
     * must be writable).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void readOnlyBufferCanBeSent(int ranks) {
        run(ranks, world -> {
            ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0, world.rank()).putLong(8, 99);
            Request<Status> send = world.isend(Buf.of(data.asReadOnlyBuffer(), Datatype.LONG), right(world), 3);
            long[] in = new long[2];
            assertEnvelope(world.recv(in, left(world), 3), left(world), 3, 2);
            assertArrayEquals(new long[] {left(world), 99}, in);
            send.await();
            return null;
        });
    }

    /**
     * MPI-4.1 §3.2.2 and §3.2.5: a message of zero elements is a real message (it matches a receive,
     * carries its tag, keeps its place in the order) with count 0, and leaves the receive buffer
     * untouched; {@code Buf.of(array, offset, 0)} is valid for every offset up to the length.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void zeroSizeMessages(int ranks) {
        run(ranks, world -> {
            int from = left(world);
            int to = right(world);
            double[] some = {1, 2, 3};
            Request<?>[] sends = {
                world.isend(new int[0], to, 40),
                world.isend(Buf.of(some, 3, 0), to, 41),
                world.isend(Buf.of(ByteBuffer.allocateDirect(0)), to, 42),
                world.isend(Buf.of(MemorySegment.ofArray(new long[0]), Datatype.LONG), to, 43),
                world.isend(new int[] {world.rank()}, to, 44)};
            int[] into = {-5, -5};
            assertEnvelope(world.recv(into, from, 40), from, 40, 0);
            assertArrayEquals(new int[] {-5, -5}, into, "a zero-size message wrote into the buffer");
            double[] d = {-5};
            Status s = world.recv(Buf.of(d, 0, 1), from, io.mpi4j.Mpi.ANY_TAG);
            assertEnvelope(s, from, 41, 0);
            assertArrayEquals(new double[] {-5}, d);
            assertEnvelope(world.recv(Buf.of(new byte[0]), from, 42), from, 42, 0);
            assertEnvelope(world.recv(Buf.of(into, 2, 0), from, 43), from, 43, 0);
            assertEnvelope(world.recv(into, from, 44), from, 44, 1);
            assertEquals(from, into[0], "the message after the empty ones");
            Request.waitAll(sends);
            return null;
        });
    }
}
