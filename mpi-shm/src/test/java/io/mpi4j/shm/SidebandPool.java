package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test program of two ranks for side-band segments: rank 0 sends rounds of long messages (more
 * bytes than the pool holds) that rank 1 receives in reverse order, so that some are pooled and
 * some one-shot and all wait unmatched; then a truncated receive, a synchronous send, and a
 * ping-pong that reuses pooled segments. Every byte is checked. Rank 0 prints
 * {@code ok pool one-shot=N pooled-bytes=B} with what is left in the side-band folder.
 */
public final class SidebandPool {
    private static final List<Integer> SIZES = List.of((1 << 20) + 1, 3 << 20, 16 << 20, 40 << 20, (2 << 20) + 7, 8 << 20,
            (64 << 10) + 1, 300 << 10, 1 << 20);

    private SidebandPool() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     * @throws IOException if the job directory cannot be listed
     */
    public static void main(String[] args) throws IOException {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            int rank = world.rank();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < SIZES.size(); i++) {
                    int k = rank == 0 ? i : SIZES.size() - 1 - i;
                    if (rank == 0) {
                        world.send(fill(SIZES.get(k), round * 100 + k), 1, k); // eager: none waits for rank 1
                    } else {
                        byte[] got = new byte[SIZES.get(k)];
                        world.recv(got, 0, k);
                        check(got, round * 100 + k, "round " + round + " tag " + k);
                    }
                }
            }
            if (rank == 0) {
                world.send(fill(8 << 20, 7), 1, 99);
                world.ssend(io.mpi4j.Buf.of(fill(5 << 20, 8)), 1, 98);
            } else {
                try {
                    world.recv(new byte[4 << 20], 0, 99);
                    throw new AssertionError("an 8 MiB message fit a 4 MiB buffer");
                } catch (MpiException e) {
                    if (e.errorClass() != ErrorClass.ERR_TRUNCATE) {
                        throw e;
                    }
                }
                byte[] got = new byte[5 << 20];
                world.recv(got, 0, 98);
                check(got, 8, "ssend");
            }
            byte[] ball = fill(6 << 20, 0);
            for (int i = 1; i <= 20; i++) {
                if (rank == 0) {
                    world.send(fill(6 << 20, i), 1, 0);
                    world.recv(ball, 1, 0);
                    check(ball, -i, "ping-pong " + i);
                } else {
                    world.recv(ball, 0, 0);
                    check(ball, i, "ping-pong " + i);
                    world.send(fill(6 << 20, -i), 0, 0);
                }
            }
            world.barrier();
            if (rank == 0) {
                Path big = Path.of(System.getenv(ShmJob.ENV_JOB_DIR)).resolve("big");
                try (Stream<Path> s = Files.list(big)) {
                    List<Path> files = s.toList();
                    long oneShot = files.stream().filter(p -> !p.getFileName().toString().startsWith("p")).count();
                    long pooled = 0;
                    for (Path p : files) {
                        pooled += p.getFileName().toString().startsWith("p") ? Files.size(p) : 0;
                    }
                    System.out.println("ok pool one-shot=" + oneShot + " pooled-bytes=" + pooled);
                }
            }
        }
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed + (i >>> 12));
        }
        return b;
    }

    private static void check(byte[] b, int seed, String what) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != (byte) (i * 7 + seed + (i >>> 12))) {
                throw new AssertionError(what + ": byte " + i + " of " + b.length + " is wrong");
            }
        }
    }
}
