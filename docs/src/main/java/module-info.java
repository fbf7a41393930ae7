/**
 * The examples of the mpi4j user guide: small MPI programs, each a {@code main} to run with
 * {@code mpi4jrun}, compiled and tested with the build.
 */
module io.mpi4j.examples {
    requires io.mpi4j;

    exports io.mpi4j.examples;
}
