package io.mpi4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Status;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.Schedule;
import io.mpi4j.sim.Sim;
import io.mpi4j.testkit.explore.Exploration;
import io.mpi4j.testkit.explore.Explore;
import io.mpi4j.testkit.junit.MpiTest;
import io.mpi4j.testkit.junit.Rank;
import io.mpi4j.testkit.trace.TraceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The samples of the guide's chapter "Testing MPI code": finding a buffering-dependent deadlock,
 * and finding and replaying a wildcard race from its seed, with traces. The pictures of the
 * chapter are the SVG files these tests write under {@code target/guide-traces}.
 */
class TestingMpiCodeTest {
    /** Where the traces of the chapter's pictures are written. */
    static final Path TRACES = Path.of("target/guide-traces");

    // tag::exchange[]
    /** Both partners send first, then receive: correct only if the MPI buffers the message. */
    static void exchange(Intracomm world) {
        int partner = world.rank() ^ 1;
        int[] mine = {world.rank()}, theirs = new int[1];
        world.send(mine, partner, 0);
        world.recv(theirs, partner, 0);
    }
    // end::exchange[]

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zeroBufferingFindsTheExchangeDeadlockAndTracesIt() throws Exception {
        // tag::zero-trace[]
        Sim sim = Sim.builder().ranks(2).buffering(Buffering.zero()).name("exchange")
                .trace(trace -> TraceFiles.write(trace, TRACES, "exchange-zero-buffering"))
                .build();
        DeadlockException e = assertThrows(DeadlockException.class, () -> sim.exec(TestingMpiCodeTest::exchange));
        // rank 0 blocked in send(dest=1, tag=0, comm=WORLD)
        // rank 1 blocked in send(dest=0, tag=0, comm=WORLD)
        // wait-for cycle: rank 0 -> rank 1 -> rank 0
        // end::zero-trace[]
        assertTrue(e.getMessage().contains("rank 0 blocked in send(dest=1, tag=0, comm=WORLD)"), e::getMessage);
        assertTrue(Files.readString(TRACES.resolve("exchange-zero-buffering.svg")).contains("stopped in send(dest=1"));
    }

    // tag::exchange-fixed[]
    @MpiTest(ranks = {2, 4}, buffering = "zero")
    void exchangeWithSendrecv(Intracomm world, @Rank int rank) {
        int partner = rank ^ 1;
        int[] theirs = new int[1];
        world.sendrecv(Buf.of(new int[] {rank}), partner, 0, Buf.of(theirs), partner, 0);
        assertEquals(partner, theirs[0]);
    }
    // end::exchange-fixed[]

    // tag::race[]
    /** Rank 0 takes the first message from anyone, then insists on rank 2's. */
    static void firstComeThenRankTwo(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);   // never matches if rank 2's message came first
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }
    // end::race[]

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void exploringSeedsFindsTheRaceAndTheSeedReplaysIt() throws Exception {
        // tag::explore[]
        Exploration found = Explore.seeds(Sim.builder().ranks(3), TestingMpiCodeTest::firstComeThenRankTwo, 0, 100);
        String described = found.counterexample().orElseThrow().describe();
        System.out.println(described);
        // run 3 under schedule seed=2 failed with DeadlockException: deadlock: every unfinished rank ...
        // ... replay it with Sim.builder().ranks(3).deterministic(2L) or @MpiTest(ranks = 3, seed = 2L)
        // end::explore[]
        assertTrue(described.contains("Sim.builder().ranks(3).deterministic("), described);
        long seed = ((Schedule.Seeded) found.counterexample().orElseThrow().schedule()).seed();
        // tag::replay[]
        Sim replay = Sim.builder().ranks(3).deterministic(seed).name("wildcard-race")
                .trace(trace -> TraceFiles.write(trace, TRACES, "wildcard-race-seed"))
                .build();
        assertThrows(DeadlockException.class, () -> replay.exec(TestingMpiCodeTest::firstComeThenRankTwo));
        // end::replay[]
        String picture = Files.readString(TRACES.resolve("wildcard-race-seed.svg"));
        assertTrue(picture.contains("stopped in recv(source=2, tag=0, comm=WORLD)"), picture);
        // the same seed, the same run: the same message matched the wildcard
        for (int i = 0; i < 3; i++) {
            DeadlockException e = assertThrows(DeadlockException.class,
                    () -> Sim.builder().ranks(3).deterministic(seed).build().exec(TestingMpiCodeTest::firstComeThenRankTwo));
            assertTrue(e.getMessage().contains("seed=" + seed), e::getMessage);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void enumeratingEveryMatchingFindsTheRaceToo() {
        // tag::enumerate[]
        Exploration all = Explore.all(Sim.builder().ranks(3), TestingMpiCodeTest::firstComeThenRankTwo, 10_000);
        // all.counterexample(): a schedule such as "blocking choices=[1]", replayed with
        // Sim.builder().schedule(Schedule.replayBlocking(1))
        // end::enumerate[]
        assertTrue(all.counterexample().isPresent());
    }

    // tag::race-fixed[]
    @MpiTest(ranks = 3, schedules = 100)
    void firstComeThenTheOther(Intracomm world) {
        if (world.rank() == 0) {
            Status first = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 3 - first.source(), 0);   // the sender not heard from yet
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }
    // end::race-fixed[]

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theFixedProgramHasNoFailingMatching() {
        // tag::enumerate-fixed[]
        Exploration all = Explore.all(Sim.builder().ranks(3), world -> {
            if (world.rank() == 0) {
                Status first = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
                world.recv(new int[1], 3 - first.source(), 0);
            } else {
                world.send(new int[] {world.rank()}, 0, 0);
            }
        }, 10_000);
        assertTrue(all.passed() && all.complete());   // every run tried, none failed
        // end::enumerate-fixed[]
    }
}
