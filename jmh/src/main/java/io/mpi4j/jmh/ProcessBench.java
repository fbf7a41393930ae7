package io.mpi4j.jmh;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The program every process of a benchmark job of {@code shm} or {@code native} runs: rank 0 runs
 * JMH in its own JVM ({@code -f 0}; a JMH fork would be a process outside the MPI job) with the
 * benchmarks' {@code provider} parameter set to this job's provider and {@code ranks} to its size;
 * every other rank serves the trials ({@link ProcessJob#serve}).
 *
 * <p>The arguments are JMH's command-line options (for example {@code -wi 1 -i 3 -r 300ms -rf csv
 * -rff shm-2.csv}). Without a benchmark regex it runs every benchmark that fits the job's size:
 * on 2 processes ping-pong latency and bandwidth, objects, barrier, the collectives and the no-op,
 * on more only barrier and the collectives. With a regex it runs what matches; a benchmark for
 * another number of ranks fails its setup with a message. Any failure ends the run and aborts the
 * job ({@code -foe true} is forced): the other ranks may be inside the failed trial, and no later
 * trial could be matched with them.
 *
 * {@snippet lang=sh :
 * # shm, 2 processes
 * java -cp $CP io.mpi4j.shm.ShmLauncher -n 2 --exec java -Dmpi4j.provider=shm -cp $CP io.mpi4j.jmh.ProcessBench -i 3 -rf csv -rff shm-2.csv
 * # native, 4 processes of an Open MPI job
 * mpirun --oversubscribe -n 4 java --enable-native-access=ALL-UNNAMED -Dmpi4j.provider=native -cp $CP io.mpi4j.jmh.ProcessBench -rf csv -rff native-4.csv
 * }
 */
public final class ProcessBench {
    /** The benchmarks that run on two processes. */
    static final String TWO_RANKS = "\\.(PingPongBenchmark|PingPongBandwidthBenchmark|ObjectPingPongBenchmark|BarrierBenchmark"
            + "|CollectiveBenchmark|CollectiveLargeBenchmark|NoOpBenchmark)\\.";
    /** The benchmarks that run on more processes. */
    static final String MORE_RANKS = "\\.(BarrierBenchmark|CollectiveBenchmark|CollectiveLargeBenchmark)\\.";

    private ProcessBench() {
    }

    /**
     * Runs this process's part of the benchmark job and exits 0, or aborts the job on a failure.
     *
     * @param args JMH's command-line options, for rank 0
     */
    public static void main(String[] args) {
        Mpi.run(new String[0], mpi -> {
            Intracomm world = mpi.world();
            if (world.size() < 2) {
                throw new IllegalStateException("ProcessBench needs a job of 2 or more processes, got size=" + world.size()
                        + "; start it with a launcher (ShmLauncher -n 2, mpirun -n 2)");
            }
            if (world.rank() != 0) {
                ProcessJob.serve(world);
                return;
            }
            Collection<RunResult> results = runJmh(world, mpi.provider(), args);
            ProcessJob.end(world);
            System.out.println("process-bench: provider=" + mpi.provider() + " ranks=" + world.size() + " ran " + results.size()
                    + " benchmark configurations");
        });
    }

    private static Collection<RunResult> runJmh(Intracomm world, String provider, String[] args)
            throws CommandLineOptionException, RunnerException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(world.size() == 2 ? TWO_RANKS : MORE_RANKS);
        }
        // -foe: a trial that fails part-way leaves the servers inside its Lockstep run, where the next
        // trial's spec would be misread; failing the run makes Mpi.run abort the whole job instead
        options.param("provider", provider).param("ranks", Integer.toString(world.size())).forks(0).shouldFailOnError(true);
        ProcessJob.attach(world, provider);
        return new Runner(options.build()).run();
    }
}
