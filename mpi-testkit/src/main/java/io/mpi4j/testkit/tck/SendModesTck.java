package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the four send modes (MPI-4.1 §3.4, §3.6, §3.7.2): standard, synchronous, buffered
 * and ready sends, blocking and nonblocking, under every buffering of standard sends, with messages
 * below and above the eager threshold.
 */
public abstract class SendModesTck extends AbstractTck {
    /** Message sizes in ints: 16 bytes, 2 KiB and 128 KiB. */
    private static final int[] SIZES = {4, 512, 32 * 1024};
    private static final String[] MODES = {"send", "ssend", "bsend", "rsend"};

    /** Creates the test instance. */
    protected SendModesTck() {
    }

    /**
     * The buffering modes every mode is checked under: unlimited, none, the provider's default,
     * eager with threshold 0 (only empty messages buffered), and eager at 1 KiB, which puts the
     * 16-byte messages below and the 2 KiB and 128 KiB messages above the threshold.
     *
     * @return the modes
     */
    public static Stream<TckBuffering> bufferingModes() {
        return Stream.of(TckBuffering.providerDefault(), TckBuffering.infinite(), TckBuffering.zero(), TckBuffering.eager(0),
                TckBuffering.eager(1024));
    }

    /**
     * Every buffering mode crossed with every world size.
     *
     * @return the arguments {@code (buffering, ranks)}
     */
    public static Stream<Arguments> bufferingModesAndWorldSizes() {
        return bufferingModes().flatMap(b -> Stream.of(1, 2, 3, 5).map(n -> Arguments.of(b, n)));
    }

    /**
     * MPI-4.1 §3.4 and §3.7.2: send, ssend, bsend and rsend and their i-forms all deliver their data,
     * whatever the buffering of standard sends, for messages below and above the eager threshold.
     * Three patterns: a receive posted before a blocking send (which also makes every rsend legal),
     * the nonblocking forms against a posted receive, and pairs in which one rank sends with the
     * blocking form while the other blocks in {@code recv}.
     *
     * @param buffering the buffering of standard sends
     * @param ranks the world size
     */
    @ParameterizedTest(name = "buffering={0}, ranks={1}")
    @MethodSource("bufferingModesAndWorldSizes")
    public void everySendModeDeliversUnderEveryBuffering(TckBuffering buffering, int ranks) {
        if (!(buffering instanceof TckBuffering.ProviderDefault)) {
            assumeCapability(Capability.BUFFERING_MODES);
        }
        run(ranks, TckOptions.buffering(buffering), world -> {
            int bsendSpace = 4 * (4 * SIZES[SIZES.length - 1] + Mpi.BSEND_OVERHEAD);
            world.mpi().attachBuffer(ByteBuffer.allocate(bsendSpace));
            for (int size : SIZES) {
                for (int mode = 0; mode < MODES.length; mode++) {
                    sendToPostedReceive(world, mode, size, false);
                    sendToPostedReceive(world, mode, size, true);
                    if (mode != 3) {
                        blockingSendToBlockingReceive(world, mode, size);
                    }
                }
            }
            assertEquals(bsendSpace, world.mpi().detachBuffer().capacity());
            return null;
        });
    }

    private static void sendToPostedReceive(Intracomm world, int mode, int size, boolean nonblocking) {
        int tag = mode + (nonblocking ? 10 : 0);
        int[] in = new int[size];
        Request<Status> recv = world.irecv(in, left(world), tag);
        world.barrier(); // every receive is posted before any send: rsend is legal
        Buf out = Buf.of(payload(world.rank(), mode, size));
        if (nonblocking) {
            Request<Status> send = switch (mode) {
                case 0 -> world.isend(out, right(world), tag);
                case 1 -> world.issend(out, right(world), tag);
                case 2 -> world.ibsend(out, right(world), tag);
                default -> world.irsend(out, right(world), tag);
            };
            send.await();
        } else {
            blockingSend(world, mode, out, right(world), tag);
        }
        Status s = recv.await();
        assertEnvelope(s, left(world), tag, size);
        assertArrayEquals(payload(left(world), mode, size), in, () -> (nonblocking ? "i" : "") + MODES[mode] + " of " + size + " ints");
    }

    private static void blockingSendToBlockingReceive(Intracomm world, int mode, int size) {
        int rank = world.rank();
        int partner = rank % 2 == 0 ? rank + 1 : rank - 1;
        if (partner >= world.size()) {
            return;
        }
        int tag = 20 + mode;
        int[] in = new int[size];
        if (rank % 2 == 0) {
            blockingSend(world, mode, Buf.of(payload(rank, mode, size)), partner, tag);
            assertEnvelope(world.recv(in, partner, tag), partner, tag, size);
        } else {
            assertEnvelope(world.recv(in, partner, tag), partner, tag, size);
            blockingSend(world, mode, Buf.of(payload(rank, mode, size)), partner, tag);
        }
        assertArrayEquals(payload(partner, mode, size), in, () -> MODES[mode] + " against a blocking recv, " + size + " ints");
    }

    private static void blockingSend(Intracomm world, int mode, Buf out, int dest, int tag) {
        switch (mode) {
            case 0 -> world.send(out, dest, tag);
            case 1 -> world.ssend(out, dest, tag);
            case 2 -> world.bsend(out, dest, tag);
            default -> world.rsend(out, dest, tag);
        }
    }

    private static int[] payload(int rank, int mode, int size) {
        int[] a = new int[size];
        for (int i = 0; i < size; i++) {
            a[i] = rank * 1_000_000 + mode * 100_000 + i;
        }
        return a;
    }

    /**
     * Every buffering mode, for the synchronous-send cases.
     *
     * @return the arguments {@code (buffering, ranks)} for 2 and 3 ranks
     */
    public static Stream<Arguments> bufferingModesOnTwoAndThreeRanks() {
        return bufferingModes().flatMap(b -> Stream.of(2, 3).map(n -> Arguments.of(b, n)));
    }

    /**
     * MPI-4.1 §3.4: a synchronous send completes only after the matching receive has started, even
     * when standard sends would be buffered. Rank 0's {@code issend} stays incomplete while rank 1
     * sits in barriers without a receive, and completes once rank 1 receives.
     *
     * @param buffering the buffering of standard sends, which must not matter
     * @param ranks the world size
     */
    @ParameterizedTest(name = "buffering={0}, ranks={1}")
    @MethodSource("bufferingModesOnTwoAndThreeRanks")
    public void synchronousSendCompletesOnlyAfterReceiveStarts(TckBuffering buffering, int ranks) {
        if (!(buffering instanceof TckBuffering.ProviderDefault)) {
            assumeCapability(Capability.BUFFERING_MODES);
        }
        run(ranks, TckOptions.buffering(buffering), world -> {
            if (world.rank() == 0) {
                Request<Status> ssend = world.issend(Buf.of(new int[] {42}), 1, 9);
                assertTrue(ssend.test().isEmpty(), "issend completed before the receiver posted a receive");
                world.barrier();
                Thread.sleep(50);
                assertTrue(ssend.test().isEmpty(), "issend completed while the receiver was in a barrier");
                world.barrier();
                Status s = ssend.await();
                assertFalse(s.cancelled());
            } else if (world.rank() == 1) {
                world.barrier();
                world.barrier();
                int[] in = new int[1];
                world.recv(in, 0, 9);
                assertEquals(42, in[0]);
            } else {
                world.barrier();
                world.barrier();
            }
            return null;
        });
    }

    /**
     * A standard send and its message size, for {@link #standardSendCompletionFollowsBuffering}.
     *
     * @return the arguments {@code (buffering, bytes)}
     */
    public static Stream<Arguments> bufferingAndMessageSizes() {
        return Stream.of(
                Arguments.of(TckBuffering.infinite(), 16), Arguments.of(TckBuffering.infinite(), 128 * 1024),
                Arguments.of(TckBuffering.zero(), 0), Arguments.of(TckBuffering.zero(), 16),
                Arguments.of(TckBuffering.eager(0), 0), Arguments.of(TckBuffering.eager(0), 4),
                Arguments.of(TckBuffering.eager(1024), 1024), Arguments.of(TckBuffering.eager(1024), 1028));
    }

    /**
     * MPI-4.1 §3.4 and §3.5: whether a standard send completes before its receive is posted is the
     * implementation's choice; a provider that offers buffering modes must honour them. Under
     * {@code infinite}, and under {@code eager} at or below the threshold, {@code isend} completes
     * while the receiver is in a barrier; under {@code zero}, and above the threshold, it does not.
     *
     * @param buffering the buffering mode
     * @param bytes the message size in bytes
     */
    @ParameterizedTest(name = "buffering={0}, bytes={1}")
    @MethodSource("bufferingAndMessageSizes")
    public void standardSendCompletionFollowsBuffering(TckBuffering buffering, int bytes) {
        assumeCapability(Capability.BUFFERING_MODES);
        boolean buffered = buffering.buffers(bytes);
        run(2, TckOptions.buffering(buffering), world -> {
            if (world.rank() == 0) {
                Request<Status> send = world.isend(new byte[bytes], 1, 3);
                if (buffered) {
                    awaitCompletionWithoutReporting(send, 10_000);
                } else {
                    Thread.sleep(50);
                    assertFalse(send.isComplete(), "a standard send of " + bytes + " bytes completed without a receive under "
                            + buffering);
                }
                world.barrier();
                send.await();
            } else {
                world.barrier();
                assertEnvelope(world.recv(new byte[bytes], 0, 3), 0, 3, bytes);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §3.4 and §3.6: a buffered send is local: it completes without a posted receive even
     * when standard sends are not buffered, and {@code detachBuffer} waits until the buffered
     * messages have been delivered and returns the attached buffer.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void bufferedSendIsLocalEvenWithoutBuffering(int ranks) {
        assumeCapability(Capability.BUFFERING_MODES);
        run(ranks, TckOptions.buffering(TckBuffering.zero()), world -> {
            ByteBuffer space = ByteBuffer.allocate(2 * (4000 + Mpi.BSEND_OVERHEAD));
            world.mpi().attachBuffer(space);
            world.bsend(Buf.of(new int[1000]), right(world), 1);
            Request<Status> second = world.ibsend(Buf.of(new int[] {world.rank()}), right(world), 2);
            assertTrue(second.isComplete(), "ibsend is complete on return");
            world.barrier(); // no receive was posted before this point
            int[] in = new int[1000];
            assertEnvelope(world.recv(in, left(world), 1), left(world), 1, 1000);
            assertEnvelope(world.recv(in, left(world), 2), left(world), 2, 1);
            assertEquals(left(world), in[0]);
            assertSame(space, world.mpi().detachBuffer(), "detachBuffer returns the attached buffer");
            return null;
        });
    }

    /**
     * MPI-4.1 §3.6: buffered sends need attached space: without an attached buffer, or with too
     * little free space for the message plus {@code BSEND_OVERHEAD}, {@code bsend} raises
     * {@link ErrorClass#ERR_BUFFER}; attaching twice, and detaching with nothing attached, raise
     * {@link ErrorClass#ERR_BUFFER}; the communicator stays usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void bufferedSendNeedsAttachedSpace(int ranks) {
        run(ranks, world -> {
            Mpi mpi = world.mpi();
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.bsend(Buf.of(new int[4]), right(world), 1));
            assertMpiError(ErrorClass.ERR_BUFFER, mpi::detachBuffer);
            mpi.attachBuffer(ByteBuffer.allocate(64 + Mpi.BSEND_OVERHEAD - 1));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> mpi.attachBuffer(ByteBuffer.allocate(10)));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.bsend(Buf.of(new byte[64]), right(world), 1));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.ibsend(Buf.of(new byte[64]), right(world), 1));
            world.bsend(Buf.of(new byte[63]), right(world), 1); // exactly fits
            assertEnvelope(world.recv(new byte[63], left(world), 1), left(world), 1, 63);
            mpi.detachBuffer();
            assertRingExchangeWorks(world, 2);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.4: a ready send is erroneous unless the matching receive is already posted; a
     * provider that detects it raises {@link io.mpi4j.MpiException} (mpi4j documents
     * {@link ErrorClass#ERR_OTHER}) for {@code rsend} and {@code irsend}, and the communicator stays
     * usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void readySendWithoutPostedReceiveFails(int ranks) {
        assumeCapability(Capability.READY_SEND_CHECK);
        run(ranks, world -> {
            if (world.rank() == 0) { // to rank 1, or to itself on one rank; nobody has posted a receive
                assertMpiError(ErrorClass.ERR_OTHER, () -> world.rsend(Buf.of(new int[] {1}), right(world), 6));
                assertMpiErrorStartingOrCompleting(ErrorClass.ERR_OTHER, () -> world.irsend(Buf.of(new int[] {2}), right(world), 6));
            }
            world.barrier();
            assertEquals(java.util.Optional.empty(), world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG),
                    "a failed ready send left a message behind");
            world.barrier();
            assertRingExchangeWorks(world, 6);
            return null;
        });
    }

    /**
     * MPI-4.1 §3.7.2: many nonblocking sends of every mode to the same destination, completed in
     * one {@code waitAll}, arrive in the order they were started (§3.5).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void nonblockingModesKeepOrder(int ranks) {
        run(ranks, world -> {
            world.mpi().attachBuffer(ByteBuffer.allocate(100 * (4 + Mpi.BSEND_OVERHEAD)));
            List<Request<Status>> recvs = new ArrayList<>();
            int[][] in = new int[100][1];
            for (int i = 0; i < 100; i++) {
                recvs.add(world.irecv(in[i], left(world), 0));
            }
            world.barrier();
            List<Request<Status>> sends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Buf one = Buf.of(new int[] {i});
                sends.add(switch (i % 4) {
                    case 0 -> world.isend(one, right(world), 0);
                    case 1 -> world.issend(one, right(world), 0);
                    case 2 -> world.ibsend(one, right(world), 0);
                    default -> world.irsend(one, right(world), 0);
                });
            }
            Request.waitAll(sends);
            Request.waitAll(recvs);
            for (int i = 0; i < 100; i++) {
                assertEquals(i, in[i][0], "message " + i + " (" + MODES[i % 4] + ") out of order");
            }
            world.mpi().detachBuffer();
            return null;
        });
    }
}
