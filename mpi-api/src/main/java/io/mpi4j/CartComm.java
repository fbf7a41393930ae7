package io.mpi4j;

import io.mpi4j.spi.CommEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An intracommunicator with a Cartesian topology: ranks laid out on a grid, in row-major order
 * (MPI-4.1 §8.5.1). Created by {@link Intracomm#createCart}.
 *
 * {@snippet :
 * int[] dims = CartComm.computeDims(comm.size(), 2);
 * CartComm grid = comm.createCart(dims, new boolean[] {true, true}, false).orElseThrow();
 * Shift x = grid.shift(0, 1);
 * grid.sendrecv(Buf.of(east), x.dest(), 0, Buf.of(westGhost), x.source(), 0);
 * }
 */
public final class CartComm extends Intracomm {
    private final int[] dims;
    private final boolean[] periods;

    CartComm(Mpi mpi, CommEngine engine, int[] dims, boolean[] periods) {
        super(mpi, engine, false);
        this.dims = dims.clone();
        this.periods = periods.clone();
    }

    /**
     * Balances {@code nnodes} processes over {@code ndims} dimensions (MPI_Dims_create): the
     * dimensions are as close to each other as possible (the smallest difference between the
     * largest and the smallest; of those, the smallest largest), in non-increasing order:
     * 72 on two dimensions is 9 × 8, 720 on three 10 × 9 × 8.
     *
     * @param nnodes the number of processes
     * @param ndims the number of dimensions; 0 only for {@code nnodes = 1} (an empty grid)
     * @return the dimensions, whose product is {@code nnodes}
     * @throws MpiException with {@link ErrorClass#ERR_DIMS} for {@code ndims < 0} or {@code nnodes < 1}
     */
    public static int[] computeDims(int nnodes, int ndims) {
        if (ndims < 0) {
            throw new MpiException(ErrorClass.ERR_DIMS, "computeDims: ndims=" + ndims + " must be >= 0");
        }
        return computeDims(nnodes, new int[ndims]);
    }

    /**
     * Fills the free (zero) entries of {@code dims} so that the product of all entries is
     * {@code nnodes}, balancing the free ones as evenly as possible in non-increasing order
     * (MPI_Dims_create).
     *
     * @param nnodes the number of processes
     * @param dims the dimensions; positive entries are kept, zeros are chosen
     * @return a new array with every entry set
     * @throws MpiException {@link ErrorClass#ERR_DIMS} for a negative entry, {@code nnodes < 1}, or
     *     fixed entries whose product does not divide {@code nnodes}
     */
    public static int[] computeDims(int nnodes, int[] dims) {
        if (nnodes < 1) {
            throw new MpiException(ErrorClass.ERR_DIMS, "computeDims: nnodes=" + nnodes + " must be >= 1");
        }
        int[] out = dims.clone();
        int fixed = 1;
        int free = 0;
        for (int d : out) {
            if (d < 0) {
                throw new MpiException(ErrorClass.ERR_DIMS, "computeDims: negative dimension in " + Arrays.toString(dims));
            }
            if (d > 0) {
                fixed *= d;
            } else {
                free++;
            }
        }
        if (nnodes % fixed != 0) {
            throw new MpiException(ErrorClass.ERR_DIMS, "computeDims: the fixed dimensions of " + Arrays.toString(dims)
                    + " (product " + fixed + ") do not divide nnodes=" + nnodes);
        }
        if (free == 0) {
            if (fixed != nnodes) {
                throw new MpiException(ErrorClass.ERR_DIMS, "computeDims: the dimensions " + Arrays.toString(dims)
                        + " multiply to " + fixed + ", not nnodes=" + nnodes);
            }
            return out;
        }
        int[] chosen = Balanced.of(nnodes / fixed, free);
        Arrays.sort(chosen);
        int k = free - 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = chosen[k--];
            }
        }
        return out;
    }

    /**
     * Returns the number of processes in each dimension (MPI_Cart_get).
     *
     * @return a copy of the dimensions
     */
    public int[] dims() {
        checkOpen("dims");
        return dims.clone();
    }

    /**
     * Returns whether each dimension wraps around (MPI_Cart_get).
     *
     * @return a copy of the periodicity flags
     */
    public boolean[] periods() {
        checkOpen("periods");
        return periods.clone();
    }

    /**
     * Returns the number of dimensions (MPI_Cartdim_get).
     *
     * @return the dimension count
     */
    public int ndims() {
        checkOpen("ndims");
        return dims.length;
    }

    /**
     * Returns the coordinates of this rank (MPI_Cart_coords).
     *
     * @return its coordinates
     */
    public int[] coords() {
        return coords(rank());
    }

    /**
     * Returns the coordinates of a rank (MPI_Cart_coords).
     *
     * @param rank a rank of this communicator
     * @return its coordinates, row-major
     * @throws MpiException with {@link ErrorClass#ERR_RANK} for an invalid rank
     */
    public int[] coords(int rank) {
        if (rank < 0 || rank >= size()) {
            throw raise(new MpiException(ErrorClass.ERR_RANK, "coords: rank=" + rank + " is not a rank of the grid (size=" + size() + ")"));
        }
        int[] c = new int[dims.length];
        int r = rank;
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = r % dims[d];
            r /= dims[d];
        }
        return c;
    }

    /**
     * Returns the rank at given coordinates (MPI_Cart_rank); periodic dimensions wrap around.
     *
     * @param coords one coordinate per dimension
     * @return the rank
     * @throws MpiException {@link ErrorClass#ERR_DIMS} for the wrong number of coordinates,
     *     {@link ErrorClass#ERR_ARG} for a coordinate outside a non-periodic dimension
     */
    public int rankOf(int... coords) {
        checkOpen("rankOf");
        if (coords.length != dims.length) {
            throw raise(new MpiException(ErrorClass.ERR_DIMS, "rankOf: " + coords.length + " coordinates for a grid of " + dims.length
                    + " dimensions"));
        }
        int r = 0;
        for (int d = 0; d < dims.length; d++) {
            int c = coords[d];
            if (c < 0 || c >= dims[d]) {
                if (!periods[d]) {
                    throw raise(new MpiException(ErrorClass.ERR_ARG, "rankOf: coordinate " + c + " is outside non-periodic dimension " + d
                            + " of size " + dims[d]));
                }
                c = Math.floorMod(c, dims[d]);
            }
            r = r * dims[d] + c;
        }
        return r;
    }

    /**
     * Returns the ranks {@code disp} steps away along a dimension (MPI_Cart_shift): {@code dest}
     * is the rank {@code disp} steps ahead, {@code source} the one {@code disp} steps behind, or
     * {@link Mpi#PROC_NULL} past the edge of a non-periodic dimension.
     *
     * @param direction the dimension
     * @param disp the displacement (may be negative)
     * @return the source and destination ranks
     * @throws MpiException with {@link ErrorClass#ERR_DIMS} for an invalid dimension
     */
    public Shift shift(int direction, int disp) {
        if (direction < 0 || direction >= dims.length) {
            throw raise(new MpiException(ErrorClass.ERR_DIMS, "shift: direction=" + direction + " is not a dimension of the grid (ndims="
                    + dims.length + ")"));
        }
        int[] me = coords();
        return new Shift(neighbour(me, direction, -disp), neighbour(me, direction, disp));
    }

    private int neighbour(int[] me, int d, int step) {
        int[] c = me.clone();
        c[d] += step;
        if ((c[d] < 0 || c[d] >= dims[d]) && !periods[d]) {
            return Mpi.PROC_NULL;
        }
        return rankOf(c);
    }

    /**
     * Partitions the grid into lower-dimensional grids that keep the chosen dimensions (MPI_Cart_sub).
     * Collective.
     *
     * @param remainDims for each dimension, whether it is kept
     * @return this rank's sub-grid
     * @throws MpiException with {@link ErrorClass#ERR_DIMS} for the wrong number of flags
     */
    public CartComm sub(boolean... remainDims) {
        if (remainDims.length != dims.length) {
            throw raise(new MpiException(ErrorClass.ERR_DIMS, "sub: " + remainDims.length + " flags for a grid of " + dims.length
                    + " dimensions"));
        }
        int[] me = coords();
        int color = 0;
        int key = 0;
        List<Integer> keptDims = new ArrayList<>();
        List<Boolean> keptPeriods = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            if (remainDims[d]) {
                key = key * dims[d] + me[d];
                keptDims.add(dims[d]);
                keptPeriods.add(periods[d]);
            } else {
                color = color * dims[d] + me[d];
            }
        }
        CommEngine e = engine.split(color, key);
        int[] subDims = keptDims.stream().mapToInt(Integer::intValue).toArray();
        boolean[] subPeriods = new boolean[keptPeriods.size()];
        for (int i = 0; i < subPeriods.length; i++) {
            subPeriods[i] = keptPeriods.get(i);
        }
        if (subDims.length == 0) {
            subDims = new int[0];
        }
        return child(new CartComm(mpi, e, subDims, subPeriods));
    }

    /**
     * Duplicates this communicator with its topology (MPI_Comm_dup). Collective.
     *
     * @return the duplicate, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    @Override
    public CartComm dup() {
        return (CartComm) super.dup();
    }

    @Override
    CartComm sameKind(io.mpi4j.spi.CommEngine duplicate) {
        return new CartComm(mpi, duplicate, dims, periods);
    }

    @Override
    public Topology topology() {
        return Topology.CART;
    }

    @Override
    int[][] neighbourLists() {
        // MPI-4.1 §8.6: for each dimension, the neighbour behind (-1) then the one ahead (+1)
        int[] me = coords();
        int[] list = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            list[2 * d] = neighbour(me, d, -1);
            list[2 * d + 1] = neighbour(me, d, 1);
        }
        return new int[][] {list, list};
    }

    @Override
    int[] outTags() {
        // data sent ahead (+1) arrives at that neighbour from behind: its slot 2d; data sent behind arrives as slot 2d+1
        int[] slots = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            slots[2 * d] = 2 * d + 1;
            slots[2 * d + 1] = 2 * d;
        }
        return slots;
    }

    @Override
    int[] inTags() {
        int[] slots = new int[2 * dims.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i;
        }
        return slots;
    }
}
