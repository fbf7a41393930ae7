package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.RankFailedException;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deterministic mode: one rank at a time, every choice from the schedule, failures replay. */
@Timeout(60)
class DeterministicSimTest {
    /** Rank 0 takes a message from anyone, then insists on rank 2's: deadlocks when rank 2's came first. */
    static void wildcardRace(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** What one seeded run did: the outcome and every choice. */
    private record Run(String outcome, List<String> choices) {
    }

    private static Run run(Schedule schedule, int ranks, String buffering, io.mpi4j.sim.RankAction body) {
        List<String> choices = Collections.synchronizedList(new ArrayList<>());
        Sim sim = Sim.builder().ranks(ranks).buffering(Buffering.parse(buffering)).schedule(schedule)
                .observeSchedule((c, n) -> choices.add(c + "/" + n)).timeout(java.time.Duration.ofSeconds(20)).build();
        try {
            sim.exec(body);
            return new Run("pass", List.copyOf(choices));
        } catch (DeadlockException e) {
            return new Run("deadlock", List.copyOf(choices));
        } catch (RankFailedException e) {
            return new Run("failed: " + e.getCause(), List.copyOf(choices));
        }
    }

    /**
     * Joining a request's future (and one derived from it) on a rank's thread waits through MPI,
     * so the schedule passes to the sender instead of stalling (it stalled after 5 s: the rank
     * blocked outside MPI while holding the token).
     */
    @Test
    @Timeout(60)
    void joiningARequestsFutureLetsTheScheduleMoveOn() {
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> got = Sim.builder().ranks(2).deterministic(seed).build().run(world -> {
                if (world.rank() == 0) {
                    int[] into = new int[1];
                    Status st = world.irecv(Buf.of(into), 1, 3).toCompletableFuture().join();
                    int doubled = world.<Integer>irecvObject(1, 4).toCompletableFuture().thenApply(x -> 2 * x).join();
                    return st.source() == 1 ? into[0] + doubled : -1;
                }
                world.send(new int[] {5}, 0, 3);
                world.sendObject(21, 0, 4);
                return 0;
            });
            assertEquals(List.of(47, 0), got, "seed " + seed);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndSomeSeedsFindTheRace() {
        Set<String> outcomes = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Run first = run(Schedule.seeded(seed), 3, "eager", DeterministicSimTest::wildcardRace);
            Run again = run(Schedule.seeded(seed), 3, "eager", DeterministicSimTest::wildcardRace);
            assertEquals(first, again, "seed " + seed + " replays");
            outcomes.add(first.outcome());
        }
        assertEquals(Set.of("pass", "deadlock"), outcomes, "both matchings are reached");
    }

    @Test
    void aFailureNamesItsSeedAndTheSeedReplaysIt() {
        long seed = -1;
        for (long s = 0; s < 100 && seed < 0; s++) {
            if (run(Schedule.seeded(s), 3, "eager", DeterministicSimTest::wildcardRace).outcome().equals("deadlock")) {
                seed = s;
            }
        }
        assertTrue(seed >= 0, "a deadlocking seed in 0..99");
        long found = seed;
        DeadlockException e = assertThrows(DeadlockException.class,
                () -> Sim.builder().ranks(3).deterministic(found).build().exec(DeterministicSimTest::wildcardRace));
        assertTrue(e.getMessage().contains("seed=" + found), e.getMessage());
        assertTrue(e.getMessage().contains(".deterministic(" + found + "L)"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 0 blocked in recv(source=2"), e.getMessage());
    }

    @Test
    void aReplayedChoiceListRepeatsTheRun() {
        for (long seed = 0; seed < 10; seed++) {
            Run seeded = run(Schedule.seeded(seed), 3, "eager", DeterministicSimTest::wildcardRace);
            int[] choices = seeded.choices().stream().mapToInt(c -> Integer.parseInt(c.substring(0, c.indexOf('/')))).toArray();
            Run replayed = run(Schedule.replay(choices), 3, "eager", DeterministicSimTest::wildcardRace);
            assertEquals(seeded, replayed, "seed " + seed);
        }
    }

    @Test
    void wildcardMatchingAmongQueuedMessagesIsAChoice() {
        // both messages are queued before rank 0 receives (barrier): which one ANY_SOURCE takes is chosen
        Set<Integer> firstSources = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            List<Integer> got = Sim.builder().ranks(3).deterministic(seed).build().run(world -> {
                if (world.rank() != 0) {
                    world.send(new int[] {world.rank()}, 0, 0);
                }
                world.barrier();
                if (world.rank() == 0) {
                    Status s = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
                    world.recv(new int[1], 3 - s.source(), 0);
                    return s.source();
                }
                return -1;
            });
            firstSources.add(got.getFirst());
        }
        assertEquals(Set.of(1, 2), firstSources);
    }

    @Test
    void correctProgramsPassUnderEverySeed() {
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> sums = Sim.builder().ranks(4).deterministic(seed).build().run(world -> {
                int n = world.size(), rank = world.rank();
                int[] in = new int[1];
                world.sendrecv(Buf.of(new int[] {rank}), (rank + 1) % n, 0, Buf.of(in), (rank + n - 1) % n, 0);
                Request<Status> r = world.irecv(Buf.of(new int[1]), (rank + n - 1) % n, 1);
                world.send(new int[] {rank}, (rank + 1) % n, 1);
                while (r.test().isEmpty()) {
                    Thread.onSpinWait(); // polling with test() is a scheduling point
                }
                int[] sum = new int[1];
                world.allreduce(Buf.of(in), Buf.of(sum), Op.SUM);
                return sum[0];
            });
            assertEquals(List.of(6, 6, 6, 6), sums, "seed " + seed);
        }
    }

    @Test
    void bufferingDependentDeadlockIsFoundWithoutTiming() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.builder().ranks(2).buffering(Buffering.zero())
                .deterministic(7).build().exec(world -> {
                    world.send(new int[] {1}, 1 - world.rank(), 0);
                    world.recv(new int[1], 1 - world.rank(), 0);
                }));
        assertTrue(e.getMessage().contains("wait-for cycle: rank 0 -> rank 1 -> rank 0")
                || e.getMessage().contains("wait-for cycle: rank 1 -> rank 0 -> rank 1"), e.getMessage());
    }

    @Test
    void aRankFailureNamesTheSeed() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.builder().ranks(3).deterministic(5).build()
                .exec(world -> {
                    world.barrier();
                    if (world.rank() == 2) {
                        throw new IllegalStateException("boom");
                    }
                    world.recv(new int[1], 2, 0);
                }));
        assertEquals(2, e.rank());
        assertTrue(e.getMessage().contains("seed=5"), e.getMessage());
        // the hint replays the run as it was: the world size belongs to it
        assertTrue(e.getMessage().contains("Sim.builder().ranks(3).deterministic(5L) or @MpiTest(ranks = 3, seed = 5L)"),
                e.getMessage());
    }

    @Test
    void nonblockingCollectivesWithHelperThreadsStillFinish() {
        for (long seed = 0; seed < 5; seed++) {
            List<Integer> got = Sim.builder().ranks(3).deterministic(seed).collectives(CollectiveAlgorithms.POINT_TO_POINT).build()
                    .run(world -> {
                        int[] sum = new int[1];
                        world.iallreduce(Buf.of(new int[] {world.rank()}), Buf.of(sum), Op.SUM).await();
                        return sum[0];
                    });
            assertEquals(List.of(3, 3, 3), got);
        }
    }

    @Test
    void blockingOutsideMpiWhileHoldingTheTokenIsReportedNotHung() {
        long start = System.nanoTime();
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        io.mpi4j.MpiException e = assertThrows(io.mpi4j.MpiException.class, () -> Sim.builder().ranks(2).deterministic(3)
                .timeout(java.time.Duration.ofSeconds(30)).build().exec(world -> {
                    if (world.rank() == 0) {
                        // a latch parks outside MPI: rank 1, which would count it down, never runs
                        sent.await();
                        world.recv(new int[1], 1, 0);
                    } else {
                        world.send(new int[1], 0, 0);
                        sent.countDown();
                    }
                }));
        assertEquals(io.mpi4j.ErrorClass.ERR_OTHER, e.errorClass());
        assertTrue(e.getMessage().startsWith("deterministic schedule stalled: rank "), e.getMessage());
        assertTrue(e.getMessage().contains("seed=3"), e.getMessage());
        assertTrue(e.getMessage().contains("holds the schedule's token, running outside MPI")
                && e.getMessage().contains("waiting for its turn at an MPI call"), "each rank's state: " + e.getMessage());
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(15), "well before the timeout");
    }
}
