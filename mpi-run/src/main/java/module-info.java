/**
 * The mpi4j launcher, {@code mpi4jrun}: runs a Java program's {@code main} on N ranks of an MPI job
 * (the counterpart of {@code mpiexec} and {@code python -m mpi4py}).
 *
 * <p>Entry points: {@link io.mpi4j.run.Mpi4jRun#main(String[])} for the command line and
 * {@link io.mpi4j.run.Launcher} to launch jobs in-process (tests, tools).
 */
module io.mpi4j.run {
    requires io.mpi4j;
    requires transitive io.mpi4j.sim;
    requires io.mpi4j.shm;
    requires info.picocli;

    exports io.mpi4j.run;

    opens io.mpi4j.run to info.picocli;
}
