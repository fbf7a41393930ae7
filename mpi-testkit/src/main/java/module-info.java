/**
 * The mpi4j testkit: tools for testing MPI programs and the provider conformance suite (TCK).
 *
 * <p>{@link io.mpi4j.testkit.tck} holds the TCK: abstract JUnit 5 and jqwik test classes written
 * once against the API, which every provider module runs through its own
 * {@link io.mpi4j.testkit.tck.TckRunner}.
 *
 * <p>{@link io.mpi4j.testkit.junit} holds the JUnit 5 extension
 * ({@link io.mpi4j.testkit.junit.MpiTest @MpiTest}); {@link io.mpi4j.testkit.check} the correctness
 * checkers that run at the end of a job (leaks); {@link io.mpi4j.testkit.explore} the exploration of
 * deterministic schedules (seeds, enumeration of wildcard matchings); {@link io.mpi4j.testkit.trace}
 * the writers of job traces (Chrome/Perfetto JSON, SVG timeline).
 */
module io.mpi4j.testkit {
    requires transitive io.mpi4j;
    requires transitive io.mpi4j.sim;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive net.jqwik.api;

    exports io.mpi4j.testkit;
    exports io.mpi4j.testkit.tck;
    exports io.mpi4j.testkit.launch;
    exports io.mpi4j.testkit.reference;
    exports io.mpi4j.testkit.arbitraries;
    exports io.mpi4j.testkit.junit;
    exports io.mpi4j.testkit.check;
    exports io.mpi4j.testkit.explore;
    exports io.mpi4j.testkit.trace;
}
