package io.mpi4j.jni;


/**
 * A harness (not a test, not JMH) for the CPU cost of an 8-byte send and receive by layer, on one
 * rank sending to itself: the {@link Downcalls}, {@link BlockingP2p}, the engine ({@link JniComm})
 * and the API. Unlike a ping-pong it does not depend on how far apart the host puts the two
 * processes (this project's machine has a fast and a slow mode for those), so it shows what a
 * change in the provider's own path costs or saves. Each figure is the best of 10 runs of 200 000
 * send-and-receive pairs; compare with the same loop in C (MPI_Send then MPI_Recv to itself:
 * 53–55 ns under Open MPI 4.1 here, 57 with MPI_Irecv and MPI_Test).
 *
 * <pre>mpirun -n 1 java --enable-native-access=ALL-UNNAMED -cp CLASSPATH io.mpi4j.jni.SelfLoop [SINGLE|FUNNELED|SERIALIZED|MULTIPLE]</pre>
 */
final class SelfLoop {
    private static final int PAIRS = 200_000;

    private SelfLoop() {
    }

    /** One send-and-receive pair of a layer. */
    private interface Pair {
        void run();
    }

    private static double measure(Pair pair) {
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 10; k++) {
            long t = System.nanoTime();
            for (int i = 0; i < PAIRS; i++) {
                pair.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / (double) PAIRS);
        }
        return best;
    }

    public static void main(String[] args) {
        // an argument names the thread level to ask for (LayerHarness)
        try (LayerHarness h = LayerHarness.open(args)) {
            int me = h.world().rank();
            for (int round = 0; round < 3; round++) {
                StringBuilder line = new StringBuilder(h.mpi().threadLevel() + ", 8 B send + receive to self:");
                for (int layer = 0; layer < LayerHarness.LAYERS.size(); layer++) {
                    int l = layer;
                    double ns = measure(() -> {
                        h.send(l, me);
                        h.recv(l, me);
                    });
                    line.append(String.format("  %s %.1f ns", LayerHarness.LAYERS.get(l), ns));
                }
                System.out.println(line);
            }
        }
    }
}
