package io.mpi4j.sim;

/**
 * The kind of thread each rank of a {@code sim} job runs on.
 */
public enum ThreadKind {
    /** Virtual threads: cheap enough for 10^4 to 10^5 ranks in one JVM. The default. */
    VIRTUAL,
    /** Platform threads: one OS thread per rank, for code that pins carriers or uses thread-locals heavily. */
    PLATFORM
}
