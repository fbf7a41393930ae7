package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.List;

/**
 * Ping-pong between ranks 0 and 1: measures the latency of 8-byte messages (half the round trip)
 * and the bandwidth of messages from 1 KiB to 16 MiB, with {@code byte[]} buffers. Other ranks, if
 * any, wait.
 *
 * <p>Arguments: the number of round trips for the latency (default 1000) and for each bandwidth
 * size (default 10). The defaults are small, for a quick run; use more for stable figures.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 2 -cp docs/target/classes io.mpi4j.examples.PingPong 100000 200
 * }
 */
public final class PingPong {
    private static final int TAG = 0;
    private static final List<Integer> BANDWIDTH_SIZES = List.of(1 << 10, 64 << 10, 1 << 20, 16 << 20);

    private PingPong() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the round trips for latency and for bandwidth, both optional
     */
    public static void main(String[] args) {
        int latencyIterations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int bandwidthIterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            if (world.size() < 2) {
                throw new IllegalStateException("PingPong needs 2 ranks, not " + world.size() + "; run it with -n 2");
            }
            byte[] buffer = new byte[BANDWIDTH_SIZES.getLast()];
            double seconds = pingPong(world, buffer, 8, latencyIterations);
            if (world.rank() == 0) {
                System.out.printf("latency 8 B: %.3f us (half round trip, %d round trips)%n",
                        seconds / (2.0 * latencyIterations) * 1e6, latencyIterations);
            }
            for (int size : BANDWIDTH_SIZES) {
                seconds = pingPong(world, buffer, size, bandwidthIterations);
                if (world.rank() == 0) {
                    double bytesPerSecond = 2.0 * size * bandwidthIterations / seconds;
                    System.out.printf("bandwidth %d B: %.3f GB/s (%d round trips)%n", size, bytesPerSecond / 1e9, bandwidthIterations);
                }
            }
        }
    }

    // tag::pingpong[]
    /** Bounces a message of {@code size} bytes between ranks 0 and 1 and returns the time it took. */
    static double pingPong(Intracomm world, byte[] buffer, int size, int iterations) {
        Buf message = Buf.of(buffer, 0, size);          // a slice: the first size bytes
        int rank = world.rank();
        double start = 0;
        for (int i = -1; i < iterations; i++) {         // round trip -1 warms up
            if (i == 0) {
                start = world.mpi().wtime();
            }
            if (rank == 0) {
                world.send(message, 1, TAG);
                world.recv(message, 1, TAG);
            } else if (rank == 1) {
                world.recv(message, 0, TAG);
                world.send(message, 0, TAG);
            }
        }
        return world.mpi().wtime() - start;
    }
    // end::pingpong[]
}
