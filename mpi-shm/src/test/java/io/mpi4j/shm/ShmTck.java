package io.mpi4j.shm;

import io.mpi4j.testkit.launch.MpirunTckRunner;
import io.mpi4j.testkit.tck.Capability;
import io.mpi4j.testkit.tck.TckRunner;
import java.util.Set;

/**
 * The runner of the shm TCK classes: the testkit's mpirun runner, with {@code MPIRUN} pointing at
 * {@code src/test/sh/shmrun} (set by this module's surefire configuration), an mpirun-compatible
 * front of {@link ShmLauncher}. Each world size gets one long-lived job of TCK workers.
 *
 * <h2>What does not apply on shm, and why</h2>
 * Every TCK class of {@code io.mpi4j.testkit.tck} has a {@code Shm*TckTest} here, the jqwik
 * property classes included: their tries are replayed in the rank JVMs with the generated
 * arguments ({@link io.mpi4j.testkit.launch.TryCapture}). Cases that need a
 * {@link io.mpi4j.testkit.tck.Capability} shm does not offer are skipped by the TCK with the
 * capability's name:
 * <ul>
 *   <li>{@code BUFFERING_MODES}: a standard send always goes eagerly into the destination's queue
 *       (unbounded, on disk), so there is no zero or threshold buffering to choose;
 *   <li>{@code DEADLOCK_DETECTION}: ranks are separate JVMs; a global wait-for graph is not built
 *       (a dead rank is detected, a deadlock is bounded by the job's timeout);
 *   <li>{@code ABORT_PROPAGATION}: not claimed yet. Aborts do propagate between rank JVMs (a
 *       dead or throwing rank fails the job within 2 s, see ShmFaultTest), but the TCK's abort
 *       cases end the long-lived job the mpirun runner shares between cases, and have not been
 *       checked against it on shm;
 *   <li>{@code READY_SEND_CHECK}: the sender cannot see the receiver's posted receives (they live
 *       in the receiver's JVM), so a ready send is a standard send;
 *   <li>{@code SEND_CANCEL}: a send is in the destination's queue once started and cannot be
 *       withdrawn;
 *   <li>{@code COLLECTIVE_MISMATCH_CHECK}: collectives carry no signature to compare.
 * </ul>
 */
final class ShmTck {
    /** The runner every shm TCK class returns: the portable core and a nonblocking {@code idup} (see above). */
    static final TckRunner RUNNER = new MpirunTckRunner("shm", Set.of(Capability.NONBLOCKING_DUP));

    private ShmTck() {
    }
}
