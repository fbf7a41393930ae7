package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Shift;
import io.mpi4j.VBuf;
import java.util.Arrays;

/**
 * A Jacobi iteration of the heat equation on a periodic 2-D grid, distributed over a Cartesian
 * communicator: {@link CartComm#computeDims} chooses the process grid, each rank owns a block of
 * the global grid surrounded by one layer of ghost cells, and before every step the ranks
 * exchange their edges with their four neighbours ({@link CartComm#shift} and
 * {@link io.mpi4j.Comm#sendrecv}). Rows are contiguous and are sent in place; columns are packed
 * into temporary arrays.
 *
 * <p>Each step replaces every point by {@code u + 0.1 * (north + south + west + east - 4u)}. The
 * initial values are {@code u0[i][j] = (7i + 13j) mod 17}. At the end the ranks compute the global
 * sum and maximum with {@code allreduce}, rank 0 gathers the whole grid with {@code gatherv} and
 * prints a checksum of it ({@code sum of (i * cols + j + 1) * u[i][j]} in row-major order), which
 * equals that of a sequential computation bit for bit: every point is computed with the same
 * operations in the same order.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.Stencil2D 12 12 20   # rows, columns, iterations
 * }
 */
public final class Stencil2D {
    private Stencil2D() {
    }

    /**
     * Returns the first global index of block {@code k} when {@code n} points are divided into
     * {@code p} blocks whose sizes differ by at most one (the first {@code n mod p} are larger).
     *
     * @param n the number of points
     * @param p the number of blocks
     * @param k a block, in {@code [0, p]}
     * @return the index of its first point; {@code n} for {@code k = p}
     */
    static int start(int n, int p, int k) {
        return k * (n / p) + Math.min(k, n % p);
    }

    /**
     * The initial temperature of a global grid point.
     *
     * @param i its row
     * @param j its column
     * @return its initial value
     */
    static double initial(int i, int j) {
        return (7 * i + 13 * j) % 17;
    }

    /**
     * One Jacobi step of the heat equation on the interior of a block with ghost cells.
     *
     * @param u the current values, {@code (rows + 2) x (cols + 2)}, row-major, ghost cells filled
     * @param next receives the new interior values
     * @param rows the interior rows
     * @param cols the interior columns
     */
    static void step(double[] u, double[] next, int rows, int cols) {
        int w = cols + 2;
        for (int i = 1; i <= rows; i++) {
            for (int j = 1; j <= cols; j++) {
                int c = i * w + j;
                next[c] = u[c] + 0.1 * (u[c - w] + u[c + w] + u[c - 1] + u[c + 1] - 4 * u[c]);
            }
        }
    }

    // tag::halo[]
    /**
     * Fills the ghost cells of this rank's block from its four neighbours on the periodic grid.
     *
     * @param grid the Cartesian communicator: dimension 0 runs over rows, dimension 1 over columns
     * @param u the block, {@code (rows + 2) x (cols + 2)}, row-major
     * @param rows the interior rows
     * @param cols the interior columns
     */
    static void exchangeHalo(CartComm grid, double[] u, int rows, int cols) {
        int w = cols + 2;
        Shift vertical = grid.shift(0, 1);     // source: the block above, dest: the block below
        Shift horizontal = grid.shift(1, 1);   // source: the block to the left, dest: the one to the right

        // rows are contiguous: send the last interior row down while receiving the top ghost row from above ...
        grid.sendrecv(Buf.of(u, rows * w + 1, cols), vertical.dest(), 0,
                Buf.of(u, 1, cols), vertical.source(), 0);
        // ... and the first interior row up while receiving the bottom ghost row from below
        grid.sendrecv(Buf.of(u, w + 1, cols), vertical.source(), 1,
                Buf.of(u, (rows + 1) * w + 1, cols), vertical.dest(), 1);

        // columns are strided: pack them into temporary arrays
        double[] out = new double[rows];
        double[] in = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = u[(i + 1) * w + cols];    // last interior column, to the right
        }
        grid.sendrecv(Buf.of(out), horizontal.dest(), 2, Buf.of(in), horizontal.source(), 2);
        for (int i = 0; i < rows; i++) {
            u[(i + 1) * w] = in[i];            // left ghost column
            out[i] = u[(i + 1) * w + 1];       // first interior column, to the left
        }
        grid.sendrecv(Buf.of(out), horizontal.source(), 3, Buf.of(in), horizontal.dest(), 3);
        for (int i = 0; i < rows; i++) {
            u[(i + 1) * w + cols + 1] = in[i]; // right ghost column
        }
    }
    // end::halo[]

    /**
     * Runs the example on every rank.
     *
     * @param args optionally the number of rows and columns of the global grid and the number of
     *     iterations (default 12, 12 and 20)
     */
    public static void main(String[] args) {
        int globalRows = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int globalCols = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (Mpi mpi = Mpi.init(args)) {
            // tag::cart[]
            int[] dims = CartComm.computeDims(mpi.world().size(), 2);           // e.g. {2, 2} on 4 ranks, {3, 2} on 6
            try (CartComm grid = mpi.world().createCart(dims, new boolean[] {true, true}, false).orElseThrow()) {
                int[] me = grid.coords();                                        // this rank's place in the process grid
                int row0 = start(globalRows, dims[0], me[0]);
                int col0 = start(globalCols, dims[1], me[1]);
                int rows = start(globalRows, dims[0], me[0] + 1) - row0;        // this block is rows x cols
                int cols = start(globalCols, dims[1], me[1] + 1) - col0;
            // end::cart[]
                int w = cols + 2;
                double[] u = new double[(rows + 2) * w];
                double[] next = new double[(rows + 2) * w];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        u[(i + 1) * w + j + 1] = initial(row0 + i, col0 + j);
                    }
                }

                // tag::iterate[]
                for (int it = 0; it < iterations; it++) {
                    exchangeHalo(grid, u, rows, cols);
                    step(u, next, rows, cols);
                    double[] t = u;
                    u = next;
                    next = t;
                }

                double[] interior = new double[rows * cols];
                double localMax = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(u, (i + 1) * w + 1, interior, i * cols, cols);
                }
                for (double v : interior) {
                    localMax = Math.max(localMax, v);
                }
                double[] sum = new double[1];
                double[] max = new double[1];
                grid.allreduce(Buf.of(new double[] {Arrays.stream(interior).sum()}), Buf.of(sum), Op.SUM);
                grid.allreduce(Buf.of(new double[] {localMax}), Buf.of(max), Op.MAX);
                // end::iterate[]

                // tag::gather[]
                // rank 0 gathers every block (of different sizes) in rank order, then places it by its coordinates
                int[] counts = new int[grid.size()];
                for (int r = 0; r < grid.size(); r++) {
                    int[] c = grid.coords(r);
                    counts[r] = (start(globalRows, dims[0], c[0] + 1) - start(globalRows, dims[0], c[0]))
                            * (start(globalCols, dims[1], c[1] + 1) - start(globalCols, dims[1], c[1]));
                }
                double[] blocks = grid.rank() == 0 ? new double[globalRows * globalCols] : null;
                grid.gatherv(Buf.of(interior), grid.rank() == 0 ? VBuf.of(Buf.of(blocks), counts) : null, 0);
                // end::gather[]
                if (grid.rank() == 0) {
                    double[] all = new double[globalRows * globalCols];
                    int offset = 0;
                    for (int r = 0; r < grid.size(); r++) {
                        int[] c = grid.coords(r);
                        int r0 = start(globalRows, dims[0], c[0]);
                        int c0 = start(globalCols, dims[1], c[1]);
                        int bc = start(globalCols, dims[1], c[1] + 1) - c0;
                        for (int k = 0; k < counts[r]; k++) {
                            all[(r0 + k / bc) * globalCols + c0 + k % bc] = blocks[offset + k];
                        }
                        offset += counts[r];
                    }
                    System.out.printf("grid %dx%d on %dx%d ranks, %d iterations%n", globalRows, globalCols, dims[0], dims[1],
                            iterations);
                    System.out.println("sum " + sum[0] + ", max " + max[0]);
                    System.out.println("checksum " + checksum(all));
                }
            }
        }
    }

    /**
     * A position-weighted checksum of a whole grid, in row-major order.
     *
     * @param all the grid, row-major
     * @return {@code sum of (k + 1) * all[k]}
     */
    static double checksum(double[] all) {
        double s = 0;
        for (int k = 0; k < all.length; k++) {
            s += (k + 1) * all[k];
        }
        return s;
    }
}
