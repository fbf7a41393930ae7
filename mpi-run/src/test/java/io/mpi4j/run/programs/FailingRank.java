package io.mpi4j.run.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/** Test program: rank 1 throws while the other ranks wait for a message from it. */
public class FailingRank {
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            if (world.rank() == 1) {
                throw new IllegalStateException("boom from rank 1");
            }
            world.recvObject(1, 0);
        }
    }
}
