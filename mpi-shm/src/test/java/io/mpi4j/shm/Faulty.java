package io.mpi4j.shm;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;

/**
 * The program of the fault tests. {@code Faulty throw MARKER}: rank 1 throws after a barrier while
 * the others wait for a message from it. {@code Faulty hang MARKER}: every rank prints
 * {@code ready} after a barrier; rank 1 then sleeps, the others wait for a message from it and,
 * when the wait fails, print {@code noticed: MESSAGE} and exit with 3.
 */
public final class Faulty {
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
                Thread.sleep(60_000);
                return;
            }
            try {
                world.recv(new byte[1], 1, 0);
            } catch (MpiException e) {
                System.out.println("noticed: " + e.errorClass() + " " + e.getMessage());
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
