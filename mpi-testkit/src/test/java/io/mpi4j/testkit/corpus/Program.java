package io.mpi4j.testkit.corpus;

import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.RankAction;
import io.mpi4j.sim.Sim;
import io.mpi4j.testkit.check.Leak;
import io.mpi4j.testkit.check.LeakCheck;
import io.mpi4j.testkit.check.LeakException;
import io.mpi4j.testkit.explore.Counterexample;
import io.mpi4j.testkit.explore.Explore;
import io.mpi4j.testkit.explore.Exploration;
import io.mpi4j.testkit.explore.ScheduledJob;
import io.mpi4j.sim.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One small MPI program of the corpus, with the job it runs in and the verdict the testkit must give.
 *
 * @param name what the program does
 * @param ranks the world size
 * @param buffering the buffering mode, as {@link Buffering#parse(String)} reads it
 * @param body the code of every rank
 * @param expected the verdict
 * @param exploring how its schedules are explored
 */
record Program(String name, int ranks, String buffering, RankAction body, Verdict expected, Exploring exploring) {
    /** Bounds every run; detection itself takes milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Seeds explored by {@link Exploring#SEEDS}. */
    private static final int SEEDS = 200;
    /** The budget of {@link Exploring#ALL}. */
    private static final int MAX_RUNS = 20_000;

    /** How a program's schedules are explored. */
    enum Exploring {
        /** One run in the concurrent mode. */
        NONE,
        /** Deterministic runs under seeds 0, 1, ... until one fails. */
        SEEDS,
        /** Every run of a non-preemptive schedule, until one fails; the enumeration must complete for a pass. */
        ALL
    }

    Program(String name, int ranks, String buffering, RankAction body, Verdict expected) {
        this(name, ranks, buffering, body, expected, Exploring.NONE);
    }

    /**
     * Runs the program under the sim provider with the leak check, exploring schedules as asked,
     * and classifies the first failure (or the pass).
     *
     * @return the verdict
     */
    Verdict run() {
        ScheduledJob job = (schedule, observer) -> once(Sim.builder().schedule(schedule).observeSchedule(observer));
        Exploration e = switch (exploring) {
            case NONE -> {
                try {
                    once(Sim.builder());
                    yield new Exploration(1, true, java.util.Optional.empty());
                } catch (Exception | AssertionError t) {
                    yield new Exploration(1, true, java.util.Optional.of(new Counterexample(Schedule.seeded(0), t, 1)));
                }
            }
            case SEEDS -> Explore.seeds(0, SEEDS, job);
            case ALL -> Explore.all(MAX_RUNS, job);
        };
        if (e.passed()) {
            if (!e.complete() && exploring == Exploring.ALL) {
                throw new AssertionError(this + ": the enumeration did not complete within " + MAX_RUNS + " runs");
            }
            return Verdict.pass();
        }
        return classify(e.counterexample().orElseThrow().failure());
    }

    /** One run with the leak check; leaks are thrown. */
    private void once(Sim.Builder sim) throws LeakException {
        List<Leak> leaks = LeakCheck.exec(sim.ranks(ranks).buffering(Buffering.parse(buffering)).checkBuffers(true).timeout(TIMEOUT)
                .name(name), body);
        if (!leaks.isEmpty()) {
            throw new LeakException(name, leaks);
        }
    }

    private static Verdict classify(Throwable failure) {
        try {
            throw failure;
        } catch (LeakException e) {
            return new Verdict(Verdict.Category.LEAK,
                    e.leaks().stream().map(l -> l.kind().name()).distinct().sorted().collect(Collectors.joining(",")));
        } catch (DeadlockException e) {
            return Verdict.deadlock();
        } catch (RankFailedException e) {
            if (e.getCause() instanceof MpiException m && m.errorClass() == ErrorClass.ERR_NOT_SAME) {
                return Verdict.mismatch();
            }
            if (e.getCause() instanceof MpiException m && m.errorClass() != ErrorClass.ERR_PROC_ABORTED) {
                return Verdict.invalid(m.errorClass());
            }
            return Verdict.rankFailed(e.rank(), e.exitCode());
        } catch (Throwable t) {
            return new Verdict(Verdict.Category.RANK_FAILED, "unexpected: " + t);
        }
    }

    @Override
    public String toString() {
        return name + " [" + ranks + " ranks, buffering=" + buffering + (exploring == Exploring.NONE ? "" : ", explore " + exploring)
                + "]";
    }
}
