package io.mpi4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.MpiException;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.Sim;
import io.mpi4j.sim.ThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The user guide's samples of embedding the {@code sim} provider in a test, with {@link Sim}. */
class SimEmbeddingTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void simRunReturnsEachRanksResult() {
        // tag::sim-run[]
        List<Integer> received = Sim.run(4, world -> {
            int rank = world.rank();
            int size = world.size();
            int[] got = new int[1];
            world.sendrecv(Buf.of(new int[] {rank}), (rank + 1) % size, 0, Buf.of(got), (rank + size - 1) % size, 0);
            return got[0];
        });
        assertEquals(List.of(3, 0, 1, 2), received);
        // end::sim-run[]
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zeroBufferingExposesAProgramThatReliesOnBuffering() {
        // tag::sim-deadlock[]
        Sim sim = Sim.builder()
                .ranks(2)
                .buffering(Buffering.zero())            // every standard send waits for its receive
                .threads(ThreadKind.PLATFORM)
                .timeout(Duration.ofSeconds(20))
                .build();
        DeadlockException e = assertThrows(DeadlockException.class, () -> sim.exec(world -> {
            int other = 1 - world.rank();
            world.send(new int[100], other, 0);         // both ranks send first: correct only if sends buffer
            world.recv(new int[100], other, 0);
        }));
        assertTrue(e.report().contains("rank 0 blocked in send"), e.report());
        // end::sim-deadlock[]
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void collectiveMismatchFailsOnEveryRankWithAReport() {
        // tag::sim-mismatch[]
        List<String> errors = Sim.run(3, world -> {
            int root = world.rank() == 2 ? 1 : 0;      // rank 2 disagrees about the root
            String error = "no error";
            try {
                world.bcast(Buf.of(new int[4]), root);
            } catch (MpiException e) {
                error = e.errorClass() + ": " + e.getMessage();
            }
            int[] data = {world.rank() == 0 ? 42 : 0};
            world.bcast(Buf.of(data), 0);               // the communicator is still usable
            assertEquals(42, data[0]);
            return error;
        });
        for (String error : errors) {
            assertTrue(error.startsWith("ERR_NOT_SAME: collective mismatch on WORLD"), error);
            assertTrue(error.contains("the ranks disagree on the root"), error);
        }
        // end::sim-mismatch[]
    }
}
