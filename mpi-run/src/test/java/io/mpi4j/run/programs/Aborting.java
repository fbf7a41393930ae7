package io.mpi4j.run.programs;

import io.mpi4j.Mpi;

/** Test program: rank 0 aborts the job with code 7 while the others wait. */
public class Aborting {
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            if (mpi.world().rank() == 0) {
                mpi.abort(7);
            }
            mpi.world().barrier();
        }
    }
}
