/**
 * Correctness checkers for MPI programs, as MUST does: what a run leaves behind at finalize.
 *
 * <p>{@link io.mpi4j.testkit.check.LeakCheck} finds communicators created and never closed and
 * messages sent and never received, each reported as a {@link io.mpi4j.testkit.check.Leak} with
 * where it was created. Deadlocks, collective mismatches and invalid arguments are detected by the
 * {@code sim} provider itself and need no checker here.
 *
 * {@snippet :
 * List<Leak> leaks = LeakCheck.exec(Sim.builder().ranks(2).build(), world -> {
 *     if (world.rank() == 0) {
 *         world.send(new int[] {42}, 1, 0);     // rank 1 never receives it
 *     }
 * });
 * // leaks: [rank 1: message from rank 0 (tag=0, 4 bytes) on WORLD, never received]
 * }
 */
package io.mpi4j.testkit.check;
