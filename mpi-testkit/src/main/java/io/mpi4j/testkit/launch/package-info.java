/**
 * Runs the provider TCK on providers whose ranks are processes launched by {@code mpirun}
 * ({@code native}): {@link io.mpi4j.testkit.launch.MpirunTckRunner} keeps one long-lived job per
 * world size, and each TCK case is replayed by name in every process of the job by
 * {@link io.mpi4j.testkit.launch.TckWorker}.
 */
package io.mpi4j.testkit.launch;
