package io.mpi4j.testkit.explore;

import io.mpi4j.sim.RankAction;
import io.mpi4j.sim.Schedule;
import io.mpi4j.sim.Sim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a program under many deterministic {@code sim} schedules and reports the first that fails.
 *
 * <p>Two strategies:
 * <ul>
 *   <li>{@link #seeds}: one run per seed. Cheap, any program size, finds races that many
 *       interleavings hit; a failure is replayed from its seed.</li>
 *   <li>{@link #all}: depth-first enumeration of every run of a non-preemptive schedule
 *       ({@link Schedule#replayBlocking}), in the manner of ISP's POE: each rank runs until it
 *       blocks, and the choices are which rank runs next and which sender each {@code ANY_SOURCE}
 *       receive or probe matches among those queued. Each run records its choices; the next run
 *       replays a prefix and takes the next untried alternative of the last choice that has one.
 *       When the enumeration ends within its budget, every wildcard matching of the program has
 *       been tried at this world size and these inputs (races that need a preemption between two
 *       non-blocking calls, such as an {@code iprobe} racing a send, are left to {@link #seeds}).
 *       The tree grows exponentially with the number of blocking calls: this is for small
 *       programs.</li>
 * </ul>
 *
 * {@snippet :
 * Exploration e = Explore.seeds(Sim.builder().ranks(3), MyProgram::race, 0, 200);
 * e.orThrow(); // AssertionError: ... under schedule seed=17 ... replay it with Sim.builder().ranks(3).deterministic(17L) ...
 * }
 */
public final class Explore {
    private Explore() {
    }

    /**
     * Runs a {@code sim} program under the seeds {@code first, first + 1, ...}, stopping at the
     * first failure.
     *
     * @param sim the job configuration (world size, buffering...); its schedule is set per run, and
     *     the checks of {@code @MpiTest} are on (datatypes, send buffers in flight, leaks)
     * @param body the code of every rank
     * @param first the first seed
     * @param count how many seeds, at least 1
     * @return what was found
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static Exploration seeds(Sim.Builder sim, RankAction body, long first, int count) {
        return seeds(first, count, simJob(sim, body));
    }

    /**
     * Runs a job under the seeds {@code first, first + 1, ...}, stopping at the first failure.
     *
     * @param first the first seed
     * @param count how many seeds, at least 1
     * @param job one run
     * @return what was found
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static Exploration seeds(long first, int count, ScheduledJob job) {
        if (count < 1) {
            throw new IllegalArgumentException("invalid count=" + count + "; explore at least 1 seed");
        }
        Objects.requireNonNull(job, "job");
        for (int i = 0; i < count; i++) {
            Schedule s = Schedule.seeded(first + i);
            try {
                job.run(s, (c, n) -> { });
            } catch (Exception | AssertionError e) {
                return new Exploration(i + 1, false, Optional.of(new Counterexample(s, e, i + 1)));
            }
        }
        return new Exploration(count, false, Optional.empty());
    }

    /**
     * Enumerates every run of a {@code sim} program, stopping at the first failure or after
     * {@code maxRuns} runs.
     *
     * @param sim the job configuration (world size, buffering...); its schedule is set per run, and
     *     the checks of {@code @MpiTest} are on (datatypes, send buffers in flight, leaks)
     * @param body the code of every rank
     * @param maxRuns the budget, at least 1
     * @return what was found; {@link Exploration#complete()} tells whether every run was made
     * @throws IllegalArgumentException if {@code maxRuns < 1}
     */
    public static Exploration all(Sim.Builder sim, RankAction body, int maxRuns) {
        return all(maxRuns, simJob(sim, body));
    }

    /**
     * Enumerates every run of a job, stopping at the first failure or after {@code maxRuns} runs.
     *
     * @param maxRuns the budget, at least 1
     * @param job one run; it must report every choice to the observer it is given
     * @return what was found; {@link Exploration#complete()} tells whether every run was made
     * @throws IllegalArgumentException if {@code maxRuns < 1}
     */
    public static Exploration all(int maxRuns, ScheduledJob job) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("invalid maxRuns=" + maxRuns + "; allow at least 1 run");
        }
        Objects.requireNonNull(job, "job");
        int[] prefix = {};
        for (int run = 1; run <= maxRuns; run++) {
            List<int[]> made = new ArrayList<>();
            try {
                job.run(Schedule.replayBlocking(prefix), (c, n) -> made.add(new int[] {c, n}));
            } catch (Exception | AssertionError e) {
                return new Exploration(run, false, Optional.of(new Counterexample(Schedule.replayBlocking(choices(made, made.size())), e, run)));
            }
            // backtrack: the last choice with an untried alternative
            int i = made.size() - 1;
            while (i >= 0 && made.get(i)[0] + 1 >= made.get(i)[1]) {
                i--;
            }
            if (i < 0) {
                return new Exploration(run, true, Optional.empty());
            }
            prefix = choices(made, i + 1);
            prefix[i]++;
        }
        return new Exploration(maxRuns, false, Optional.empty());
    }

    private static int[] choices(List<int[]> made, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = made.get(i)[0];
        }
        return out;
    }

    /**
     * One run with the checks of {@code @MpiTest}: datatypes, send buffers in flight, and leaks
     * (thrown as {@link io.mpi4j.testkit.check.LeakException}), so that a schedule that only leaks
     * or only misuses a buffer counts as failing.
     */
    private static ScheduledJob simJob(Sim.Builder sim, RankAction body) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(body, "body");
        return (schedule, observer) -> {
            java.util.List<io.mpi4j.testkit.check.Leak> leaks = io.mpi4j.testkit.check.LeakCheck.exec(
                    sim.schedule(schedule).observeSchedule(observer).checkTypes(true).checkBuffers(true), body);
            if (!leaks.isEmpty()) {
                // sim's own failures say how to replay them, world size included; a leak is found after the job
                int ranks = sim.build().ranks();
                throw new io.mpi4j.testkit.check.LeakException("a run of the exploration on " + ranks + (ranks == 1 ? " rank" : " ranks")
                        + " (replay it with Sim.builder().ranks(" + ranks + ")" + schedule.replayCall() + ")", leaks);
            }
        };
    }
}
