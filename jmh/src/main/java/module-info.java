/**
 * mpi4j's benchmarks: JMH benchmarks of the providers (point-to-point latency and bandwidth,
 * objects, collectives, sim at scale) and the report that sets them beside a C MPI reference
 * (DESIGN §8). Run them with {@code bench/run-benchmarks.sh}.
 *
 * <p>JMH generates its harness classes into {@code io.mpi4j.jmh.jmh_generated} and runs them from the
 * class path; the {@code opens} below let it reflect on the benchmark states when the module is on the
 * module path instead.
 */
module io.mpi4j.jmh {
    requires transitive io.mpi4j.sim;
    requires jmh.core;
    requires org.knowm.xchart;
    requires java.desktop;

    exports io.mpi4j.jmh;
    exports io.mpi4j.jmh.report;

    opens io.mpi4j.jmh to jmh.core;
    opens io.mpi4j.jmh.jmh_generated to jmh.core;
}
