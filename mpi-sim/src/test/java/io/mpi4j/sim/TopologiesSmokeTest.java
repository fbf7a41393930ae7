package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.DistGraphComm;
import io.mpi4j.Mpi;
import io.mpi4j.Shift;
import io.mpi4j.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke checks of topologies and neighbourhood collectives on sim; the TCK covers them in depth. */
@Timeout(60)
class TopologiesSmokeTest {
    @Test
    void computeDimsBalances() {
        assertArrayEquals(new int[] {3, 2}, CartComm.computeDims(6, 2));
        assertArrayEquals(new int[] {4, 3, 2}, CartComm.computeDims(24, 3));
        assertArrayEquals(new int[] {2, 5, 1}, CartComm.computeDims(10, new int[] {2, 0, 1}));
        assertArrayEquals(new int[] {7, 1}, CartComm.computeDims(7, 2));
    }

    @Test
    void cartesianShiftsSubAndNeighbourAlltoallOnSmallPeriodicDimensions() {
        // a 2 x 2 x 1 periodic grid: along dimension 0 and 1 the neighbour behind and ahead is the same rank
        Sim.exec(4, world -> {
            CartComm grid = world.createCart(new int[] {2, 2, 1}, new boolean[] {true, true, true}, false).orElseThrow();
            assertEquals(Topology.CART, grid.topology());
            int[] me = grid.coords();
            assertEquals(grid.rank(), grid.rankOf(me));
            int n = 6; // 2 neighbours per dimension
            int[] send = new int[n];
            for (int i = 0; i < n; i++) {
                send[i] = grid.rank() * 100 + i; // block i goes to neighbour i
            }
            int[] recv = new int[n];
            grid.neighborAlltoall(Buf.of(send), Buf.of(recv));
            for (int d = 0; d < 3; d++) {
                Shift s = grid.shift(d, 1);
                // from the neighbour behind (slot 2d) comes what it sent ahead (its block 2d+1), and vice versa
                assertEquals(s.source() * 100 + 2 * d + 1, recv[2 * d], "dimension " + d + " behind");
                assertEquals(s.dest() * 100 + 2 * d, recv[2 * d + 1], "dimension " + d + " ahead");
            }
            CartComm row = grid.sub(false, true, false);
            assertArrayEquals(new int[] {2}, row.dims());
            assertEquals(me[1], row.rank());
        });
    }

    @Test
    void nonPeriodicEdgesAreProcNull() {
        Sim.exec(3, world -> {
            CartComm line = world.createCart(new int[] {3}, new boolean[] {false}, false).orElseThrow();
            Shift s = line.shift(0, 1);
            assertEquals(line.rank() == 0 ? Mpi.PROC_NULL : line.rank() - 1, s.source());
            assertEquals(line.rank() == 2 ? Mpi.PROC_NULL : line.rank() + 1, s.dest());
            int[] got = {-1, -1};
            line.neighborAllgather(Buf.of(new int[] {line.rank()}), Buf.of(got));
            assertEquals(line.rank() == 0 ? -1 : line.rank() - 1, got[0]);
            assertEquals(line.rank() == 2 ? -1 : line.rank() + 1, got[1]);
        });
    }

    @Test
    void distributedGraphRing() {
        Sim.exec(4, world -> {
            int n = world.size();
            int r = world.rank();
            // everyone specifies the edge r -> r+1; each rank learns its own sources and destinations
            DistGraphComm g = world.createDistGraph(new int[] {r}, new int[] {1}, new int[] {(r + 1) % n}, null, false);
            assertArrayEquals(new int[] {(r + n - 1) % n}, g.sources());
            assertArrayEquals(new int[] {(r + 1) % n}, g.destinations());
            int[] got = new int[1];
            g.ineighborAllgather(Buf.of(new int[] {r}), Buf.of(got)).await();
            assertEquals((r + n - 1) % n, got[0]);
        });
    }
}
