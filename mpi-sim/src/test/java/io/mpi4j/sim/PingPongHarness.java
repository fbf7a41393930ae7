package io.mpi4j.sim;

import io.mpi4j.Buf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A quick ping-pong harness for the sim provider (not a test: timing belongs in benchmarks).
 * Prints the half round-trip latency of 8-byte messages and the bandwidth of 16 MiB messages.
 *
 * <p>Run: {@code java -cp mpi-api/target/classes:mpi-sim/target/classes:mpi-sim/target/test-classes
 * io.mpi4j.sim.PingPongHarness [virtual|platform]}
 */
public final class PingPongHarness {
    private PingPongHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args optional thread kind
     */
    public static void main(String[] args) {
        ThreadKind kind = args.length > 0 ? ThreadKind.valueOf(args[0].toUpperCase()) : ThreadKind.VIRTUAL;
        Sim sim = Sim.builder().ranks(2).threads(kind).build();
        for (int round = 0; round < 5; round++) {
            double lat = sim.run(world -> pingPong(world, Buf.of(new byte[8]), 200_000)).get(0);
            System.out.printf("%s 8 B: %.3f us half round trip%n", kind, lat * 1e6);
        }
        for (int round = 0; round < 3; round++) {
            long size = 16L << 20;
            List<Double> t = sim.run(world -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment seg = arena.allocate(size, 64);
                    return pingPong(world, Buf.of(seg), 100);
                }
            });
            System.out.printf("%s 16 MiB confined segment: %.2f GB/s%n", kind, size / t.get(0) / 1e9);
            List<Double> sh = sim.run(world -> {
                try (Arena arena = Arena.ofShared()) {
                    return pingPong(world, Buf.of(arena.allocate(size, 64)), 100);
                }
            });
            System.out.printf("%s 16 MiB shared segment: %.2f GB/s%n", kind, size / sh.get(0) / 1e9);
            List<Double> h = sim.run(world -> pingPong(world, Buf.of(new byte[(int) size]), 100));
            System.out.printf("%s 16 MiB byte[]: %.2f GB/s%n", kind, size / h.get(0) / 1e9);
        }
    }

    private static double pingPong(io.mpi4j.Intracomm world, Buf buf, int iters) {
        int peer = 1 - world.rank();
        for (int warm = 0; warm < 2; warm++) {
            world.barrier();
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                if (world.rank() == 0) {
                    world.send(buf, peer, 0);
                    world.recv(buf, peer, 0);
                } else {
                    world.recv(buf, peer, 0);
                    world.send(buf, peer, 0);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9 / iters / 2;
            if (warm == 1) {
                return secs;
            }
        }
        throw new AssertionError();
    }
}
