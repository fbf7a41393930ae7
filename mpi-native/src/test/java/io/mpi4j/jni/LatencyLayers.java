package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
        // an argument names the thread level to ask for (default MULTIPLE): SINGLE, FUNNELED or
        // SERIALIZED run MPI without the library's locks, the provider's calls serialized by its gate
        io.mpi4j.ThreadLevel level = args.length > 0 ? io.mpi4j.ThreadLevel.valueOf(args[0]) : io.mpi4j.ThreadLevel.MULTIPLE;
        try (Mpi mpi = Mpi.init(io.mpi4j.MpiOptions.builder().args(args).threadLevel(level).build()); Arena arena = Arena.ofShared()) {
            Intracomm w = mpi.world();
            JniComm c = (JniComm) JniSession.current().world();
            MemorySegment seg = arena.allocate(8);
            MemorySegment status = arena.allocate(64);
            Buf buf = Buf.of(seg);
            RecvTarget into = new RecvTarget.Into(buf);
            int peer = 1 - w.rank();
            String[] names = {"downcalls", "BlockingP2p", "engine", "API"};
            Hop[] hops = {
                send -> {
                    if (send) {
                        Downcalls.send(c.handle, seg.address(), 8, peer, 0, 0);
                    } else {
                        Downcalls.recv(c.handle, seg.address(), 8, peer, 0, false, status.address());
                    }
                },
                send -> {
                    if (send) {
                        BlockingP2p.send(c, buf, peer, 0, 0);
                    } else {
                        BlockingP2p.recv(c, buf, peer, 0);
                    }
                },
                send -> {
                    if (send) {
                        c.send(buf, peer, 0, SendMode.STANDARD);
                    } else {
                        c.recv(into, peer, 0);
                    }
                },
                send -> {
                    if (send) {
                        w.send(buf, peer, 0);
                    } else {
                        w.recv(buf, peer, 0);
                    }
                },
            };
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < hops.length; i++) {
                    best[i] = Math.min(best[i], measure(w, hops[i]));
                }
            }
            if (w.rank() == 0) {
                StringBuilder line = new StringBuilder("8 B half round trip:");
                for (int i = 0; i < names.length; i++) {
                    line.append(String.format("  %s %.3f us", names[i], best[i]));
                }
                System.out.println(line);
            }
        }
    }
}
