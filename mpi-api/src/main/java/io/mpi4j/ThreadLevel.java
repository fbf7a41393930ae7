package io.mpi4j;

/**
 * The level of thread support of an MPI process (MPI-4.1 §11.6, MPI_Init_thread).
 *
 * <p>The levels are ordered: each allows everything the previous one allows.
 */
public enum ThreadLevel {
    /** Only one thread will execute (MPI_THREAD_SINGLE). */
    SINGLE,
    /** Only the thread that initialized MPI makes MPI calls (MPI_THREAD_FUNNELED). */
    FUNNELED,
    /** Several threads make MPI calls, but never two at once (MPI_THREAD_SERIALIZED). */
    SERIALIZED,
    /** Several threads may call MPI at once, with no restriction (MPI_THREAD_MULTIPLE). */
    MULTIPLE;

    /**
     * Tells whether this level provides at least the given one.
     *
     * @param other the level required
     * @return {@code true} if this level is {@code other} or higher
     */
    public boolean atLeast(ThreadLevel other) {
        return compareTo(other) >= 0;
    }
}
