package io.mpi4j.testkit.tck;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of one TCK job: the buffering of standard sends and the time limit after which
 * the runner aborts the job, so that no case can hang a build (DESIGN §9).
 *
 * @param buffering how standard sends are buffered; honoured by runners with
 *     {@link Capability#BUFFERING_MODES}
 * @param timeout the longest the job may run before the runner aborts it; positive
 */
public record TckOptions(TckBuffering buffering, Duration timeout) {
    /** The time limit of {@link #defaults()}: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public TckOptions {
        Objects.requireNonNull(buffering, "buffering");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("invalid timeout=" + timeout + "; a TCK job needs a positive time limit");
        }
    }

    /**
     * The provider's default buffering and a {@link #DEFAULT_TIMEOUT} limit.
     *
     * @return the default options
     */
    public static TckOptions defaults() {
        return new TckOptions(TckBuffering.providerDefault(), DEFAULT_TIMEOUT);
    }

    /**
     * The defaults with another buffering mode.
     *
     * @param buffering the mode
     * @return the options
     */
    public static TckOptions buffering(TckBuffering buffering) {
        return defaults().withBuffering(buffering);
    }

    /**
     * Returns these options with another buffering mode.
     *
     * @param mode the mode
     * @return the new options
     */
    public TckOptions withBuffering(TckBuffering mode) {
        return new TckOptions(mode, timeout);
    }

    /**
     * Returns these options with another time limit.
     *
     * @param limit the limit, positive
     * @return the new options
     */
    public TckOptions withTimeout(Duration limit) {
        return new TckOptions(buffering, limit);
    }
}
