package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.Arrays;

/**
 * Parallel matrix-vector product (the mpi4py tutorial's {@code matvec}): the rows of an
 * {@code n x n} matrix {@code A} and the entries of {@code x} are distributed in blocks of
 * {@code m = n / size}; each rank gathers the whole of {@code x} with {@code allgather} and computes
 * its block of {@code y = A x}. Rank 0 then gathers {@code y} and prints it.
 *
 * <p>The entries are small integers, so that the result is exact and easy to check:
 * {@code A[i][j] = (3i + 5j) mod 7} and {@code x[j] = j mod 4 + 1}.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.MatVec 3   # 3 rows per rank
 * }
 */
public final class MatVec {
    private MatVec() {
    }

    // tag::matvec[]
    /**
     * Computes this rank's block of {@code y = A x}.
     *
     * @param comm the communicator over which {@code A} and {@code x} are distributed
     * @param a this rank's {@code m} rows of {@code A}, each of {@code m * comm.size()} entries
     * @param x this rank's {@code m} entries of {@code x}
     * @return this rank's {@code m} entries of {@code y}
     */
    static double[] matvec(Intracomm comm, double[][] a, double[] x) {
        int m = a.length;                       // local rows
        int p = comm.size();
        double[] xg = new double[m * p];
        comm.allgather(Buf.of(x), Buf.of(xg));  // every rank's block of x, in rank order
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < xg.length; j++) {
                y[i] += a[i][j] * xg[j];
            }
        }
        return y;
    }
    // end::matvec[]

    /**
     * Runs the example on every rank.
     *
     * @param args optionally the number of rows per rank (default 3)
     */
    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int rank = comm.rank();
            int n = m * comm.size();

            double[][] a = new double[m][n];
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                int row = rank * m + i;          // the global index of local row i
                for (int j = 0; j < n; j++) {
                    a[i][j] = (3 * row + 5 * j) % 7;
                }
                x[i] = row % 4 + 1;
            }

            double[] y = matvec(comm, a, x);

            double[] all = rank == 0 ? new double[n] : null;
            comm.gather(Buf.of(y), rank == 0 ? Buf.of(all) : null, 0);
            if (rank == 0) {
                System.out.println("y = " + Arrays.toString(all));
            }
        }
    }
}
