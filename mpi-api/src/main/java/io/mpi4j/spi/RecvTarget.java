package io.mpi4j.spi;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;

/**
 * Where a receive puts the data of the message it matches.
 *
 * <p>Either a buffer given in advance ({@link Into}) or memory allocated once the size of the
 * matched message is known ({@link Allocate}), which object receives use.
 */
public sealed interface RecvTarget {
    /**
     * Returns the buffer for a message of the given size.
     *
     * @param messageBytes the size of the matched message in bytes
     * @return the buffer to receive into; if it is smaller than the message, the receive truncates
     */
    Buf bufferFor(long messageBytes);

    /**
     * The datatype used to count the received elements.
     *
     * @return the datatype of the receive
     */
    Datatype datatype();

    /**
     * Tells whether a thread may write the data: not so for memory of a confined arena that
     * another thread owns, which only its owner may write.
     *
     * @param thread the thread that would write
     * @return {@code true} unless the buffer is confined to another thread
     */
    default boolean writableBy(Thread thread) {
        return true;
    }

    /**
     * Receive into a given buffer.
     *
     * @param buf the receive buffer; viewable as a segment ({@link Buf#hasSegment()})
     */
    record Into(Buf buf) implements RecvTarget {
        @Override
        public Buf bufferFor(long messageBytes) {
            return buf;
        }

        @Override
        public Datatype datatype() {
            return buf.datatype();
        }

        @Override
        public boolean writableBy(Thread thread) {
            return buf.segment().isAccessibleBy(thread);
        }
    }

    /**
     * Receive into a byte array allocated to the size of the matched message.
     */
    final class Allocate implements RecvTarget {
        private volatile byte[] bytes;

        /** Creates a target that allocates on match. */
        public Allocate() {
        }

        @Override
        public Buf bufferFor(long messageBytes) {
            if (messageBytes > Integer.MAX_VALUE - 8) {
                throw new io.mpi4j.MpiException(io.mpi4j.ErrorClass.ERR_COUNT,
                        "object message of " + messageBytes + " bytes exceeds the 2 GiB limit of one byte array");
            }
            byte[] b = new byte[(int) messageBytes];
            bytes = b;
            return Buf.of(b);
        }

        @Override
        public Datatype datatype() {
            return Datatype.BYTE;
        }

        /**
         * Returns the array allocated for the matched message.
         *
         * @return the bytes received; {@code null} before a message matched
         */
        public byte[] bytes() {
            return bytes;
        }
    }
}
