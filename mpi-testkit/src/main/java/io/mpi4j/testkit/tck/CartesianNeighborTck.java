package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Shift;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.testkit.tck.CartesianTck.Grid;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the neighbourhood collectives on Cartesian grids (MPI-4.1 §8.6): the neighbours
 * of a grid are, per dimension, the one behind ({@code -1}) and then the one ahead ({@code +1}),
 * as {@code MPI_Cart_shift(d, 1)} gives them; data a rank sends ahead arrives at that neighbour in
 * its "behind" slot and vice versa, which on periodic dimensions of size 1 and 2 (one rank on both
 * sides) pairs the two messages between the same ranks by direction; {@code PROC_NULL} neighbours
 * send nothing and leave their receive block untouched. Each case runs on every grid of
 * {@link CartesianTck#grids} (1-D, 2-D, 3-D, periodic and not).
 */
public abstract class CartesianNeighborTck extends AbstractCommunicatorTck {
    private static final int SENTINEL = -1;

    /** Creates the test instance; subclasses supply the runner. */
    protected CartesianNeighborTck() {
    }

    /**
     * The neighbours of the caller in slot order: behind and ahead, per dimension.
     *
     * @param cart the grid
     * @return {@code 2 * ndims} ranks, some of them perhaps {@code PROC_NULL}
     */
    public static int[] neighbours(CartComm cart) {
        int[] out = new int[2 * cart.ndims()];
        for (int d = 0; d < cart.ndims(); d++) {
            Shift s = cart.shift(d, 1);
            out[2 * d] = s.source();
            out[2 * d + 1] = s.dest();
        }
        return out;
    }

    /**
     * The slot of the sender's send buffer whose block the receiver gets in slot {@code j}: the
     * neighbour behind sent it ahead (its slot {@code 2d+1}) and the one ahead sent it behind.
     *
     * @param j the receiver's slot
     * @return the sender's slot
     */
    public static int opposite(int j) {
        return j ^ 1;
    }

    private static int value(int rank, int slot, int e) {
        return (rank * 100 + slot) * 10 + e;
    }

    /**
     * MPI-4.1 §8.6.1 and §8.6.3 (MPI_Neighbor_allgather, MPI_Neighbor_alltoall and their
     * nonblocking forms, §8.7): on every grid the receive slots hold what the model says, both
     * for the blocking calls and for two nonblocking ones outstanding at once and completed in
     * reverse order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 6, 7})
    public void allgatherAndAlltoallOnGrids(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Grid g : CartesianTck.grids(world.size())) {
                Optional<CartComm> c = CartesianTck.create(world, g);
                if (c.isEmpty()) {
                    continue;
                }
                try (CartComm cart = c.get()) {
                    int me = cart.rank();
                    int[] nb = neighbours(cart);
                    int slots = nb.length;
                    int k = 2;
                    int[] mine = {value(me, 0, 0), value(me, 0, 1)};
                    int[] toEach = new int[slots * k];
                    for (int i = 0; i < toEach.length; i++) {
                        toEach[i] = value(me, i / k, i % k);
                    }
                    int[] expectGather = new int[slots * k];
                    int[] expectAll = new int[slots * k];
                    for (int j = 0; j < slots; j++) {
                        for (int e = 0; e < k; e++) {
                            expectGather[j * k + e] = nb[j] == Mpi.PROC_NULL ? SENTINEL : value(nb[j], 0, e);
                            expectAll[j * k + e] = nb[j] == Mpi.PROC_NULL ? SENTINEL : value(nb[j], opposite(j), e);
                        }
                    }
                    String what = g + " on grid rank " + me + ", neighbours " + Arrays.toString(nb);
                    int[] got = IntercommTck.filled(slots * k, SENTINEL);
                    cart.neighborAllgather(Buf.of(mine), Buf.of(got));
                    assertArrayEquals(expectGather, got, "neighborAllgather, " + what);
                    got = IntercommTck.filled(slots * k, SENTINEL);
                    cart.neighborAlltoall(Buf.of(toEach), Buf.of(got));
                    assertArrayEquals(expectAll, got, "neighborAlltoall, " + what);
                    int[] g1 = IntercommTck.filled(slots * k, SENTINEL);
                    int[] g2 = IntercommTck.filled(slots * k, SENTINEL);
                    Request<Status> r1 = cart.ineighborAllgather(Buf.of(mine), Buf.of(g1));
                    Request<Status> r2 = cart.ineighborAlltoall(Buf.of(toEach), Buf.of(g2));
                    r2.await();
                    r1.await();
                    assertArrayEquals(expectGather, g1, "ineighborAllgather, " + what);
                    assertArrayEquals(expectAll, g2, "ineighborAlltoall, " + what);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.6.1 and §8.6.3 (MPI_Neighbor_allgatherv, MPI_Neighbor_alltoallv,
     * MPI_Neighbor_alltoallw and their nonblocking forms): blocks of different sizes at
     * displacements in reverse slot order with gaps, and for {@code w} a datatype per dimension
     * ({@code int} or {@code long}); gaps and {@code PROC_NULL} blocks stay untouched.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 6, 7})
    public void vAndWFormsOnGrids(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (Grid g : CartesianTck.grids(world.size())) {
                Optional<CartComm> c = CartesianTck.create(world, g);
                if (c.isEmpty()) {
                    continue;
                }
                try (CartComm cart = c.get()) {
                    checkVAndW(cart, g, false);
                    checkVAndW(cart, g, true);
                }
            }
            return null;
        });
    }

    private static int count(int rank, int slot) {
        return 1 + (rank + slot) % 3;
    }

    private static void checkVAndW(CartComm cart, Grid g, boolean nonblocking) {
        int me = cart.rank();
        int[] nb = neighbours(cart);
        int slots = nb.length;
        String what = g + " on grid rank " + me + (nonblocking ? " (nonblocking)" : "");
        // allgatherv: the same 2 elements to everyone, received at reversed displacements with a gap of 1
        int[] rc = new int[slots];
        int[] rd = new int[slots];
        for (int j = 0; j < slots; j++) {
            rc[j] = 2;
            rd[j] = (slots - 1 - j) * 3;
        }
        int[] got = IntercommTck.filled(slots * 3, SENTINEL);
        Buf send = Buf.of(new int[] {value(me, 0, 0), value(me, 0, 1)});
        if (nonblocking) {
            cart.ineighborAllgatherv(send, VBuf.of(Buf.of(got), rc, rd)).await();
        } else {
            cart.neighborAllgatherv(send, VBuf.of(Buf.of(got), rc, rd));
        }
        int[] expect = IntercommTck.filled(slots * 3, SENTINEL);
        for (int j = 0; j < slots; j++) {
            if (nb[j] != Mpi.PROC_NULL) {
                expect[rd[j]] = value(nb[j], 0, 0);
                expect[rd[j] + 1] = value(nb[j], 0, 1);
            }
        }
        assertArrayEquals(expect, got, "neighborAllgatherv, " + what);
        // alltoallv: slot i carries count(me, i) elements; slot j receives count(sender, opposite(j))
        int[] sc = new int[slots];
        int[] sd = new int[slots];
        int total = 0;
        for (int i = 0; i < slots; i++) {
            sc[i] = count(me, i);
            sd[i] = total;
            total += sc[i];
        }
        int[] out = new int[total];
        for (int i = 0; i < slots; i++) {
            for (int e = 0; e < sc[i]; e++) {
                out[sd[i] + e] = value(me, i, e);
            }
        }
        int[] rcv = new int[slots];
        int[] rdv = new int[slots];
        int pos = 0;
        for (int j = slots - 1; j >= 0; j--) {
            rcv[j] = nb[j] == Mpi.PROC_NULL ? 2 : count(nb[j], opposite(j));
            rdv[j] = pos;
            pos += rcv[j] + 1;
        }
        int[] in = IntercommTck.filled(pos, SENTINEL);
        int[] expectV = IntercommTck.filled(pos, SENTINEL);
        for (int j = 0; j < slots; j++) {
            if (nb[j] != Mpi.PROC_NULL) {
                for (int e = 0; e < rcv[j]; e++) {
                    expectV[rdv[j] + e] = value(nb[j], opposite(j), e);
                }
            }
        }
        VBuf sv = VBuf.of(Buf.of(out), sc, sd);
        VBuf rv = VBuf.of(Buf.of(in), rcv, rdv);
        if (nonblocking) {
            cart.ineighborAlltoallv(sv, rv).await();
        } else {
            cart.neighborAlltoallv(sv, rv);
        }
        assertArrayEquals(expectV, in, "neighborAlltoallv, " + what);
        // alltoallw: dimension d carries ints if d is even, longs if odd, at byte displacements
        Datatype[] st = new Datatype[slots];
        long[] sbd = new long[slots];
        long bytes = 0;
        for (int i = 0; i < slots; i++) {
            st[i] = (i / 2) % 2 == 0 ? Datatype.INT : Datatype.LONG;
            sbd[i] = bytes;
            bytes += sc[i] * st[i].extent();
        }
        MemorySegment sm = MemorySegment.ofArray(new byte[(int) bytes]);
        for (int i = 0; i < slots; i++) {
            for (int e = 0; e < sc[i]; e++) {
                put(sm, st[i], sbd[i] + e * st[i].extent(), value(me, i, e));
            }
        }
        long[] rbd = new long[slots];
        long rbytes = 8;
        for (int j = slots - 1; j >= 0; j--) {
            rbd[j] = rbytes;
            rbytes += rcv[j] * st[j].extent() + 8;
        }
        byte[] raw = new byte[(int) rbytes];
        Arrays.fill(raw, (byte) 0x5A);
        MemorySegment rm = MemorySegment.ofArray(raw);
        WBuf sw = new WBuf(sm, sc, sbd, st);
        WBuf rw = new WBuf(rm, rcv, rbd, st.clone());
        if (nonblocking) {
            cart.ineighborAlltoallw(sw, rw).await();
        } else {
            cart.neighborAlltoallw(sw, rw);
        }
        byte[] expectRaw = new byte[(int) rbytes];
        Arrays.fill(expectRaw, (byte) 0x5A);
        MemorySegment em = MemorySegment.ofArray(expectRaw);
        for (int j = 0; j < slots; j++) {
            if (nb[j] != Mpi.PROC_NULL) {
                for (int e = 0; e < rcv[j]; e++) {
                    put(em, st[j], rbd[j] + e * st[j].extent(), value(nb[j], opposite(j), e));
                }
            }
        }
        assertArrayEquals(expectRaw, raw, "neighborAlltoallw, " + what);
    }

    private static void put(MemorySegment m, Datatype t, long offset, int v) {
        if (t == Datatype.INT) {
            m.set(ValueLayout.JAVA_INT_UNALIGNED, offset, v);
        } else {
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, (long) v * 1_000_000_007L);
        }
    }

    /**
     * MPI-4.1 §8.6 and §9.4: neighbourhood collectives on a communicator without a topology raise
     * ERR_TOPOLOGY; a receive buffer that does not hold one block per neighbour raises ERR_COUNT.
     * The communicators stay usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void errorsWithoutTopologyOrWithWrongCounts(int ranks) {
        run(ranks, OPTIONS, world -> {
            Buf one = Buf.of(new int[1]);
            Buf many = Buf.of(new int[8]);
            VBuf v = VBuf.of(Buf.of(new int[1]), new int[] {1});
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.neighborAllgather(one, many));
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.neighborAlltoall(one, many));
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.neighborAllgatherv(one, v));
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.neighborAlltoallv(v, v));
            assertMpiErrorStartingOrCompleting(ErrorClass.ERR_TOPOLOGY, () -> world.ineighborAllgather(one, many));
            assertMpiErrorStartingOrCompleting(ErrorClass.ERR_TOPOLOGY, () -> world.ineighborAlltoall(one, many));
            try (CartComm ring = world.createCart(new int[] {world.size()}, new boolean[] {true}, false).orElseThrow()) {
                assertMpiError(ErrorClass.ERR_COUNT, () -> ring.neighborAllgather(one, Buf.of(new int[3])));
                assertMpiError(ErrorClass.ERR_COUNT, () -> ring.neighborAlltoall(Buf.of(new int[2]), Buf.of(new int[3])));
                int[] got = new int[2];
                ring.neighborAllgather(Buf.of(new int[] {ring.rank()}), Buf.of(got));
                int n = ring.size();
                assertEquals((ring.rank() + n - 1) % n, got[0]);
                assertEquals((ring.rank() + 1) % n, got[1]);
            }
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }
}
