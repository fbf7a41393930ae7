/**
 * The {@code sim} provider: every rank is a thread in one JVM. The embedded default of mpi4j, for
 * unit-testing MPI code, checking it for deadlocks, and simulating many ranks on one machine.
 *
 * <p>Entry points: {@link io.mpi4j.sim.Sim} to run a job programmatically; {@code Mpi.init} on a
 * thread that is not a rank of a job gives a single-rank world.
 */
module io.mpi4j.sim {
    requires transitive io.mpi4j;

    exports io.mpi4j.sim;

    provides io.mpi4j.spi.MpiProvider with io.mpi4j.sim.SimProvider;
}
