/**
 * Schedule exploration (DESIGN §7): runs a small MPI program under many deterministic
 * {@code sim} schedules, sampled by seed ({@link io.mpi4j.testkit.explore.Explore#seeds}) or
 * enumerated one by one ({@link io.mpi4j.testkit.explore.Explore#all}), and reports the first
 * schedule under which it deadlocks or fails, with what replays it.
 *
 * <p>{@link io.mpi4j.testkit.explore.ScheduleArbitraries} lets a jqwik property range over seeds.
 */
package io.mpi4j.testkit.explore;
