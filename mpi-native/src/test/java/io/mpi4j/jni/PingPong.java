package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.lang.foreign.Arena;

/**
 * A quick ping-pong harness (not a test, not JMH): 8-byte half-round-trip latency and 16 MiB
 * bandwidth on 2 ranks, for native memory segments and heap arrays; compare with
 * {@code src/test/c/pingpong.c} run the same way.
 *
 * <pre>mpirun -n 2 java --enable-native-access=ALL-UNNAMED -cp CLASSPATH io.mpi4j.jni.PingPong [SINGLE|FUNNELED|SERIALIZED]</pre>
 */
final class PingPong {
    private PingPong() {
    }

    private static double run(Intracomm w, Buf buf, int iters) {
        int peer = 1 - w.rank();
        w.barrier();
        long t = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            if (w.rank() == 0) {
                w.send(buf, peer, 0);
                w.recv(buf, peer, 0);
            } else {
                w.recv(buf, peer, 0);
                w.send(buf, peer, 0);
            }
        }
        return (System.nanoTime() - t) / 1e9 / iters / 2;
    }

    private static String measure(Intracomm w, Buf small, Buf big) {
        for (int k = 0; k < 3; k++) {
            run(w, small, 20_000);
        }
        double lat = Double.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            lat = Math.min(lat, run(w, small, 20_000));
        }
        run(w, big, 10);
        double bw = 0;
        for (int k = 0; k < 5; k++) {
            bw = Math.max(bw, big.byteSize() / run(w, big, 20) / 1e9);
        }
        return String.format("latency(8 B)=%.3f us  bandwidth(16 MiB)=%.2f GB/s", lat * 1e6, bw);
    }

    public static void main(String[] args) {
        // an argument names the thread level to ask for (default MULTIPLE): SINGLE, FUNNELED or
        // SERIALIZED run MPI without the library's locks, the provider's calls serialized by its gate
        io.mpi4j.ThreadLevel level = args.length > 0 ? io.mpi4j.ThreadLevel.valueOf(args[0]) : io.mpi4j.ThreadLevel.MULTIPLE;
        try (Mpi mpi = Mpi.init(io.mpi4j.MpiOptions.builder().args(args).threadLevel(level).build()); Arena arena = Arena.ofShared()) {
            Intracomm w = mpi.world();
            int big = 16 << 20;
            String seg = measure(w, Buf.of(arena.allocate(8)), Buf.of(arena.allocate(big)));
            String heap = measure(w, Buf.of(new byte[8]), Buf.of(new byte[big]));
            if (w.rank() == 0) {
                System.out.println("thread level " + mpi.threadLevel());
                System.out.println("native, MemorySegment: " + seg);
                System.out.println("native, byte[]:        " + heap);
            }
        }
    }
}
