package io.mpi4j.testkit.corpus;

import io.mpi4j.ErrorClass;
import io.mpi4j.testkit.check.Leak;

/**
 * What the testkit reports for one run of a program: a category and the detail that matters for it.
 *
 * @param category the kind of report
 * @param detail the error class, the failing rank and exit code, or the leaked kind; empty otherwise
 */
record Verdict(Category category, String detail) {
    /** The kinds of report. */
    enum Category {
        /** Nothing is flagged. */
        PASS,
        /** {@link io.mpi4j.DeadlockException}. */
        DEADLOCK,
        /** {@link io.mpi4j.MpiException} with {@link ErrorClass#ERR_NOT_SAME}. */
        MISMATCH,
        /** {@link io.mpi4j.MpiException} with another error class: an invalid argument. */
        INVALID_ARGUMENT,
        /** {@link io.mpi4j.RankFailedException}: a rank threw something else, or called abort. */
        RANK_FAILED,
        /** {@link io.mpi4j.testkit.check.LeakCheck} found leaks. */
        LEAK
    }

    static Verdict pass() {
        return new Verdict(Category.PASS, "");
    }

    static Verdict deadlock() {
        return new Verdict(Category.DEADLOCK, "");
    }

    static Verdict mismatch() {
        return new Verdict(Category.MISMATCH, "");
    }

    static Verdict invalid(ErrorClass errorClass) {
        return new Verdict(Category.INVALID_ARGUMENT, errorClass.name());
    }

    static Verdict rankFailed(int rank, int exitCode) {
        return new Verdict(Category.RANK_FAILED, "rank " + rank + ", exit code " + exitCode);
    }

    static Verdict leak(Leak.Kind... kinds) {
        return new Verdict(Category.LEAK, java.util.Arrays.stream(kinds).map(Enum::name).sorted()
                .collect(java.util.stream.Collectors.joining(",")));
    }
}
