package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiOptions;
import io.mpi4j.ThreadLevel;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
        ThreadLevel level = args.length > 0 ? ThreadLevel.valueOf(args[0]) : ThreadLevel.MULTIPLE;
        try (Mpi mpi = Mpi.init(MpiOptions.builder().args(args).threadLevel(level).build()); Arena arena = Arena.ofShared()) {
            Intracomm w = mpi.world();
            JniComm c = (JniComm) JniSession.current().world();
            MemorySegment seg = arena.allocate(8);
            MemorySegment status = arena.allocate(64);
            Buf buf = Buf.of(seg);
            RecvTarget into = new RecvTarget.Into(buf);
            int me = w.rank();
            for (int round = 0; round < 3; round++) {
                double downcalls = measure(() -> {
                    Downcalls.send(c.handle, seg.address(), 8, me, 0, 0);
                    Downcalls.recv(c.handle, seg.address(), 8, me, 0, false, status.address());
                });
                double blocking = measure(() -> {
                    BlockingP2p.send(c, buf, me, 0, 0);
                    BlockingP2p.recv(c, buf, me, 0);
                });
                double engine = measure(() -> {
                    c.send(buf, me, 0, SendMode.STANDARD);
                    c.recv(into, me, 0);
                });
                double api = measure(() -> {
                    w.send(buf, me, 0);
                    w.recv(buf, me, 0);
                });
                System.out.printf("%s, 8 B send + receive to self: downcalls %.1f ns  BlockingP2p %.1f  engine %.1f  API %.1f%n",
                        mpi.threadLevel(), downcalls, blocking, engine, api);
            }
        }
    }
}
