package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.MpiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job that times out while its ranks loop without blocking leaves them running on every carrier
 * of the virtual-thread scheduler: the next job must still run (on platform threads), not time
 * out with its ranks never started. Found by an independent check, where one such test made every
 * later {@code @MpiTest} in the JVM fail.
 */
@Timeout(60)
class AbandonedRanksTest {
    @Test
    void aJobAfterOneWhoseRanksHoldEveryCarrierStillRuns() throws InterruptedException {
        // as many spinning ranks as the scheduler has carriers (its parallelism, by default the processors)
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sim spinning = Sim.builder().ranks(carriers).timeout(Duration.ofMillis(300)).build();
        MpiException timedOut = assertThrows(MpiException.class, () -> spinning.exec(world -> {
            spinners.add(Thread.currentThread());
            while (!stop.get()) {
                Thread.onSpinWait(); // never blocks, never yields: keeps its carrier
            }
        }));
        assertTrue(timedOut.getMessage().contains("abandoned"), timedOut.getMessage());
        try {
            List<Integer> got = Sim.builder().ranks(3).timeout(Duration.ofSeconds(20)).build().run(world -> {
                int n = world.size();
                int[] in = new int[1];
                world.sendrecv(Buf.of(new int[] {world.rank()}), (world.rank() + 1) % n, 0, Buf.of(in), (world.rank() + n - 1) % n, 0);
                return in[0];
            });
            assertEquals(List.of(2, 0, 1), got);
        } finally {
            stop.set(true);
            for (Thread t : spinners) {
                t.join(10_000);
            }
        }
    }
}
