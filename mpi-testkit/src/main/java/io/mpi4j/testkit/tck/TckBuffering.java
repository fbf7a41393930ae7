package io.mpi4j.testkit.tck;

/**
 * How the provider under test should buffer standard-mode sends, for runners with
 * {@link Capability#BUFFERING_MODES} (MPI-4.1 §3.4: whether a standard send returns before the
 * matching receive is posted is the implementation's choice).
 *
 * <p>Runners without that capability run every job with {@link #providerDefault()}.
 */
public sealed interface TckBuffering {
    /**
     * Whatever the provider does by default.
     *
     * @return the {@link ProviderDefault} mode
     */
    static TckBuffering providerDefault() {
        return new ProviderDefault();
    }

    /**
     * Unlimited buffering: every standard send completes without waiting for its receive.
     *
     * @return the {@link Infinite} mode
     */
    static TckBuffering infinite() {
        return new Infinite();
    }

    /**
     * No buffering: every standard send waits for its matching receive, like a synchronous send.
     *
     * @return the {@link Zero} mode
     */
    static TckBuffering zero() {
        return new Zero();
    }

    /**
     * Standard sends of at most {@code limit} bytes are buffered, larger ones wait for the receive.
     *
     * @param limit the largest buffered message, in bytes (0 buffers only empty messages)
     * @return the {@link Eager} mode
     */
    static TckBuffering eager(long limit) {
        return new Eager(limit);
    }

    /**
     * Tells whether a standard send of this many bytes completes without waiting for its receive
     * under this mode.
     *
     * @param bytes the message size
     * @return {@code true} if buffered; {@code false} if it waits, or if the mode is the provider's
     *     default (which the TCK does not presume)
     */
    boolean buffers(long bytes);

    /** The provider's own default buffering. */
    record ProviderDefault() implements TckBuffering {
        @Override
        public boolean buffers(long bytes) {
            return false;
        }

        @Override
        public String toString() {
            return "default";
        }
    }

    /** Unlimited buffering. */
    record Infinite() implements TckBuffering {
        @Override
        public boolean buffers(long bytes) {
            return true;
        }

        @Override
        public String toString() {
            return "infinite";
        }
    }

    /** No buffering. */
    record Zero() implements TckBuffering {
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
     * Eager buffering up to a threshold.
     *
     * @param limit the largest buffered message, in bytes
     */
    record Eager(long limit) implements TckBuffering {
        /**
         * Validates the limit.
         *
         * @throws IllegalArgumentException if {@code limit} is negative
         */
        public Eager {
            if (limit < 0) {
                throw new IllegalArgumentException("invalid eager limit=" + limit + "; use a limit >= 0");
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
