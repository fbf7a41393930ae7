package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/**
 * A ping-pong between ranks 0 and 1 (a job of two ranks): {@code PingPong BYTES ITERATIONS} prints
 * the half round-trip time and the bandwidth. Also the smoke test of a job: a barrier and an
 * allreduce first.
 */
public final class PingPong {
    private PingPong() {
    }

    /**
     * Runs the ping-pong.
     *
     * @param args message size in bytes, iterations
     */
    public static void main(String[] args) {
        int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            int rank = world.rank();
            int[] one = {rank + 1};
            int[] sum = new int[1];
            world.allreduce(Buf.of(one), Buf.of(sum), io.mpi4j.Op.SUM);
            world.barrier();
            System.out.println("rank " + rank + " of " + world.size() + " sum=" + sum[0]);
            if (world.size() < 2 || rank > 1) {
                return;
            }
            Buf buf = Buf.of(java.lang.foreign.Arena.global().allocate(Math.max(bytes, 1)).asSlice(0, bytes));
            for (int round = 0; round < 2; round++) { // the first round warms up
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    if (rank == 0) {
                        world.send(buf, 1, 0);
                        world.recv(buf, 1, 0);
                    } else {
                        world.recv(buf, 0, 0);
                        world.send(buf, 0, 0);
                    }
                }
                long t = System.nanoTime() - t0;
                if (rank == 0 && round == 1) {
                    double half = t / 2.0 / iterations;
                    System.out.printf("bytes=%d iterations=%d half-round-trip=%.2f us bandwidth=%.2f GB/s%n", bytes,
                            iterations, half / 1000, bytes / half);
                }
            }
        }
    }
}
