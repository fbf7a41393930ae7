package io.mpi4j.run.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/** Test program: every rank receives from its right neighbour before sending anything. */
public class Deadlock {
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            int right = (world.rank() + 1) % world.size();
            world.recv(new int[1], right, 42);
        }
    }
}
