package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Comparison;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Shift;
import io.mpi4j.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of Cartesian topologies (MPI-4.1 §8.5.1, §8.5.2, §8.5.5 and §8.5.6):
 * {@code MPI_Dims_create}, {@code MPI_Cart_create} (with more ranks than grid points),
 * {@code MPI_Cart_coords} and {@code MPI_Cart_rank} (row-major, wrapping on periodic dimensions),
 * {@code MPI_Cart_shift} (with {@code PROC_NULL} past non-periodic edges), {@code MPI_Cart_sub}
 * and {@code MPI_Comm_dup} of a grid. The neighbourhood collectives on grids are in
 * {@link CartesianNeighborTck}.
 */
public abstract class CartesianTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected CartesianTck() {
    }

    /**
     * A grid shape.
     *
     * @param dims the number of processes per dimension
     * @param periods whether each dimension wraps around
     */
    public record Grid(int[] dims, boolean[] periods) {
        /**
         * Returns the number of grid points.
         *
         * @return the product of the dimensions
         */
        public int points() {
            return IntStream.of(dims).reduce(1, (a, b) -> a * b);
        }

        /**
         * The row-major coordinates of a rank (the model of MPI_Cart_coords).
         *
         * @param rank a rank of the grid
         * @return its coordinates
         */
        public int[] coords(int rank) {
            int[] c = new int[dims.length];
            for (int d = dims.length - 1; d >= 0; d--) {
                c[d] = rank % dims[d];
                rank /= dims[d];
            }
            return c;
        }

        /**
         * The rank at coordinates already inside the grid (the model of MPI_Cart_rank).
         *
         * @param coords the coordinates
         * @return the rank
         */
        public int rank(int[] coords) {
            int r = 0;
            for (int d = 0; d < dims.length; d++) {
                r = r * dims[d] + coords[d];
            }
            return r;
        }

        /**
         * The rank {@code disp} steps from {@code rank} along {@code d}, or {@code PROC_NULL} past
         * a non-periodic edge (the model of MPI_Cart_shift).
         *
         * @param rank the starting rank
         * @param d the dimension
         * @param disp the displacement
         * @return the rank there
         */
        public int step(int rank, int d, int disp) {
            int[] c = coords(rank);
            c[d] += disp;
            if (c[d] < 0 || c[d] >= dims[d]) {
                if (!periods[d]) {
                    return Mpi.PROC_NULL;
                }
                c[d] = Math.floorMod(c[d], dims[d]);
            }
            return rank(c);
        }

        @Override
        public String toString() {
            return Arrays.toString(dims) + " periodic " + Arrays.toString(periods);
        }
    }

    /**
     * The grids the cases use on {@code n} ranks: 1-D, 2-D and 3-D, periodic, not and mixed,
     * grids with fewer points than ranks, and periodic dimensions of size 1 and 2 (where one rank
     * is the neighbour on both sides).
     *
     * @param n the world size
     * @return the grids
     */
    public static List<Grid> grids(int n) {
        List<Grid> out = new ArrayList<>();
        out.add(new Grid(new int[] {n}, new boolean[] {true}));
        out.add(new Grid(new int[] {n}, new boolean[] {false}));
        out.add(new Grid(CartComm.computeDims(n, 2), new boolean[] {true, true}));
        out.add(new Grid(CartComm.computeDims(n, 2), new boolean[] {false, true}));
        out.add(new Grid(CartComm.computeDims(n, 3), new boolean[] {true, false, true}));
        out.add(new Grid(new int[] {1}, new boolean[] {true}));
        out.add(new Grid(new int[] {1, 1}, new boolean[] {true, false}));
        if (n >= 2) {
            out.add(new Grid(new int[] {2}, new boolean[] {true}));
            out.add(new Grid(new int[] {1, 2}, new boolean[] {true, true}));
        }
        if (n >= 3) {
            out.add(new Grid(new int[] {n - 1}, new boolean[] {false}));
        }
        if (n >= 4) {
            out.add(new Grid(new int[] {2, 2, 1}, new boolean[] {true, true, true}));
            out.add(new Grid(new int[] {2, 1, 2}, new boolean[] {false, true, true}));
        }
        if (n >= 6) {
            out.add(new Grid(new int[] {3, 2}, new boolean[] {true, true}));
            out.add(new Grid(new int[] {1, 3, 2}, new boolean[] {true, false, true}));
        }
        return out;
    }

    /**
     * Creates the grid on the world without reordering.
     *
     * @param world the world
     * @param g the grid
     * @return the grid communicator on its members, empty elsewhere
     */
    public static Optional<CartComm> create(Intracomm world, Grid g) {
        return world.createCart(g.dims(), g.periods(), false);
    }

    /**
     * MPI-4.1 §8.5.2 (MPI_Dims_create): a table of balanced factorizations in non-increasing
     * order, fixed (positive) entries kept, and the invariants (product, order, the smallest
     * spread between largest and smallest that any factorization has, by enumeration) for every
     * {@code nnodes <= 64} and up to 4 dimensions.
     */
    @Test
    public void computeDimsTable() {
        int[][] twoD = {{1, 1}, {2, 1}, {3, 1}, {2, 2}, {5, 1}, {3, 2}, {7, 1}, {4, 2}, {3, 3}, {5, 2}, {11, 1}, {4, 3}};
        for (int n = 1; n <= twoD.length; n++) {
            assertArrayEquals(twoD[n - 1], CartComm.computeDims(n, 2), "computeDims(" + n + ", 2)");
        }
        assertArrayEquals(new int[] {1, 1, 1}, CartComm.computeDims(1, 3));
        assertArrayEquals(new int[] {2, 2, 2}, CartComm.computeDims(8, 3));
        assertArrayEquals(new int[] {3, 2, 2}, CartComm.computeDims(12, 3));
        assertArrayEquals(new int[] {4, 3, 2}, CartComm.computeDims(24, 3));
        assertArrayEquals(new int[] {3, 3, 3}, CartComm.computeDims(27, 3));
        assertArrayEquals(new int[] {5, 3, 2}, CartComm.computeDims(30, 3));
        assertArrayEquals(new int[] {4, 4, 4}, CartComm.computeDims(64, 3));
        assertArrayEquals(new int[] {6, 6}, CartComm.computeDims(36, 2));
        assertArrayEquals(new int[] {7}, CartComm.computeDims(7, 1));
        // as close as possible, not prime factors handed out greedily (12 x 6, 36 x 20, 12 x 10 x 6)
        assertArrayEquals(new int[] {9, 8}, CartComm.computeDims(72, 2));
        assertArrayEquals(new int[] {30, 24}, CartComm.computeDims(720, 2));
        assertArrayEquals(new int[] {10, 9, 8}, CartComm.computeDims(720, 3));
        assertArrayEquals(new int[] {182, 165}, CartComm.computeDims(30030, 2));
        assertEquals(0, CartComm.computeDims(1, 0).length, "an empty grid of one process");
        assertArrayEquals(new int[] {2, 3, 2}, CartComm.computeDims(12, new int[] {0, 3, 0}));
        assertArrayEquals(new int[] {2, 5, 1}, CartComm.computeDims(10, new int[] {2, 0, 1}));
        assertArrayEquals(new int[] {4, 1, 2}, CartComm.computeDims(8, new int[] {0, 1, 0}));
        assertArrayEquals(new int[] {3, 2}, CartComm.computeDims(6, new int[] {3, 2}));
        assertArrayEquals(new int[] {1, 6}, CartComm.computeDims(6, new int[] {1, 0}));
        int[] in = {0, 2, 0};
        CartComm.computeDims(8, in);
        assertArrayEquals(new int[] {0, 2, 0}, in, "the argument array is not modified");
        for (int n = 1; n <= 64; n++) {
            for (int nd = 1; nd <= 4; nd++) {
                int[] dims = CartComm.computeDims(n, nd);
                assertEquals(nd, dims.length);
                assertEquals(n, IntStream.of(dims).reduce(1, (a, b) -> a * b), "product of computeDims(" + n + ", " + nd + ")");
                for (int i = 1; i < nd; i++) {
                    assertTrue(dims[i - 1] >= dims[i], "non-increasing: " + Arrays.toString(dims));
                }
                assertEquals(smallestSpread(n, nd, n), dims[0] - dims[nd - 1], "the most balanced: computeDims(" + n + ", " + nd + ")");
            }
        }
    }

    /** The smallest difference between the largest and smallest of {@code k} factors of {@code n}, each at most {@code max}, by enumeration. */
    private static int smallestSpread(int n, int k, int max) {
        if (k == 1) {
            return n <= max ? 0 : Integer.MAX_VALUE;
        }
        int best = Integer.MAX_VALUE;
        for (int f = Math.min(n, max); f >= 1; f--) {
            if (n % f == 0) {
                int min = largestSmallestFactor(n / f, k - 1, f);
                if (min != Integer.MAX_VALUE) {
                    best = Math.min(best, f - min);
                }
            }
        }
        return best;
    }

    /** The largest possible smallest of {@code k} factors of {@code n}, each at most {@code max}; MAX_VALUE if there are none. */
    private static int largestSmallestFactor(int n, int k, int max) {
        if (k == 1) {
            return n <= max ? n : Integer.MAX_VALUE;
        }
        int best = Integer.MAX_VALUE;
        for (int f = Math.min(n, max); f >= 1; f--) {
            if (n % f == 0) {
                int min = largestSmallestFactor(n / f, k - 1, f);
                if (min != Integer.MAX_VALUE && (best == Integer.MAX_VALUE || min > best)) {
                    best = min;
                }
            }
        }
        return best;
    }

    /**
     * MPI-4.1 §8.5.2 (MPI_Dims_create, errors): ERR_DIMS for no dimensions, a non-positive node
     * count, a negative entry, fixed entries whose product does not divide the node count, and
     * fully fixed entries whose product is not the node count.
     */
    @Test
    public void computeDimsErrors() {
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(6, 0));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(1, -1));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(0, 2));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(-4, 2));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(6, new int[] {-1, 0}));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(7, new int[] {2, 0}));
        assertMpiError(ErrorClass.ERR_DIMS, () -> CartComm.computeDims(6, new int[] {2, 2}));
    }

    /**
     * MPI-4.1 §8.5.1 (MPI_Cart_create, MPI_Cart_get, MPI_Cartdim_get, MPI_Topo_test): without
     * reordering, grid rank {@code i} is world rank {@code i}; ranks beyond the grid's points get
     * no communicator; the grid reports its dimensions, periods and kind; too many points,
     * non-positive dimensions or mismatched periods raise ERR_DIMS. MPI_Cart_map tells the same
     * rank, {@code UNDEFINED} beyond the grid, and refuses the same grids.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 6, 7})
    public void createWithMoreRanksThanGridPoints(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            assertEquals(Topology.NONE, world.topology());
            for (Grid g : grids(n)) {
                assertEquals(me < g.points() ? me : Mpi.UNDEFINED, world.cartMap(g.dims(), g.periods()), () -> "cartMap " + g);
                Optional<CartComm> c = create(world, g);
                assertEquals(me < g.points(), c.isPresent(), () -> g + " on world rank " + me);
                if (c.isPresent()) {
                    try (CartComm cart = c.get()) {
                        assertEquals(Topology.CART, cart.topology());
                        assertArrayEquals(g.dims(), cart.dims());
                        assertArrayEquals(g.periods(), cart.periods());
                        assertEquals(g.dims().length, cart.ndims());
                        assertMembers(cart, world, identity(g.points()), "grid " + g);
                    }
                }
            }
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.createCart(new int[] {n + 1}, new boolean[] {true}, false));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.createCart(new int[] {n, 2}, new boolean[] {true, true}, false));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.createCart(new int[] {0}, new boolean[] {true}, false));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.createCart(new int[] {1, -1}, new boolean[] {true, true}, false));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.createCart(new int[] {1}, new boolean[] {true, true}, false));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.cartMap(new int[] {n + 1}, new boolean[] {true}));
            assertMpiError(ErrorClass.ERR_DIMS, () -> world.cartMap(new int[] {0}, new boolean[] {false}));
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.5 (MPI_Cart_coords, MPI_Cart_rank): coordinates are row-major and round-trip
     * through the rank; coordinates outside a periodic dimension wrap around; outside a
     * non-periodic one they raise ERR_ARG; the wrong number of coordinates raises ERR_DIMS and an
     * invalid rank ERR_RANK.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4, 6, 7})
    public void coordsAndRankOfRoundTrip(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Grid g : grids(world.size())) {
                Optional<CartComm> c = create(world, g);
                if (c.isEmpty()) {
                    continue;
                }
                try (CartComm cart = c.get()) {
                    int nd = g.dims().length;
                    assertArrayEquals(g.coords(cart.rank()), cart.coords(), g::toString);
                    for (int r = 0; r < cart.size(); r++) {
                        int[] co = cart.coords(r);
                        assertArrayEquals(g.coords(r), co, g::toString);
                        assertEquals(r, cart.rankOf(co), g::toString);
                        for (int d = 0; d < nd; d++) {
                            for (int k : new int[] {-2, -1, 1, 3}) {
                                int[] moved = co.clone();
                                moved[d] += k * g.dims()[d];
                                if (g.periods()[d]) {
                                    assertEquals(r, cart.rankOf(moved), () -> g + ": wrap of " + Arrays.toString(moved));
                                } else {
                                    assertMpiError(ErrorClass.ERR_ARG, () -> cart.rankOf(moved));
                                }
                            }
                        }
                    }
                    assertMpiError(ErrorClass.ERR_DIMS, () -> cart.rankOf(new int[nd + 1]));
                    assertMpiError(ErrorClass.ERR_RANK, () -> cart.coords(-1));
                    assertMpiError(ErrorClass.ERR_RANK, () -> cart.coords(cart.size()));
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.6 (MPI_Cart_shift): for every dimension and displacement, {@code dest} is the
     * rank that far ahead and {@code source} the rank that far behind, wrapping on periodic
     * dimensions and {@code PROC_NULL} past a non-periodic edge; a {@code sendrecv} along the
     * shift delivers the source's data and leaves the buffer untouched at an edge; an invalid
     * direction raises ERR_DIMS.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 6, 7})
    public void shiftWithAndWithoutPeriods(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Grid g : grids(world.size())) {
                Optional<CartComm> c = create(world, g);
                if (c.isEmpty()) {
                    continue;
                }
                try (CartComm cart = c.get()) {
                    int me = cart.rank();
                    for (int d = 0; d < g.dims().length; d++) {
                        for (int disp = -3; disp <= 3; disp++) {
                            Shift s = cart.shift(d, disp);
                            String what = g + ", rank " + me + ", shift(" + d + ", " + disp + ")";
                            assertEquals(g.step(me, d, -disp), s.source(), what);
                            assertEquals(g.step(me, d, disp), s.dest(), what);
                        }
                        Shift s = cart.shift(d, 1);
                        int[] got = {-1};
                        cart.sendrecv(Buf.of(new int[] {me}), s.dest(), d, Buf.of(got), s.source(), d);
                        assertEquals(s.source() == Mpi.PROC_NULL ? -1 : s.source(), got[0], g + ": sendrecv along dimension " + d);
                    }
                    assertMpiError(ErrorClass.ERR_DIMS, () -> cart.shift(-1, 1));
                    assertMpiError(ErrorClass.ERR_DIMS, () -> cart.shift(g.dims().length, 1));
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.7 (MPI_Cart_sub): for every choice of kept dimensions of a 3-D grid, each rank
     * gets the grid of the ranks that share its coordinates in the dropped dimensions, ordered by
     * the kept coordinates, with the kept dimensions and periods; dropping every dimension gives a
     * grid of one rank; the wrong number of flags raises ERR_DIMS.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 4, 6, 7})
    public void subKeepsTheChosenDimensions(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            List<Grid> grids = List.of(new Grid(CartComm.computeDims(n, 3), new boolean[] {true, false, true}),
                    new Grid(CartComm.computeDims(n, new int[] {0, 1, 0}), new boolean[] {false, true, true}));
            for (Grid g : grids) {
                Optional<CartComm> c = create(world, g);
                if (c.isEmpty()) {
                    continue;
                }
                try (CartComm cart = c.get()) {
                    int me = cart.rank();
                    int[] mine = g.coords(me);
                    for (int mask = 0; mask < 8; mask++) {
                        boolean[] keep = {(mask & 4) != 0, (mask & 2) != 0, (mask & 1) != 0};
                        List<Integer> members = new ArrayList<>();
                        for (int r = 0; r < g.points(); r++) {
                            int[] co = g.coords(r);
                            boolean same = true;
                            for (int d = 0; d < 3; d++) {
                                same &= keep[d] || co[d] == mine[d];
                            }
                            if (same) {
                                members.add(r); // row-major order of the kept coordinates is the grid order
                            }
                        }
                        int[] expectedDims = IntStream.range(0, 3).filter(d -> keep[d]).map(d -> g.dims()[d]).toArray();
                        boolean[] expectedPeriods = new boolean[expectedDims.length];
                        int k = 0;
                        for (int d = 0; d < 3; d++) {
                            if (keep[d]) {
                                expectedPeriods[k++] = g.periods()[d];
                            }
                        }
                        try (CartComm sub = cart.sub(keep)) {
                            String what = g + " sub " + Arrays.toString(keep);
                            assertEquals(Topology.CART, sub.topology(), what);
                            assertArrayEquals(expectedDims, sub.dims(), what);
                            assertArrayEquals(expectedPeriods, sub.periods(), what);
                            assertEquals(expectedDims.length, sub.ndims(), what);
                            assertMembers(sub, world, members.stream().mapToInt(Integer::intValue).toArray(), what);
                            if (expectedDims.length > 0) {
                                int[] subCoords = IntStream.range(0, 3).filter(d -> keep[d]).map(d -> mine[d]).toArray();
                                assertArrayEquals(subCoords, sub.coords(), what);
                            }
                        }
                    }
                    assertMpiError(ErrorClass.ERR_DIMS, () -> cart.sub(true, false));
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 and §8.5 (MPI_Comm_dup of a grid): the duplicate has the same topology,
     * dimensions and periods, is congruent, and works.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 6})
    public void dupKeepsTheTopology(int ranks) {
        run(ranks, OPTIONS, world -> {
            Grid g = new Grid(CartComm.computeDims(world.size(), 2), new boolean[] {true, false});
            try (CartComm cart = create(world, g).orElseThrow(); CartComm dup = cart.dup()) {
                assertEquals(Topology.CART, dup.topology());
                assertArrayEquals(g.dims(), dup.dims());
                assertArrayEquals(g.periods(), dup.periods());
                assertArrayEquals(cart.coords(), dup.coords());
                assertEquals(Comparison.CONGRUENT, cart.compare(dup));
                assertEquals(cart.shift(0, 1), dup.shift(0, 1));
                assertMembers(dup, world, identity(world.size()), "dup of " + g);
                Intracomm asPlain = cart;
                try (Intracomm d2 = asPlain.dup()) {
                    assertEquals(Topology.CART, d2.topology(), "dup through the Intracomm type keeps the topology");
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.1 (MPI_Cart_create with reorder): the provider may give processes new ranks,
     * but the grid still holds {@code product(dims)} processes (the others get none), each rank's
     * coordinates map back to it, and a shift along each dimension reaches the process with the
     * neighbouring coordinates: checked with a message carrying the sender's coordinates.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 4, 6, 7})
    public void reorderedGridStaysConsistent(int ranks) {
        run(ranks, OPTIONS, world -> {
            int grid = world.size() == 7 ? 6 : world.size();
            int[] dims = CartComm.computeDims(grid, 2);
            boolean[] periods = {true, false};
            Optional<CartComm> made = world.createCart(dims, periods, true);
            int[] members = {made.isPresent() ? 1 : 0};
            world.allreduce(Buf.IN_PLACE, Buf.of(members), io.mpi4j.Op.SUM);
            assertEquals(grid, members[0], "processes in the grid");
            if (made.isEmpty()) {
                return null;
            }
            try (CartComm cart = made.get()) {
                assertEquals(grid, cart.size());
                int[] me = cart.coords();
                assertEquals(cart.rank(), cart.rankOf(me), "coordinates map back to the rank");
                for (int d = 0; d < dims.length; d++) {
                    Shift s = cart.shift(d, 1);
                    int[] got = {-1, -1};
                    cart.sendrecv(Buf.of(me), s.dest(), d, Buf.of(got), s.source(), d);
                    if (s.source() != Mpi.PROC_NULL) {
                        int[] expected = me.clone();
                        expected[d] = (expected[d] - 1 + dims[d]) % dims[d];
                        assertArrayEquals(expected, got, "dimension " + d + ": the coordinates of the source");
                        assertArrayEquals(expected, cart.coords(s.source()), "dimension " + d + ": shift source");
                    }
                }
            }
            return null;
        });
    }
}
