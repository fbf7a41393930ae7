package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.testkit.Payloads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance under load (DESIGN §9, MPI-4.1 §3.5): a flood of {@value #TOTAL_MESSAGES} messages of
 * mixed sizes (0 to 64 KiB, mostly small) and mixed tags between pairs of ranks, with windows of
 * nonblocking sends and receives in flight; every message must arrive intact, in order, with the
 * right envelope.
 *
 * <p>Each message's bytes are a function of its sender and sequence number ({@link Payloads}), so
 * the receiver checks every byte without extra traffic; the per-rank CRC-32 of everything sent and
 * received is compared between partners at the end.
 */
public abstract class FloodTck extends AbstractTck {
    /** Messages in one flood, over all ranks. */
    public static final int TOTAL_MESSAGES = 100_000;
    private static final int WINDOW = 32;
    private static final int MAX_BYTES = 64 * 1024;
    private static final long SEED = 0x5EED_F100DL;

    /** Creates the test instance. */
    protected FloodTck() {
    }

    /**
     * The flood's configurations: 4 ranks in 2 pairs under the default buffering and without
     * buffering, and 2 ranks in one pair with unlimited buffering.
     *
     * @return the arguments {@code (ranks, buffering)}
     */
    public static Stream<Arguments> floodConfigurations() {
        return Stream.of(Arguments.of(4, TckBuffering.providerDefault()), Arguments.of(4, TckBuffering.zero()),
                Arguments.of(2, TckBuffering.infinite()));
    }

    /**
     * MPI-4.1 §3.5 and DESIGN §9: {@value #TOTAL_MESSAGES} messages between pairs (0, 1), (2, 3), ...
     * each rank sending to and receiving from its partner through windows of {@value #WINDOW}
     * nonblocking operations, received with {@code ANY_TAG} so that order across tags is checked too.
     *
     * @param ranks the world size (even)
     * @param buffering the buffering of standard sends
     */
    @ParameterizedTest(name = "ranks={0}, buffering={1}")
    @MethodSource("floodConfigurations")
    @Timeout(180)
    public void floodOfMixedSizeMessagesArrivesIntactAndInOrder(int ranks, TckBuffering buffering) {
        if (!(buffering instanceof TckBuffering.ProviderDefault)) {
            assumeCapability(Capability.BUFFERING_MODES);
        }
        int perRank = TOTAL_MESSAGES / ranks;
        long start = System.nanoTime();
        List<long[]> results = run(ranks, TckOptions.buffering(buffering).withTimeout(java.time.Duration.ofSeconds(150)),
                world -> flood(world, perRank));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes = 0;
        for (int r = 0; r < ranks; r++) {
            long[] mine = results.get(r);
            long[] partner = results.get(r ^ 1);
            assertEquals(perRank, mine[0], "messages rank " + r + " received");
            assertEquals(partner[1], mine[2], "CRC-32 of what rank " + r + " received vs what rank " + (r ^ 1) + " sent");
            bytes += mine[3];
        }
        System.out.printf("flood on %s: %d messages, %.1f MiB, ranks=%d, buffering=%s: %d ms%n", runner().name(),
                (long) perRank * ranks, bytes / 1048576.0, ranks, buffering, millis);
    }

    /** Returns {received count, CRC of sent, CRC of received, bytes sent}. */
    private static long[] flood(Intracomm world, int count) {
        int partner = world.rank() ^ 1;
        SplittableRandom sendSizes = new SplittableRandom(SEED + world.rank());
        SplittableRandom recvSizes = new SplittableRandom(SEED + partner);
        byte[][] sendBufs = new byte[WINDOW][MAX_BYTES];
        byte[][] recvBufs = new byte[WINDOW][MAX_BYTES];
        List<Request<Status>> sends = new ArrayList<>(Collections.nCopies(WINDOW, null));
        List<Request<Status>> recvs = new ArrayList<>(Collections.nCopies(WINDOW, null));
        CRC32 sentCrc = new CRC32();
        CRC32 recvCrc = new CRC32();
        long bytesSent = 0;
        for (int k = 0; k < Math.min(WINDOW, count); k++) {
            recvs.set(k, world.irecv(Buf.of(recvBufs[k]), partner, Mpi.ANY_TAG));
        }
        int received = 0;
        for (int i = 0; i < count + WINDOW; i++) {
            if (i < count) {
                int slot = i % WINDOW;
                if (sends.get(slot) != null) {
                    sends.get(slot).await();
                }
                int size = nextSize(sendSizes);
                Payloads.fill(sendBufs[slot], 0, size, world.rank(), i);
                sentCrc.update(sendBufs[slot], 0, size);
                bytesSent += size;
                sends.set(slot, world.isend(Buf.of(sendBufs[slot], 0, size), partner, i % 3));
            }
            int k = i - WINDOW + 1;
            if (k >= 0 && k < count) {
                int slot = k % WINDOW;
                Status s = recvs.get(slot).await();
                int expected = nextSize(recvSizes);
                checkMessage(s, recvBufs[slot], partner, k, expected);
                recvCrc.update(recvBufs[slot], 0, expected);
                received++;
                if (k + WINDOW < count) {
                    recvs.set(slot, world.irecv(Buf.of(recvBufs[slot]), partner, Mpi.ANY_TAG));
                }
            }
        }
        for (Request<Status> r : sends) {
            if (r != null) {
                r.await();
            }
        }
        return new long[] {received, sentCrc.getValue(), recvCrc.getValue(), bytesSent};
    }

    private static void checkMessage(Status s, byte[] data, int partner, int seq, int expectedSize) {
        if (s.source() != partner || s.tag() != seq % 3 || s.byteCount() != expectedSize) {
            throw new AssertionError("message " + seq + " from rank " + partner + ": expected tag=" + seq % 3 + " bytes="
                    + expectedSize + ", got " + s + " (lost, duplicated or reordered message)");
        }
        int bad = Payloads.firstMismatch(data, 0, expectedSize, partner, seq);
        if (bad >= 0) {
            throw new AssertionError("message " + seq + " from rank " + partner + " (" + expectedSize
                    + " bytes) is corrupted at byte " + bad);
        }
    }

    /** Mostly small: 80 % up to 256 bytes (some empty), 17 % up to 4 KiB, 3 % up to 64 KiB. */
    private static int nextSize(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 80) {
            return random.nextInt(257);
        }
        if (kind < 97) {
            return 257 + random.nextInt(4096 - 256);
        }
        return 4097 + random.nextInt(MAX_BYTES - 4096);
    }
}
