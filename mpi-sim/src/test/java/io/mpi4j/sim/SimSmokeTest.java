package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.Mpi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimSmokeTest {
    @Test
    void ring() {
        List<Integer> got = Sim.run(4, world -> {
            int rank = world.rank(), n = world.size();
            int[] in = new int[1];
            world.sendrecv(Buf.of(new int[] {rank}), (rank + 1) % n, 0, Buf.of(in), (rank + n - 1) % n, 0);
            return in[0];
        });
        assertEquals(List.of(3, 0, 1, 2), got);
    }

    @Test
    void deadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(2, world -> {
            int[] x = new int[1];
            world.recv(x, 1 - world.rank(), 42);
        }));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("rank 1 blocked in recv(source=0, tag=42, comm=WORLD)"), e.getMessage());
        assertTrue(e.getMessage().contains("wait-for cycle"), e.getMessage());
    }

    @Test
    void failurePropagates() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(3, world -> {
            if (world.rank() == 1) {
                throw new IllegalStateException("boom");
            }
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
        }));
        System.out.println(e.getMessage());
        assertEquals(1, e.rank());
    }

    @Test
    void pingPongTiming() {
        for (int round = 0; round < 3; round++) {
            List<Double> t = Sim.builder().ranks(2).threads(ThreadKind.PLATFORM).build().run(world -> {
                byte[] b = new byte[8];
                int iters = 200_000;
                int peer = 1 - world.rank();
                world.barrier();
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    if (world.rank() == 0) {
                        world.send(b, peer, 0);
                        world.recv(b, peer, 0);
                    } else {
                        world.recv(b, peer, 0);
                        world.send(b, peer, 0);
                    }
                }
                return (System.nanoTime() - t0) / 1e3 / iters / 2;
            });
            System.out.println("8B half round trip us: " + t.get(0));
        }
    }
}
