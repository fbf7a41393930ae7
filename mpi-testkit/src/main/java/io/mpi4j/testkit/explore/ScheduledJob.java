package io.mpi4j.testkit.explore;

import io.mpi4j.sim.Schedule;
import io.mpi4j.sim.ScheduleObserver;

/**
 * One run of the program under exploration, under a given schedule: typically a {@code sim} job
 * built with {@link io.mpi4j.sim.Sim.Builder#schedule(Schedule)} and
 * {@link io.mpi4j.sim.Sim.Builder#observeSchedule(ScheduleObserver)}. A run fails by throwing.
 *
 * {@snippet :
 * ScheduledJob job = (schedule, observer) -> Sim.builder().ranks(3).schedule(schedule)
 *         .observeSchedule(observer).build().exec(MyProgram::main);
 * }
 */
@FunctionalInterface
public interface ScheduledJob {
    /**
     * Runs the program once.
     *
     * @param schedule the schedule of the run
     * @param observer must see every choice of the run, for {@link Explore#all} to walk the tree of runs
     * @throws Exception any failure: a deadlock, a failed rank, a leak, a failed assertion
     */
    void run(Schedule schedule, ScheduleObserver observer) throws Exception;
}
