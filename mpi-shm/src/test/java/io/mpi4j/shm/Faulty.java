package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The program of the fault tests. {@code Faulty throw MARKER}: rank 1 throws after a barrier while
 * the others wait for a message from it. {@code Faulty hang MARKER}: every rank prints
 * {@code ready} after a barrier; rank 1 then sleeps, the others wait for a message from it and,
 * when the wait fails, print {@code noticed: MESSAGE} and exit with 3. {@code Faulty big MARKER}:
 * as {@code hang}, but rank 1 prints {@code sending} and sends rank 0 a message of 256 MiB, which
 * rank 0 waits for (a kill then lands while the side-band segment is being written).
 */
public final class Faulty {
    private static final long BIG = 256L << 20;

    private Faulty() {
    }

    /**
     * Runs the scenario.
     *
     * @param args the scenario and a marker that identifies the job's processes
     * @throws InterruptedException if interrupted while sleeping
     */
    public static void main(String[] args) throws InterruptedException {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            world.barrier();
            System.out.println("ready");
            System.out.flush();
            if (world.rank() == 1) {
                if (args[0].equals("throw")) {
                    throw new IllegalStateException("rank 1 fails on purpose");
                }
                if (args[0].equals("big")) {
                    MemorySegment big = Arena.global().allocate(BIG);
                    System.out.println("sending");
                    System.out.flush();
                    world.send(Buf.of(big, Datatype.BYTE), 0, 0);
                }
                Thread.sleep(60_000);
                return;
            }
            try {
                if (args[0].equals("big")) {
                    world.recv(Buf.of(Arena.global().allocate(BIG), Datatype.BYTE), 1, 0);
                } else {
                    world.recv(new byte[1], 1, 0);
                }
            } catch (MpiException e) {
                System.out.println("noticed: " + e.errorClass() + " " + e.getMessage());
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
