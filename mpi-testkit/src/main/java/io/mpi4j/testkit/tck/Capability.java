package io.mpi4j.testkit.tck;

/**
 * A property of a provider that some TCK cases need in order to check anything.
 *
 * <p>A runner lists what its provider offers in {@link TckRunner#capabilities()}; a case that needs
 * something else is skipped with a JUnit assumption that names the capability. The MPI standard
 * leaves these to the implementation, so a provider without one is still conformant.
 */
public enum Capability {
    /**
     * The runner can choose how standard sends are buffered ({@link TckBuffering}): unlimited, none
     * (every standard send synchronous) or eager up to a threshold. MPI-4.1 §3.4 and §3.5 allow any
     * of these; cases that depend on one mode need this.
     */
    BUFFERING_MODES,
    /**
     * When every rank is blocked and none can proceed, the job fails with a
     * {@link io.mpi4j.DeadlockException} naming each rank's pending call and the wait-for cycle.
     */
    DEADLOCK_DETECTION,
    /**
     * When one rank throws or calls {@code abort}, the other ranks' blocking calls fail promptly and
     * the job fails with a {@link io.mpi4j.RankFailedException} naming that rank.
     */
    ABORT_PROPAGATION,
    /**
     * A ready-mode send without a posted matching receive raises {@link io.mpi4j.MpiException}
     * (MPI-4.1 §3.4 calls it erroneous; detecting it is optional).
     */
    READY_SEND_CHECK,
    /**
     * A send that no receive has matched yet can be cancelled (MPI-4.1 §3.8.4; deprecated for sends
     * since MPI-4.1 and not offered by every MPI library).
     */
    SEND_CANCEL,
    /**
     * When the ranks of a communicator call different collectives, or one collective with different
     * roots, operations, counts or datatypes (erroneous by MPI-4.1 §6.1), every rank fails promptly
     * with an {@link io.mpi4j.MpiException} whose message names what each rank called, instead of
     * hanging or computing garbage (a MUST-style check, DESIGN §7).
     */
    COLLECTIVE_MISMATCH_CHECK,
    /**
     * {@code idup} does not wait for the other ranks (MPI_Comm_idup). Unlike the others, MPI does
     * require this: it is listed so that a provider that does not offer it yet is reported as
     * skipping the case rather than hanging in it ({@code native} under Open MPI 4, whose
     * MPI_Comm_idup is broken beside another thread in MPI; see its README section).
     */
    NONBLOCKING_DUP
}
