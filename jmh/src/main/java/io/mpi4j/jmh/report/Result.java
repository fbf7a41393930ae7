package io.mpi4j.jmh.report;

/**
 * One measured figure: the time of one operation of a benchmark, on one provider (or the C
 * reference), for one configuration.
 *
 * @param provider {@code sim}, {@code shm}, {@code native}, or {@link #C} for the C reference
 * @param benchmark {@code pingpong}, {@code object}, {@code barrier}, {@code bcast},
 *     {@code allreduce}, {@code allgather} or {@code alltoall}
 * @param variant the memory or object kind ({@code byte[]}, {@code double[]}, {@code direct},
 *     {@code segment}, {@code record}, {@code 1MiB}); empty for collectives and for C
 * @param ranks the number of ranks
 * @param bytes the message size in bytes (0 for barrier and for a small object)
 * @param micros the time of one operation in microseconds (for ping-pong: half a round trip)
 * @param error JMH's 99.9 % confidence half-width in microseconds, or {@code NaN} if unknown
 */
public record Result(String provider, String benchmark, String variant, int ranks, long bytes, double micros, double error) {
    /** The provider name of the C reference. */
    public static final String C = "C Open MPI";

    /**
     * Returns the bandwidth that {@link #micros()} implies for {@link #bytes()}.
     *
     * @return gigabytes (10^9 bytes) per second
     */
    public double gigabytesPerSecond() {
        return bytes / micros / 1e3;
    }
}
