package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;

/**
 * Computes pi by the midpoint rule on {@code 4 / (1 + x^2)} over {@code [0, 1]}, the classic
 * {@code cpi} program of MPI: rank 0 broadcasts the number of intervals, every rank sums the
 * intervals {@code rank, rank + size, rank + 2 size, ...}, and a sum reduction brings the partial
 * sums to rank 0, which prints pi and its error.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.ComputePi 1000000
 * }
 */
public final class ComputePi {
    private ComputePi() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args optionally the number of intervals (default 1000000)
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            // tag::pi[]
            Intracomm comm = mpi.world();
            int rank = comm.rank();
            int size = comm.size();

            long[] n = {0};
            if (rank == 0) {
                n[0] = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
            }
            comm.bcast(Buf.of(n), 0);                    // every rank learns the number of intervals

            double h = 1.0 / n[0];
            double sum = 0;
            for (long i = rank; i < n[0]; i += size) {   // this rank's intervals
                double x = h * (i + 0.5);                // the midpoint of interval i
                sum += 4.0 / (1.0 + x * x);
            }
            double[] mine = {h * sum};
            double[] pi = {0};
            comm.reduce(Buf.of(mine), Buf.of(pi), Op.SUM, 0);

            if (rank == 0) {
                System.out.printf("pi is approximately %.16f, error is %.3e (%d intervals, %d ranks)%n",
                        pi[0], Math.abs(pi[0] - Math.PI), n[0], size);
            }
            // end::pi[]
        }
    }
}
