package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Test program of two ranks for volume: {@code big MIB} sends a message of MIB mebibytes from
 * rank 0 to rank 1 and back, checking every byte; {@code roll SECONDS} exchanges 64 KiB messages
 * for that long while rank 0 counts the queue files of the job, to show that rolled files are
 * deleted. Each prints {@code ok ...} on rank 0 when all went well.
 */
public final class Volume {
    private Volume() {
    }

    /**
     * Runs the scenario.
     *
     * @param args {@code big MIB} or {@code roll SECONDS}
     * @throws IOException if the job directory cannot be listed
     */
    public static void main(String[] args) throws IOException {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            Path jobDir = Path.of(System.getenv(ShmJob.ENV_JOB_DIR));
            if (args[0].equals("big")) {
                big(world, Long.parseLong(args[1]) << 20, jobDir);
            } else {
                roll(world, Long.parseLong(args[1]) * 1_000_000_000L, jobDir);
            }
        }
    }

    private static void big(Intracomm world, long bytes, Path jobDir) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bytes, 8);
            long t0 = System.nanoTime();
            if (world.rank() == 0) {
                for (long i = 0; i < bytes; i += 8) {
                    buf.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i * 31 + 7);
                }
                world.send(Buf.of(buf, Datatype.BYTE), 1, 1);
                buf.fill((byte) 0);
                world.recv(Buf.of(buf, Datatype.BYTE), 1, 2);
                for (long i = 0; i < bytes; i += 8) {
                    if (buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != i * 31 + 7 + 1) {
                        throw new AssertionError("byte " + i + " of the returned message is wrong");
                    }
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                world.barrier();
                System.out.println("ok big " + (bytes >> 20) + " MiB there and back in " + ms + " ms, side-band files left: "
                        + count(jobDir.resolve("big"), ""));
            } else {
                world.recv(Buf.of(buf, Datatype.BYTE), 0, 1);
                for (long i = 0; i < bytes; i += 8) {
                    buf.set(ValueLayout.JAVA_LONG_UNALIGNED, i, buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i) + 1);
                }
                world.send(Buf.of(buf, Datatype.BYTE), 0, 2);
                world.barrier();
            }
        }
    }

    private static void roll(Intracomm world, long nanos, Path jobDir) throws IOException {
        byte[] msg = new byte[64 << 10];
        long end = System.nanoTime() + nanos;
        int maxFiles = 0;
        long rounds = 0;
        int[] go = {1};
        while (go[0] == 1) {
            if (world.rank() == 0) {
                world.send(msg, 1, 0);
                world.recv(msg, 1, 0);
                if (++rounds % 50 == 0) {
                    maxFiles = Math.max(maxFiles, count(jobDir.resolve("q"), ".cq4"));
                }
                go[0] = System.nanoTime() < end ? 1 : 0;
            } else {
                world.recv(msg, 0, 0);
                world.send(msg, 0, 0);
            }
            world.bcast(Buf.of(go), 0);
        }
        if (world.rank() == 0) {
            System.out.println("ok roll rounds=" + rounds + " max-queue-files=" + maxFiles);
        }
    }

    private static int count(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).count();
        }
    }
}
