package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of one record of the {@code shm} transport (one Chronicle document), its encoder
 * and its validating decoder.
 *
 * <pre>
 *  0                   4                   8                  12                  16
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | kind              | context           | source world rank | tag               |
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | sequence (long, per sender)           | message length in bytes (long)        |
 *  +---------------------------------------+-------------------+-------------------+
 *  | inline length     | payload (inline length bytes) ...
 *  | or side-band slot |
 *  +-------------------+
 * </pre>
 *
 * <p>A message of at most {@link #INLINE_MAX} bytes travels inline ({@link #DATA}, or
 * {@link #SYNC_DATA} for a synchronous send, which the receiver acknowledges with an {@link #ACK}
 * naming the sequence). A longer one ({@link #BIG}, {@link #SYNC_BIG}) travels in a side-band
 * segment ({@link ShmSideband}) whose slot takes the place of the inline length: a pooled segment
 * of the sender and receiver pair ({@code slot > 0}), or a one-shot file named by the sender and
 * sequence ({@code slot == 0}). The queue then carries only small records, so its files stay
 * small and roll quickly, and a message needs no reassembly and has no size limit below the file
 * system's.
 *
 * <p>Publication is Chronicle's: a document becomes visible to the tailer when its header's
 * length is written, after the payload (and after the side-band segment's header; its payload
 * follows, chunk by chunk, with its own counter).
 */
final class ShmRecord {
    /** A message whose payload follows inline. */
    static final int DATA = 1;
    /** A synchronous send's message, inline; the receiver answers with {@link #ACK}. */
    static final int SYNC_DATA = 2;
    /** A receiver's acknowledgement that a synchronous send was matched. */
    static final int ACK = 3;
    /** A message whose payload is in a side-band file. */
    static final int BIG = 4;
    /** A synchronous send's message in a side-band file. */
    static final int SYNC_BIG = 5;
    /** The bytes before the payload. */
    static final int HEADER = 36;
    /**
     * The longest inline payload; longer messages go through a side-band segment. Not more: from
     * 64 KiB on, a pooled, pipelined segment is several times faster than Chronicle's copy into
     * the queue, the receiver's copy out of it onto the heap and the copy into the receive buffer
     * (a 128 KiB ping-pong: 0.9 GB/s inline, 3.0 GB/s side-band; 1 MiB: 1.2-1.5 and 5.4-5.9).
     */
    static final int INLINE_MAX = 64 << 10;

    private ShmRecord() {
    }

    /** A decoded record. */
    sealed interface Decoded permits Message, Ack {
    }

    /**
     * A message.
     *
     * @param inline the payload, or {@code null} for a side-band one
     * @param slot the side-band slot (0: a one-shot file), for a side-band message
     */
    record Message(int context, int source, int tag, long seq, long length, boolean sync, byte[] inline, int slot)
            implements Decoded {
    }

    /** An acknowledgement of the synchronous send {@code seq} of this rank, from {@code source}. */
    record Ack(int source, long seq) implements Decoded {
    }

    /**
     * Writes a record's header; an inline payload of {@code inline} bytes must follow (for a
     * side-band message, {@code inline} is the slot and nothing follows).
     */
    static void writeHeader(Bytes<?> b, int kind, int context, int source, int tag, long seq, long length, int inline) {
        b.writeInt(kind).writeInt(context).writeInt(source).writeInt(tag);
        b.writeLong(seq).writeLong(length).writeInt(inline);
    }

    /**
     * Decodes and checks one record; whatever it is made of, this returns or throws
     * {@link MpiException} with {@link ErrorClass#ERR_INTERN}, and reads no further than the record.
     *
     * @param b the record, positioned at its start
     * @param worldSize the number of ranks, which bounds the source
     * @param receiver the rank reading it, for messages
     * @return the record
     * @throws MpiException if the record is malformed
     */
    static Decoded decode(Bytes<?> b, int worldSize, int receiver) {
        long remaining = b.readRemaining();
        if (remaining < HEADER) {
            throw corrupt(receiver, "record of " + remaining + " bytes is shorter than the header of " + HEADER);
        }
        int kind = b.readInt();
        int context = b.readInt();
        int source = b.readInt();
        int tag = b.readInt();
        long seq = b.readLong();
        long length = b.readLong();
        int inline = b.readInt();
        if (source < 0 || source >= worldSize) {
            throw corrupt(receiver, "source=" + source + " is not a rank of the job (size=" + worldSize + ")");
        }
        long rest = b.readRemaining();
        return switch (kind) {
            case ACK -> {
                if (inline != 0 || rest != 0) {
                    throw corrupt(receiver, "ack with inline length=" + inline + " remaining=" + rest);
                }
                yield new Ack(source, seq);
            }
            case DATA, SYNC_DATA -> {
                if (length < 0 || length > INLINE_MAX || inline != length || rest != length) {
                    throw corrupt(receiver, "inline message length=" + length + " inline=" + inline + " remaining=" + rest);
                }
                byte[] data = new byte[inline];
                b.read(data, 0, inline);
                yield new Message(context, source, tag, seq, length, kind == SYNC_DATA, data, 0);
            }
            case BIG, SYNC_BIG -> {
                if (length <= INLINE_MAX || inline < 0 || rest != 0) {
                    throw corrupt(receiver, "side-band message length=" + length + " slot=" + inline + " remaining=" + rest);
                }
                yield new Message(context, source, tag, seq, length, kind == SYNC_BIG, null, inline);
            }
            default -> throw corrupt(receiver, "kind=" + kind);
        };
    }

    /** The name of a one-shot side-band file in the job directory's {@code big} folder. */
    static String sidebandName(int source, long seq) {
        return source + "-" + seq;
    }

    private static MpiException corrupt(int receiver, String what) {
        return new MpiException(ErrorClass.ERR_INTERN, "shm: malformed record in the queue of rank " + receiver + ": " + what);
    }
}
