package io.mpi4j.sim;

/**
 * A quick scale check (not a test): barriers on many virtual-thread ranks.
 *
 * <p>Run: {@code java -Xmx4g -cp mpi-api/target/classes:mpi-sim/target/classes:mpi-sim/target/test-classes
 * io.mpi4j.sim.ScaleHarness 100000}
 */
public final class ScaleHarness {
    private ScaleHarness() {
    }

    /**
     * Runs the check.
     *
     * @param args the number of ranks
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            Sim.exec(n, world -> {
                for (int i = 0; i < 10; i++) {
                    world.barrier();
                }
            });
            System.out.printf("%d ranks: job with 10 barriers took %.1f ms%n", n, (System.nanoTime() - t0) / 1e6);
        }
    }
}
