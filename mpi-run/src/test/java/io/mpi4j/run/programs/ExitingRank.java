package io.mpi4j.run.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/**
 * Test program: rank 1 calls {@code System.exit(0)} while rank 0 still waits for its message, which
 * ends the whole JVM under {@code sim}; the launcher must report a failed job, not success.
 */
public class ExitingRank {
    public static void main(String[] args) throws InterruptedException {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            if (world.rank() == 1) {
                Thread.sleep(300);
                System.exit(0);
            }
            world.recv(new int[1], 1, 0);
            System.out.println("rank 0 received");
        }
    }
}
