package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Shift;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik property of Cartesian communicators in use (MPI-4.1 §8.5): a Jacobi iteration of the
 * heat equation on a 2-D periodic grid, distributed in blocks over the process grid that
 * {@code MPI_Dims_create} gives for 1 to 9 ranks, with halo exchange by {@code MPI_Cart_shift}
 * and {@code MPI_Sendrecv}, computes exactly (bit for bit) what the sequential iteration computes,
 * for random global grid shapes (uneven blocks included), initial values and iteration counts.
 */
public abstract class StencilPropertiesTck extends AbstractCommunicatorTck {
    /** Creates the property container; subclasses supply the runner. */
    protected StencilPropertiesTck() {
    }

    /**
     * One generated stencil run.
     *
     * @param ranks the world size
     * @param rows the global number of rows, at least the process grid's rows
     * @param cols the global number of columns, at least the process grid's columns
     * @param iterations the number of Jacobi steps
     * @param seed the seed of the initial values
     */
    public record StencilCase(int ranks, int rows, int cols, int iterations, long seed) {
    }

    /**
     * Generated cases: 1 to 9 ranks, grids up to 14 x 14 (never smaller than the process grid),
     * 0 to 6 iterations.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<StencilCase> stencils() {
        return Arbitraries.integers().between(1, 9).flatMap(n -> {
            int[] dims = CartComm.computeDims(n, 2);
            return Combinators.combine(Arbitraries.integers().between(dims[0], 14), Arbitraries.integers().between(dims[1], 14),
                    Arbitraries.integers().between(0, 6), Arbitraries.longs()).as((r, c, it, seed) -> new StencilCase(n, r, c, it, seed));
        });
    }

    /**
     * The initial field of a case.
     *
     * @param c the case
     * @return {@code rows x cols} values
     */
    public static double[][] initial(StencilCase c) {
        Random random = new Random(c.seed());
        double[][] u = new double[c.rows()][c.cols()];
        for (double[] row : u) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextInt(1000) / 8.0;
            }
        }
        return u;
    }

    /**
     * One Jacobi step of the heat equation at one point, from the point and its four neighbours;
     * the sequential and the distributed computation use this same expression.
     *
     * @param centre the point
     * @param up the point above
     * @param down the point below
     * @param left the point to the left
     * @param right the point to the right
     * @return the new value
     */
    public static double step(double centre, double up, double down, double left, double right) {
        return centre + 0.2 * ((up + down) + (left + right) - 4 * centre);
    }

    /**
     * The sequential model: {@code iterations} Jacobi steps on the periodic grid.
     *
     * @param c the case
     * @return the final field
     */
    public static double[][] sequential(StencilCase c) {
        double[][] u = initial(c);
        int r = c.rows();
        int k = c.cols();
        for (int it = 0; it < c.iterations(); it++) {
            double[][] next = new double[r][k];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < k; j++) {
                    next[i][j] = step(u[i][j], u[(i - 1 + r) % r][j], u[(i + 1) % r][j], u[i][(j - 1 + k) % k], u[i][(j + 1) % k]);
                }
            }
            u = next;
        }
        return u;
    }

    private static int start(int coord, int parts, int length) {
        return coord * length / parts;
    }

    /**
     * MPI-4.1 §8.5.1, §8.5.6 and §3.10: the distributed Jacobi iteration on a periodic 2-D
     * Cartesian communicator with halo exchange via shift and sendrecv equals the sequential one
     * on every block (also with one or two processes along a dimension, where a rank is its own
     * neighbour or both neighbours are the same rank).
     *
     * @param c the generated case
     */
    @Property(tries = 20)
    public void distributedJacobiEqualsSequential(@ForAll("stencils") StencilCase c) {
        double[][] expected = sequential(c);
        runner().run(c.ranks(), OPTIONS, world -> {
            int[] dims = CartComm.computeDims(world.size(), 2);
            try (CartComm grid = world.createCart(dims, new boolean[] {true, true}, false).orElseThrow()) {
                int[] me = grid.coords();
                int r0 = start(me[0], dims[0], c.rows());
                int r1 = start(me[0] + 1, dims[0], c.rows());
                int c0 = start(me[1], dims[1], c.cols());
                int c1 = start(me[1] + 1, dims[1], c.cols());
                int h = r1 - r0;
                int w = c1 - c0;
                // local block with a halo of one on each side
                double[][] u = new double[h + 2][w + 2];
                double[][] init = initial(c);
                for (int i = 0; i < h; i++) {
                    System.arraycopy(init[r0 + i], c0, u[i + 1], 1, w);
                }
                Shift vertical = grid.shift(0, 1);
                Shift horizontal = grid.shift(1, 1);
                for (int it = 0; it < c.iterations(); it++) {
                    // rows: my last row goes down (arrives as the top halo below), my first row goes up
                    double[] top = new double[w];
                    double[] bottom = new double[w];
                    grid.sendrecv(Buf.of(u[h], 1, w), vertical.dest(), 1, Buf.of(top), vertical.source(), 1);
                    grid.sendrecv(Buf.of(u[1], 1, w), vertical.source(), 2, Buf.of(bottom), vertical.dest(), 2);
                    System.arraycopy(top, 0, u[0], 1, w);
                    System.arraycopy(bottom, 0, u[h + 1], 1, w);
                    // columns, packed
                    double[] lastCol = new double[h];
                    double[] firstCol = new double[h];
                    for (int i = 0; i < h; i++) {
                        lastCol[i] = u[i + 1][w];
                        firstCol[i] = u[i + 1][1];
                    }
                    double[] leftHalo = new double[h];
                    double[] rightHalo = new double[h];
                    grid.sendrecv(Buf.of(lastCol), horizontal.dest(), 3, Buf.of(leftHalo), horizontal.source(), 3);
                    grid.sendrecv(Buf.of(firstCol), horizontal.source(), 4, Buf.of(rightHalo), horizontal.dest(), 4);
                    for (int i = 0; i < h; i++) {
                        u[i + 1][0] = leftHalo[i];
                        u[i + 1][w + 1] = rightHalo[i];
                    }
                    double[][] next = new double[h + 2][w + 2];
                    for (int i = 1; i <= h; i++) {
                        for (int j = 1; j <= w; j++) {
                            next[i][j] = step(u[i][j], u[i - 1][j], u[i + 1][j], u[i][j - 1], u[i][j + 1]);
                        }
                    }
                    u = next;
                }
                for (int i = 0; i < h; i++) {
                    double[] mine = java.util.Arrays.copyOfRange(u[i + 1], 1, w + 1);
                    double[] want = java.util.Arrays.copyOfRange(expected[r0 + i], c0, c1);
                    int row = r0 + i;
                    assertArrayEquals(want, mine, () -> c + ": row " + row + " of the block at " + java.util.Arrays.toString(me));
                }
                // the blocks cover the grid exactly once
                int[] cells = new int[1];
                grid.allreduce(Buf.of(new int[] {h * w}), Buf.of(cells), io.mpi4j.Op.SUM);
                assertEquals(c.rows() * c.cols(), cells[0]);
            }
            return null;
        });
    }
}
