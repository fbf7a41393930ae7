package io.mpi4j.bench;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Op;
import io.mpi4j.sim.CollectiveAlgorithms;
import io.mpi4j.sim.Sim;
import io.mpi4j.sim.ThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of {@code bench/compare-collectives.sh}: the measurements of
 * {@code bench/c/collectives.c} (barrier latency, allreduce with {@code SUM} of 1 MiB of doubles),
 * run on jobs of the {@code sim} provider built with {@link Sim#builder()}. A main program, not a
 * test: benchmarks are never part of the test suite.
 *
 * <pre>
 * java -cp ... io.mpi4j.bench.CollectivesHarness [--ranks 4,64] [--barrier-iters 10000]
 *     [--allreduce-iters 200] [--warmup 10] [--threads virtual|platform]
 *     [--algorithms shared_memory|point_to_point]
 * </pre>
 *
 * <p>Prints one line per measurement, in the C program's format:
 * {@code collectives impl=sim ranks=4 op=barrier bytes=0 iters=10000 usec=0.812}, where
 * {@code usec} is the time of one operation: the slowest rank's average over the timed iterations.
 */
public final class CollectivesHarness {
    private static final int ALLREDUCE_BYTES = 1 << 20;

    private CollectivesHarness() {
    }

    /**
     * Runs the measurements.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        List<Integer> ranks = List.of(4, 64);
        int barrierIters = 10_000;
        int allreduceIters = 200;
        int warmup = 10;
        ThreadKind threads = ThreadKind.VIRTUAL;
        CollectiveAlgorithms algorithms = CollectiveAlgorithms.SHARED_MEMORY;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--ranks" -> {
                    List<Integer> r = new ArrayList<>();
                    for (String s : value.split(",")) {
                        r.add(Integer.parseInt(s.trim()));
                    }
                    ranks = r;
                }
                case "--barrier-iters" -> barrierIters = Integer.parseInt(value);
                case "--allreduce-iters" -> allreduceIters = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--algorithms" -> algorithms = CollectiveAlgorithms.valueOf(value.toUpperCase(Locale.ROOT));
                case "--threads" -> threads = ThreadKind.valueOf(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --ranks, --barrier-iters, --allreduce-iters, --warmup, --threads, --algorithms");
            }
            i++;
        }
        for (int n : ranks) {
            run(n, threads, algorithms, barrierIters, allreduceIters, warmup);
        }
    }

    private static void run(int n, ThreadKind threads, CollectiveAlgorithms algorithms, int barrierIters, int allreduceIters, int warmup) {
        Sim sim = Sim.builder()
                .ranks(n)
                .threads(threads)
                .collectives(algorithms)
                .timeout(Duration.ofMinutes(10))
                .name("bench-" + n)
                .build();
        sim.exec(world -> {
            // barrier latency
            for (int i = 0; i < warmup * 10; i++) {
                world.barrier();
            }
            world.barrier();
            long t0 = System.nanoTime();
            for (int i = 0; i < barrierIters; i++) {
                world.barrier();
            }
            report(world, threads + " " + algorithms, "barrier", 0, barrierIters, System.nanoTime() - t0);

            // allreduce of 1 MiB of doubles
            int count = ALLREDUCE_BYTES / Double.BYTES;
            double[] send = new double[count];
            double[] recv = new double[count];
            int rank = world.rank();
            for (int k = 0; k < count; k++) {
                send[k] = rank + k * 1e-6;
            }
            Buf s = Buf.of(send);
            Buf r = Buf.of(recv);
            for (int i = 0; i < warmup; i++) {
                world.allreduce(s, r, Op.SUM);
            }
            world.barrier();
            t0 = System.nanoTime();
            for (int i = 0; i < allreduceIters; i++) {
                world.allreduce(s, r, Op.SUM);
            }
            report(world, threads + " " + algorithms, "allreduce", ALLREDUCE_BYTES, allreduceIters, System.nanoTime() - t0);
        });
    }

    private static void report(Intracomm world, String config, String op, long bytes, int iters, long nanos) {
        double[] elapsed = {nanos / 1e9};
        double[] slowest = new double[1];
        world.reduce(Buf.of(elapsed), Buf.of(slowest), Op.MAX, 0);
        if (world.rank() == 0) {
            System.out.printf(Locale.ROOT, "collectives impl=sim ranks=%d op=%s bytes=%d iters=%d usec=%.3f sim=%s%n",
                    world.size(), op, bytes, iters, slowest[0] / iters * 1e6, config.toLowerCase(Locale.ROOT).replace(' ', ','));
        }
    }
}
