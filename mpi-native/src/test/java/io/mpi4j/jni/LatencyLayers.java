package io.mpi4j.jni;

import io.mpi4j.Intracomm;
import java.util.List;

/**
 * A harness (not a test, not JMH) that splits the 8-byte ping-pong latency of a native segment by
 * layer, in one job on 2 ranks: the {@link Downcalls} alone, {@link BlockingP2p}, the engine
 * ({@link JniComm}) and the API. Each figure is the best of 8 runs of 20 000 round trips, as a
 * half round trip; compare with {@code src/test/c/pingpong.c} initialized with
 * MPI_THREAD_MULTIPLE, as the provider is.
 *
 * <pre>mpirun -n 2 java --enable-native-access=ALL-UNNAMED -cp CLASSPATH io.mpi4j.jni.LatencyLayers</pre>
 */
final class LatencyLayers {
    private static final int ROUND_TRIPS = 20_000;

    private LatencyLayers() {
    }

    /** One round trip of a layer: rank 0 sends first, rank 1 receives first. */
    private interface Hop {
        void run(boolean send);
    }

    private static double measure(Intracomm w, Hop hop) {
        boolean first = w.rank() == 0;
        w.barrier();
        long t = System.nanoTime();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            hop.run(first);
            hop.run(!first);
        }
        return (System.nanoTime() - t) / 1e3 / ROUND_TRIPS / 2;
    }

    public static void main(String[] args) {
        // an argument names the thread level to ask for (LayerHarness)
        try (LayerHarness h = LayerHarness.open(args)) {
            Intracomm w = h.world();
            int peer = 1 - w.rank();
            List<String> names = LayerHarness.LAYERS;
            Hop[] hops = new Hop[names.size()];
            for (int layer = 0; layer < hops.length; layer++) {
                int l = layer;
                hops[layer] = send -> {
                    if (send) {
                        h.send(l, peer);
                    } else {
                        h.recv(l, peer);
                    }
                };
            }
            double[] best = new double[hops.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < hops.length; i++) {
                    best[i] = Math.min(best[i], measure(w, hops[i]));
                }
            }
            if (w.rank() == 0) {
                StringBuilder line = new StringBuilder("8 B half round trip:");
                for (int i = 0; i < names.size(); i++) {
                    line.append(String.format("  %s %.3f us", names.get(i), best[i]));
                }
                System.out.println(line);
            }
        }
    }
}
