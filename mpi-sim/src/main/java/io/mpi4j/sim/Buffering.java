package io.mpi4j.sim;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;

/**
 * How the {@code sim} provider buffers standard-mode sends (MPI-4.1 §3.4: whether {@code send}
 * returns before the matching receive is posted is the implementation's choice).
 *
 * <ul>
 *   <li>{@link Infinite}: every standard send is copied and returns at once, like an MPI with
 *       unlimited buffer space. Programs that deadlock only under less buffering pass.</li>
 *   <li>{@link Zero}: every standard send waits for its matching receive, like {@code ssend}. A
 *       program that relies on buffering deadlocks here, and {@code sim} reports it.</li>
 *   <li>{@link Eager}: messages up to a threshold are copied and return at once; larger ones wait
 *       for the receive and move with a single copy, as real MPI libraries do. The default, with
 *       {@value #DEFAULT_EAGER_LIMIT} bytes.</li>
 * </ul>
 *
 * <p>Textual form (for {@code -Dmpi4j.sim.buffering} and the launcher): {@code infinite},
 * {@code zero}, {@code eager} or {@code eager:BYTES}.
 */
public sealed interface Buffering {
    /** The threshold of {@link #eager()}: 64 KiB. */
    long DEFAULT_EAGER_LIMIT = 64 * 1024;

    /**
     * Tells whether a standard send of this many bytes is buffered.
     *
     * @param bytes the size of the message
     * @return {@code true} if the send completes without waiting for the receive
     */
    boolean buffers(long bytes);

    /**
     * Unlimited buffering.
     *
     * @return the {@link Infinite} mode
     */
    static Buffering infinite() {
        return new Infinite();
    }

    /**
     * No buffering: every standard send is synchronous.
     *
     * @return the {@link Zero} mode
     */
    static Buffering zero() {
        return new Zero();
    }

    /**
     * Eager up to {@value #DEFAULT_EAGER_LIMIT} bytes.
     *
     * @return the default {@link Eager} mode
     */
    static Buffering eager() {
        return new Eager(DEFAULT_EAGER_LIMIT);
    }

    /**
     * Eager up to the given number of bytes.
     *
     * @param limit the largest message that is buffered, in bytes
     * @return the {@link Eager} mode
     */
    static Buffering eager(long limit) {
        return new Eager(limit);
    }

    /**
     * Parses the textual form.
     *
     * @param text {@code infinite}, {@code zero}, {@code eager} or {@code eager:BYTES}
     * @return the mode
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if the text is not one of these
     */
    static Buffering parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("infinite")) {
            return infinite();
        }
        if (t.equals("zero")) {
            return zero();
        }
        if (t.equals("eager")) {
            return eager();
        }
        if (t.startsWith("eager:")) {
            try {
                return eager(Long.parseLong(t.substring(6)));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new MpiException(ErrorClass.ERR_ARG, "invalid buffering='" + text
                + "'; use infinite, zero, eager or eager:BYTES");
    }

    /** Every standard send is buffered. */
    record Infinite() implements Buffering {
        @Override
        public boolean buffers(long bytes) {
            return true;
        }

        @Override
        public String toString() {
            return "infinite";
        }
    }

    /** No standard send is buffered. */
    record Zero() implements Buffering {
        @Override
        public boolean buffers(long bytes) {
            return false;
        }

        @Override
        public String toString() {
            return "zero";
        }
    }

    /**
     * Standard sends up to {@code limit} bytes are buffered.
     *
     * @param limit the largest buffered message, in bytes
     */
    record Eager(long limit) implements Buffering {
        /**
         * Validates the limit.
         *
         * @throws MpiException with {@link ErrorClass#ERR_ARG} if {@code limit} is negative
         */
        public Eager {
            if (limit < 0) {
                throw new MpiException(ErrorClass.ERR_ARG, "invalid eager limit=" + limit + "; use a limit >= 0");
            }
        }

        @Override
        public boolean buffers(long bytes) {
            return bytes <= limit;
        }

        @Override
        public String toString() {
            return "eager:" + limit;
        }
    }
}
