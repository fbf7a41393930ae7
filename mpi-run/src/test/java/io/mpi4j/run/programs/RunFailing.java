package io.mpi4j.run.programs;

import io.mpi4j.Mpi;

/** Test program: under Mpi.run, rank 1 throws while rank 0 waits for it in a receive. */
public class RunFailing {
    public static void main(String[] args) {
        Mpi.run(args, mpi -> {
            if (mpi.world().rank() == 1) {
                throw new IllegalStateException("rank 1 gives up");
            }
            if (mpi.world().rank() == 0) {
                mpi.world().recv(new int[1], 1, 0);
            }
        });
    }
}
