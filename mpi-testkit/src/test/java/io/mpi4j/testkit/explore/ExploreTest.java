package io.mpi4j.testkit.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Status;
import io.mpi4j.sim.Schedule;
import io.mpi4j.sim.Sim;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exploration by seeds and by enumeration finds wildcard races, replays them, and passes correct programs. */
@Timeout(120)
class ExploreTest {
    /** Rank 0 takes a message from anyone, then insists on rank 2's: deadlocks when rank 2's came first. */
    static void race(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** The correct form: the second receive names the rank the first did not hear from. */
    static void noRace(Intracomm world) {
        if (world.rank() == 0) {
            Status first = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 3 - first.source(), 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** Rank 0 looks for rank 1's message once: in the schedules where it is not there yet, it is never received. */
    static void probeOnce(Intracomm world) {
        if (world.rank() == 0) {
            if (world.iprobe(1, 0).isPresent()) {
                world.recv(new int[1], 1, 0);
            }
        } else {
            world.send(new int[] {1}, 0, 0);
        }
    }

    @Test
    void explorationRunsTheChecksOfMpiTestAndFindsALostMessage() {
        Exploration e = Explore.seeds(Sim.builder().ranks(2), ExploreTest::probeOnce, 0, 50);
        assertFalse(e.passed(), "some schedule leaves the message unreceived");
        Throwable failure = e.counterexample().orElseThrow().failure();
        assertInstanceOf(io.mpi4j.testkit.check.LeakException.class, failure);
        assertTrue(failure.getMessage().contains("never received"), failure::getMessage);
    }

    @Test
    void seedsFindTheRaceAndItsSeedReplaysIt() {
        Exploration e = Explore.seeds(Sim.builder().ranks(3), ExploreTest::race, 0, 200);
        assertFalse(e.passed());
        Counterexample c = e.counterexample().orElseThrow();
        assertInstanceOf(DeadlockException.class, c.failure());
        long seed = ((Schedule.Seeded) c.schedule()).seed();
        assertEquals(seed + 1, e.runs(), "stops at the first failing seed");
        assertThrows(DeadlockException.class, () -> Sim.builder().ranks(3).deterministic(seed).build().exec(ExploreTest::race));
        AssertionError error = assertThrows(AssertionError.class, e::orThrow);
        assertTrue(error.getMessage().contains("seed=" + seed) && error.getMessage().contains(".deterministic(" + seed + "L)"),
                error::getMessage);
    }

    @Test
    void enumerationFindsTheRaceAndItsChoicesReplayIt() {
        Exploration e = Explore.all(Sim.builder().ranks(3), ExploreTest::race, 10_000);
        Counterexample c = e.counterexample().orElseThrow();
        assertInstanceOf(DeadlockException.class, c.failure());
        Schedule replay = c.schedule();
        for (int i = 0; i < 3; i++) {
            assertThrows(DeadlockException.class, () -> Sim.builder().ranks(3).schedule(replay).build().exec(ExploreTest::race));
        }
    }

    @Test
    void enumerationOfACorrectProgramCompletesWithoutFailure() {
        Exploration e = Explore.all(Sim.builder().ranks(3), ExploreTest::noRace, 10_000);
        assertTrue(e.passed(), () -> e.counterexample().orElseThrow().describe());
        assertTrue(e.complete(), "the tree of runs is small: " + e.runs() + " runs");
        assertTrue(e.runs() > 1, "more than one run: " + e.runs());
    }

    @Test
    void enumerationReachesEveryMatchingOfAWildcardGather() {
        Set<String> orders = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Exploration e = Explore.all(5_000, (schedule, observer) -> Sim.builder().ranks(4).schedule(schedule).observeSchedule(observer)
                .build().exec(world -> {
                    if (world.rank() == 0) {
                        StringBuilder order = new StringBuilder();
                        for (int i = 1; i < 4; i++) {
                            order.append(world.recv(new int[1], Mpi.ANY_SOURCE, 0).source());
                        }
                        orders.add(order.toString());
                    } else {
                        world.send(new int[] {world.rank()}, 0, 0);
                    }
                }));
        assertTrue(e.passed() && e.complete(), "runs " + e.runs());
        assertEquals(Set.of("123", "132", "213", "231", "312", "321"), new HashSet<>(orders));
    }

    @Test
    void budgetExhaustedIsNotComplete() {
        Exploration e = Explore.all(Sim.builder().ranks(3), ExploreTest::noRace, 2);
        assertEquals(2, e.runs());
        assertFalse(e.complete());
        assertTrue(e.passed());
    }

    @Property(tries = 60)
    void aPropertyRangesOverSeedsAndWorldSizes(@ForAll("seeds") long seed, @ForAll @IntRange(min = 2, max = 6) int ranks) {
        // a wildcard gather that sums whatever arrives: correct under every schedule and size
        java.util.List<Integer> sums = Sim.builder().ranks(ranks).deterministic(seed).build().run(world -> {
            int[] v = {world.rank()};
            if (world.rank() != 0) {
                world.send(v, 0, 0);
                return 0;
            }
            int sum = 0;
            for (int i = 1; i < world.size(); i++) {
                world.recv(Buf.of(v), Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                sum += v[0];
            }
            return sum;
        });
        assertEquals(ranks * (ranks - 1) / 2, sums.getFirst());
    }

    @Provide
    Arbitrary<Long> seeds() {
        return ScheduleArbitraries.seeds();
    }
}
