package io.mpi4j.testkit.check;

import java.util.Objects;

/**
 * One resource an MPI program left behind at finalize: a request never completed, a communicator
 * never closed, or a message never received (MPI-4.1 §11.2.2: MPI_Finalize expects the process to
 * have completed its communication and freed its objects).
 *
 * @param kind what was left behind
 * @param rank the world rank that owns it: the creator of a request or communicator, the
 *     destination of a message
 * @param what what it is, for example {@code "from Intracomm.dup() of WORLD"} or
 *     {@code "from rank 0 (tag=5, 4 bytes) on WORLD"}
 * @param where where it was created, for example {@code "com.example.HaloTest.exchange(HaloTest.java:42)"};
 *     empty when it is not known (messages found by {@link LeakCheck#finish()})
 */
public record Leak(Kind kind, int rank, String what, String where) {
    /** The kinds of leaked resources. */
    public enum Kind {
        /**
         * A request started and never completed with {@code await}/{@code test}/{@code waitAll}
         * (or a persistent request never closed). Found with the provider hook, a {@link LeakTracker}.
         */
        REQUEST,
        /** A communicator created and never closed. */
        COMMUNICATOR,
        /**
         * A derived datatype created by a rank's code and never freed ({@code free()} or
         * {@code close()}); followed on {@code sim}, where the rank's code runs with its tracker.
         */
        DATATYPE,
        /** A message sent and never received. */
        MESSAGE
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public Leak {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(where, "where");
    }

    /**
     * Describes the leak on one line.
     *
     * @return for example {@code "rank 1: communicator from Intracomm.dup() of WORLD, never closed, created at T.m(T.java:12)"}
     */
    @Override
    public String toString() {
        String verdict = switch (kind) {
            // a persistent request leaks by staying open; any other by never being waited for or
            // tested to completion, even if the operation itself completed
            case REQUEST -> what.contains(" closed while active") ? "never completed"
                    : what.startsWith("persistent ") ? "never closed" : "never waited for or tested to completion";
            case COMMUNICATOR -> "never closed";
            case DATATYPE -> "never freed";
            case MESSAGE -> "never received";
        };
        return "rank " + rank + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + what + ", " + verdict
                + (where.isEmpty() ? "" : (kind == Kind.MESSAGE ? ", sent at " : ", created at ") + where);
    }
}
