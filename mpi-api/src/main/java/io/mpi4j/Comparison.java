package io.mpi4j;

/**
 * The result of comparing two groups or two communicators (MPI-4.1 §7.3.1, §7.4.1:
 * MPI_Group_compare, MPI_Comm_compare).
 */
public enum Comparison {
    /** The same communicator (same context and group), or groups with the same members in the same order (MPI_IDENT). */
    IDENT,
    /** Different communicators (contexts) over the same group, in the same order (MPI_CONGRUENT; communicators only). */
    CONGRUENT,
    /** The same members in a different order (MPI_SIMILAR). */
    SIMILAR,
    /** Different members (MPI_UNEQUAL). */
    UNEQUAL
}
