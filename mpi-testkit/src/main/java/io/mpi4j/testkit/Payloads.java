package io.mpi4j.testkit;

import java.util.zip.CRC32;

/**
 * Deterministic message payloads and their checksums, for tests that must prove that data arrived
 * intact and in order.
 *
 * <p>A payload is a function of {@code (stream, sequence, size)}: a sender fills its buffer with
 * {@link #fill}, and the receiver, knowing the stream and the sequence number it expects next,
 * checks the bytes it got with {@link #firstMismatch} without any extra message. Different
 * streams and sequence numbers give different bytes, so a message delivered out of order or to the
 * wrong receive is detected, not only a corrupted one.
 *
 * {@snippet :
 * byte[] out = new byte[size];
 * Payloads.fill(out, 0, size, sender, seq);
 * comm.send(Buf.of(out), peer, tag);
 * // on the receiver:
 * int bad = Payloads.firstMismatch(in, 0, status.byteCount(), sender, seq);  // -1 if intact
 * }
 */
public final class Payloads {
    private Payloads() {
    }

    /**
     * Fills {@code length} bytes of {@code buffer}, from {@code offset}, with the payload of message
     * {@code sequence} of {@code stream}.
     *
     * @param buffer the destination
     * @param offset the first byte to write
     * @param length the number of bytes
     * @param stream which sender or channel the message belongs to
     * @param sequence the message's sequence number in its stream
     */
    public static void fill(byte[] buffer, int offset, int length, long stream, long sequence) {
        long state = seed(stream, sequence);
        for (int i = 0; i < length; i++) {
            state = next(state);
            buffer[offset + i] = (byte) (state >>> 56);
        }
    }

    /**
     * Finds the first byte of a received message that differs from the payload {@link #fill}
     * would write.
     *
     * @param buffer the received data
     * @param offset where the message starts in {@code buffer}
     * @param length the number of bytes received
     * @param stream the stream the message should belong to
     * @param sequence the sequence number the message should have
     * @return the index (relative to {@code offset}) of the first wrong byte, or -1 if all match
     */
    public static int firstMismatch(byte[] buffer, int offset, long length, long stream, long sequence) {
        long state = seed(stream, sequence);
        for (int i = 0; i < length; i++) {
            state = next(state);
            if (buffer[offset + i] != (byte) (state >>> 56)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the CRC-32 of a byte range, as {@link CRC32} computes it.
     *
     * @param buffer the data
     * @param offset the first byte
     * @param length the number of bytes
     * @return the checksum
     */
    public static long crc32(byte[] buffer, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer, offset, length);
        return crc.getValue();
    }

    private static long seed(long stream, long sequence) {
        return mix(stream * 0x9E3779B97F4A7C15L + sequence + 1);
    }

    private static long next(long state) {
        return state * 6364136223846793005L + 1442695040888963407L;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
