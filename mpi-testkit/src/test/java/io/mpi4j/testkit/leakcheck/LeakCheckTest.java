package io.mpi4j.testkit.leakcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.sim.Sim;
import io.mpi4j.testkit.check.LeakCheck;
import io.mpi4j.testkit.check.LeakException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LeakCheck}'s forms outside JUnit: the builder forms find what {@code @MpiTest} finds. Not in
 * the package {@code check} itself, whose frames count as the library's when call sites are found.
 */
@Timeout(60)
class LeakCheckTest {
    /** A send never waited for, and its message never received: each with the line that made it. */
    private static void leaky(io.mpi4j.Intracomm world) {
        if (world.rank() == 0) {
            world.isend(Buf.of(new int[] {7}), 1, 5);
        }
    }

    @Test
    void assertNoLeaksOnABuilderFindsAnUnwaitedRequestAndItsLostMessage() {
        LeakException e = assertThrows(LeakException.class,
                () -> LeakCheck.assertNoLeaks(Sim.builder().ranks(2).timeout(Duration.ofSeconds(20)), LeakCheckTest::leaky));
        assertTrue(e.getMessage().startsWith("sim job on 2 ranks left 2 resources behind"), e.getMessage());
        assertEquals(2, e.leaks().size(), e.getMessage());
        assertTrue(e.leaks().stream().allMatch(l -> l.where().contains("LeakCheckTest.leaky")), e.getMessage());
    }

    @Test
    void assertNoLeaksOnABuilderPassesACleanProgram() {
        LeakCheck.assertNoLeaks(Sim.builder().ranks(2).timeout(Duration.ofSeconds(20)), world -> {
            if (world.rank() == 0) {
                world.isend(Buf.of(new int[] {7}), 1, 5).await();
            } else {
                world.recv(new int[1], 0, 5);
            }
        });
    }
}
