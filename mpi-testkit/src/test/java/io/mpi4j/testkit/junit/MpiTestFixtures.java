package io.mpi4j.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;

/**
 * Test classes that fail on purpose, run by {@link MpiTestExtensionTest} through the launcher. Their
 * names do not end in {@code Test}, so the build's own test run skips them.
 */
final class MpiTestFixtures {
    private MpiTestFixtures() {
    }

    static class RankThrows {
        @MpiTest(ranks = 3)
        void rankTwoFails(@Rank int rank) {
            if (rank == 2) {
                throw new IllegalStateException("boom on " + rank);
            }
        }
    }

    static class TwoRanksFailAssertions {
        @MpiTest(ranks = 4)
        void oddRanksFail(Intracomm world, @Rank int rank) {
            world.barrier();
            assertEquals(0, rank % 2, "parity of rank " + rank);
        }
    }

    static class Aborts {
        @MpiTest(ranks = 2)
        void rankOneAborts(Intracomm world, @Rank int rank) {
            if (rank == 1) {
                world.abort(5);
            } else {
                world.recv(new int[1], 1, 0);
            }
        }
    }

    static class BufferingDependent {
        @MpiTest(ranks = 2, buffering = "zero")
        void sendBeforeReceive(Intracomm world, @Rank int rank) {
            world.send(new int[] {rank}, 1 - rank, 0);
            world.recv(new int[1], 1 - rank, 0);
        }
    }

    static class Mismatch {
        @MpiTest(ranks = 3)
        void rootDiffers(Intracomm world, @Rank int rank) {
            world.bcast(Buf.of(new int[1]), rank == 0 ? 0 : 1);
        }
    }

    static class Leaks {
        @MpiTest(ranks = 2)
        void leaksADupAndAMessage(Intracomm world, @Rank int rank) {
            Intracomm copy = world.dup();
            copy.barrier();
            world.split(rank % 2, 0).orElseThrow().barrier(); // never closed either
            if (rank == 0) {
                world.send(new int[] {1, 2, 3}, 1, 9);
                world.isend(new int[] {7}, 1, 10); // received, but the request is never completed
            } else {
                world.recv(new int[1], 0, 10);
            }
        }

        @MpiTest(ranks = 2, leakChecks = false)
        void sameWithoutChecks(Intracomm world, @Rank int rank) {
            leaksADupAndAMessage(world, rank);
        }
    }

    static class TimesOut {
        @MpiTest(ranks = 2, timeoutSeconds = 1)
        void spins(Intracomm world, @Rank int rank) throws InterruptedException {
            if (rank == 0) {
                Thread.sleep(60_000);
            }
            world.barrier();
        }
    }

    static class NoRanks {
        @MpiTest(ranks = {})
        void nothing() {
        }
    }

    static class NegativeRanks {
        @MpiTest(ranks = {2, 0})
        void nothing() {
        }
    }

    static class BadBuffering {
        @MpiTest(buffering = "lots")
        void nothing() {
        }
    }

    static class BadTimeout {
        @MpiTest(timeoutSeconds = 0)
        void nothing() {
        }
    }

    static class RankOnLong {
        @MpiTest(ranks = 1)
        void nothing(@Rank long rank) {
        }
    }

    static class WorldInBeforeEach {
        @org.junit.jupiter.api.BeforeEach
        void setUp(Intracomm world) {
        }

        @MpiTest(ranks = 1)
        void nothing(Mpi mpi) {
        }
    }

    static class ValueAfterAllreduce {
        @MpiTest(ranks = {1, 2, 3})
        void wrongExpectation(Intracomm world, @Rank int rank) {
            int[] sum = new int[1];
            world.allreduce(Buf.of(new int[] {1}), Buf.of(sum), Op.SUM);
            assertEquals(2, sum[0]);
        }
    }

    /** Rank 0 takes a message from anyone, then insists on rank 2's: deadlocks when rank 2's came first. */
    static void wildcardRace(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    static class WildcardRaceExplored {
        @MpiTest(ranks = 3, schedules = 100)
        void race(Intracomm world) {
            wildcardRace(world);
        }
    }

    static class WildcardSafeExplored {
        @MpiTest(ranks = {2, 3, 4}, schedules = 30)
        void gatherWithWildcards(Intracomm world) {
            if (world.rank() == 0) {
                int sum = 0;
                for (int i = 1; i < world.size(); i++) {
                    int[] in = new int[1];
                    world.recv(in, Mpi.ANY_SOURCE, 0);
                    sum += in[0];
                }
                assertEquals(world.size() * (world.size() - 1) / 2, sum);
            } else {
                world.send(new int[] {world.rank()}, 0, 0);
            }
        }
    }

    static class TracedDeadlock {
        @MpiTest(ranks = 3, buffering = "zero", trace = "target/mpi-traces-fixture")
        void ringSendFirst(Intracomm world) {
            int n = world.size();
            world.send(new int[] {world.rank()}, (world.rank() + 1) % n, 0);
            world.recv(new int[1], (world.rank() + n - 1) % n, 0);
        }
    }
}
