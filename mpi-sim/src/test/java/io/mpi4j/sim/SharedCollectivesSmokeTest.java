package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.RankFailedException;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke checks of sim's shared-memory collectives; the TCK covers them exhaustively. */
@Timeout(60)
class SharedCollectivesSmokeTest {
    @Test
    void reductionsBroadcastAndGather() {
        List<String> out = Sim.run(5, world -> {
            int rank = world.rank(), n = world.size();
            double[] sum = new double[2];
            world.allreduce(Buf.of(new double[] {rank, 1}), Buf.of(sum), Op.SUM);
            int[] b = rank == 2 ? new int[] {7, 8, 9} : new int[3];
            world.bcast(Buf.of(b), 2);
            int[] all = new int[n];
            world.gather(Buf.of(new int[] {rank * rank}), Buf.of(all), 0);
            int[] scan = new int[1];
            world.scan(Buf.of(new int[] {rank + 1}), Buf.of(scan), Op.PROD);
            Map<String, Integer> dict = world.bcastObject(rank == 0 ? Map.of("k", 42) : null, 0);
            int total = world.allreduceObject(rank, Integer::sum);
            Optional<String> ex = world.exscanObject(Integer.toString(rank), String::concat);
            return sum[0] + "," + sum[1] + "," + b[2] + "," + (rank == 0 ? all[4] : -1) + "," + scan[0] + "," + dict.get("k") + ","
                    + total + "," + ex.orElse("-");
        });
        assertEquals("10.0,5.0,9,16,1,42,10,-", out.get(0));
        assertEquals("10.0,5.0,9,-1,120,42,10,0123", out.get(4));
    }

    @Test
    void nonCommutativeOperationsApplyInRankOrder() {
        Op concat = Op.ofInts((left, right) -> left * 10 + right, false);
        List<Integer> got = Sim.run(4, world -> {
            int[] r = new int[1];
            world.allreduce(Buf.of(new int[] {world.rank() + 1}), Buf.of(r), concat);
            return r[0];
        });
        assertEquals(List.of(1234, 1234, 1234, 1234), got);
    }

    @Test
    void nonblockingCollectivesCompleteInAnyOrder() {
        Sim.exec(3, world -> {
            int[] a = new int[1];
            int[] b = new int[3];
            Request<Status> r1 = world.iallreduce(Buf.of(new int[] {1}), Buf.of(a), Op.SUM);
            Request<Status> r2 = world.iallgather(Buf.of(new int[] {world.rank()}), Buf.of(b));
            r2.await();
            r1.await();
            assertEquals(3, a[0]);
            assertArrayEquals(new int[] {0, 1, 2}, b);
        });
    }

    @Test
    void mismatchedCollectivesFailEveryRankWithAReport() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(3, world -> {
            int[] x = new int[4];
            if (world.rank() == 1) {
                world.reduce(Buf.of(x), Buf.of(new int[4]), Op.SUM, 0);
            } else {
                world.bcast(Buf.of(x), 0);
            }
        }));
        MpiException cause = (MpiException) e.getCause();
        assertEquals(ErrorClass.ERR_NOT_SAME, cause.errorClass());
        assertTrue(cause.getMessage().contains("rank 1 called reduce(root=0, op=SUM"), cause.getMessage());
        assertTrue(cause.getMessage().contains("rank 0 called bcast(root=0, count=4 INT"), cause.getMessage());
    }

    @Test
    void aRankMissingFromACollectiveIsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(2, world -> {
            if (world.rank() == 0) {
                world.allreduce(Buf.of(new int[1]), Buf.of(new int[1]), Op.SUM);
            } else {
                world.recv(new int[1], 0, 5);
            }
        }));
        assertTrue(e.report().contains("rank 0 blocked in allreduce(op=SUM, count=1 INT, comm=WORLD)"), e.report());
    }

    @Test
    void confinedMemoryWorksInCollectives() {
        Sim.exec(3, world -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocate(8 * 4);
                MemorySegment out = arena.allocate(8 * 4);
                for (int i = 0; i < 4; i++) {
                    in.setAtIndex(ValueLayout.JAVA_LONG, i, world.rank() + i);
                }
                world.allreduce(Buf.of(in, io.mpi4j.Datatype.LONG), Buf.of(out, io.mpi4j.Datatype.LONG), Op.MAX);
                for (int i = 0; i < 4; i++) {
                    assertEquals(2 + i, out.getAtIndex(ValueLayout.JAVA_LONG, i));
                }
            }
        });
    }

    @Test
    void blockingAndNonblockingFormsNeverMatch() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(2, world -> {
            int[] x = new int[1];
            if (world.rank() == 0) {
                world.bcast(Buf.of(x), 0);
            } else {
                world.ibcast(Buf.of(x), 0).await();
            }
        }));
        MpiException cause = (MpiException) e.getCause();
        assertEquals(ErrorClass.ERR_NOT_SAME, cause.errorClass());
        assertTrue(cause.getMessage().contains("rank 1 called ibcast(root=0"), cause.getMessage());
    }

    /**
     * A collective whose argument check fails on one rank only (the root's receive buffer too
     * small) while the others make it leaves the ranks out of step, as in C MPI (the call is
     * refused locally and takes no place; the program is erroneous): the others' gather pairs with
     * the root's next one. The mismatch this leads to names the refusal as its likely cause.
     */
    @Test
    void aMismatchAfterACollectiveRefusedOnOneRankNamesTheRefusal() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(3, world -> {
            int rank = world.rank(), n = world.size();
            try {
                world.gather(Buf.of(new int[] {100 + rank}), Buf.of(new int[rank == 0 ? 1 : 0]), 0);
            } catch (MpiException refused) {
                assertEquals(ErrorClass.ERR_COUNT, refused.errorClass());
            }
            world.gather(Buf.of(new int[] {200 + rank}), Buf.of(new int[n]), 0);
            world.barrier();
        }));
        MpiException cause = (MpiException) e.getCause();
        assertEquals(ErrorClass.ERR_NOT_SAME, cause.errorClass());
        assertTrue(cause.getMessage().contains("rank 0's gather on WORLD was refused by its own argument checks (ERR_COUNT: gather: the root's"
                + " receive buffer has count=1"), cause.getMessage());
    }

    /** A deadlock that follows such a refusal names it too. */
    @Test
    void aDeadlockAfterACollectiveRefusedOnOneRankNamesTheRefusal() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(2, world -> {
            // rank 1's call is refused (IN_PLACE as both buffers), then it finishes; rank 0 waits for it
            try {
                Buf mine = world.rank() == 1 ? Buf.IN_PLACE : Buf.of(new int[1]);
                world.allreduce(mine, world.rank() == 1 ? Buf.IN_PLACE : Buf.of(new int[1]), Op.SUM);
            } catch (MpiException refused) {
                assertEquals(ErrorClass.ERR_BUFFER, refused.errorClass());
            }
        }));
        assertTrue(e.report().contains("note: rank 1's allreduce on WORLD was refused by its own argument checks (ERR_BUFFER"), e.report());
    }
}
