package io.mpi4j.testkit.launch;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.testkit.tck.Capability;
import io.mpi4j.testkit.tck.RankBody;
import io.mpi4j.testkit.tck.TckOptions;
import io.mpi4j.testkit.tck.TckRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCK runner of providers whose ranks are processes started by {@code mpirun}: each world size
 * gets one long-lived job of {@link TckWorker} processes, which replays every case sent to it, so
 * a JVM starts once per world size rather than once per case.
 *
 * <p>Test classes using it must register {@link CaseCapture} ({@code @ExtendWith}), have a
 * no-argument constructor, and return this runner from {@code runner()} in every process. Inside a
 * worker the same {@link #run} runs the body on its own rank only.
 *
 * <p>Limits: a job is killed and replaced after a case that fails on some ranks and leaves others
 * blocked, or that exceeds its {@link TckOptions#timeout()}. {@link TckOptions#buffering()} is not
 * honoured (no {@link Capability#BUFFERING_MODES}).
 *
 * <p>Configuration: {@code MPIRUN} (environment) names the launcher, default {@code mpirun};
 * {@code mpi4j.tck.mpirunArgs} (system property) adds launcher options;
 * {@code mpi4j.tck.timeoutFactor} (system property, default 1) multiplies every case's time limit,
 * for a configuration known to be slow but correct, as jtreg's {@code -timeoutFactor} does (the
 * build sets it for MPICH on an oversubscribed machine, whose blocking communicator constructors
 * spin without yielding); {@code mpi4j.tck.maxRanksPerCore} (system property, default unlimited)
 * skips cases whose world has more ranks than that many per available processor, saying so, for
 * a library whose blocking calls spin without yielding: beyond a few ranks per core such a job
 * measures the scheduler, not the library (the build sets 3 for MPICH);
 * {@code mpi4j.tck.workerOptions} (system property, default {@code -XX:+UseSerialGC}) are the
 * worker JVMs' extra options, separated by white space: the collector, and provider settings such
 * as {@code -Dmpi4j.native.downcalls=false}, so that one build can run the TCK over each path.
 */
public final class MpirunTckRunner implements TckRunner {
    private static final Map<String, MpirunJob> JOBS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JOBS.values().forEach(MpirunJob::stop),
                "mpi4j-tck-mpirun-stop"));
    }

    private final String provider;
    private final Set<Capability> capabilities;

    /**
     * A runner for a provider.
     *
     * @param provider the provider the workers select ({@code -Dmpi4j.provider})
     * @param capabilities what the provider can check
     */
    public MpirunTckRunner(String provider, Set<Capability> capabilities) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /**
     * The command that starts a job of {@code ranks} processes, up to the program: the launcher
     * ({@code MPIRUN}, default {@code mpirun}) with the options the TCK's own jobs use. For tests
     * that run a whole program under MPI, such as a failing one.
     *
     * @param ranks the number of processes
     * @return the launcher and its arguments; append the program's command line
     */
    public static List<String> launchCommand(int ranks) {
        return MpirunJob.launchPrefix(ranks);
    }

    /**
     * Tells why jobs cannot be launched here, if they cannot.
     *
     * @return the reason ({@code mpirun} is not on the path), or {@code null} if they can
     */
    public static String unavailableReason() {
        String launcher = launcher();
        if (launcher.contains("/")) {
            return Files.isExecutable(Path.of(launcher)) ? null : launcher + " is not executable";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, launcher))) {
                return null;
            }
        }
        return launcher + " is not on the PATH";
    }

    /** The largest world this run launches: {@code mpi4j.tck.maxRanksPerCore} per processor, or unlimited. */
    static int maxRanks() {
        String v = System.getProperty("mpi4j.tck.maxRanksPerCore");
        if (v == null || v.isBlank()) {
            return Integer.MAX_VALUE;
        }
        try {
            int perCore = Integer.parseInt(v.strip());
            if (perCore < 1) {
                throw new NumberFormatException("not positive");
            }
            return perCore * Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dmpi4j.tck.maxRanksPerCore=" + v + " must be a positive integer", e);
        }
    }

    /** A case's time limit times {@code mpi4j.tck.timeoutFactor}. */
    static java.time.Duration scaled(java.time.Duration timeout) {
        String f = System.getProperty("mpi4j.tck.timeoutFactor", "1").strip();
        double factor;
        try {
            factor = Double.parseDouble(f);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dmpi4j.tck.timeoutFactor=" + f + " is not a number; use e.g. 1 or 2.5", e);
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("-Dmpi4j.tck.timeoutFactor=" + f + " must be positive");
        }
        return java.time.Duration.ofNanos((long) (timeout.toNanos() * factor));
    }

    static String launcher() {
        return System.getenv().getOrDefault("MPIRUN", "mpirun");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> run(int ranks, TckOptions options, RankBody<T> body) {
        TckWorker.Worker worker = TckWorker.current();
        if (worker != null) {
            return runInWorker(worker, ranks, body);
        }
        CaseCapture.Case c = CaseCapture.current();
        if (c == null) {
            throw new IllegalStateException("MpirunTckRunner: no TCK case is running on this thread; register "
                    + CaseCapture.class.getName() + " with @ExtendWith on the test class");
        }
        int limit = maxRanks();
        org.junit.jupiter.api.Assumptions.assumeTrue(ranks <= limit, () -> "ranks=" + ranks + " exceeds "
                + limit + " (-Dmpi4j.tck.maxRanksPerCore=" + System.getProperty("mpi4j.tck.maxRanksPerCore")
                + " on " + Runtime.getRuntime().availableProcessors() + " processors): skipped for this launcher");
        String key = provider + "/" + ranks;
        MpirunJob job = JOBS.compute(key, (k, j) -> j != null && j.alive() ? j : MpirunJob.start(provider, ranks));
        List<Object> results;
        try {
            results = job.runCase(c, scaled(options.timeout()));
        } catch (RankFailedException | MpiException e) {
            if (!job.alive()) {
                JOBS.remove(key, job);
            }
            throw e;
        } catch (IOException e) {
            job.stop();
            JOBS.remove(key, job);
            throw new UncheckedIOException("TCK job of " + ranks + " ranks failed: " + e.getMessage()
                    + job.logTail(), e);
        }
        c.previous().add(results);
        return (List<T>) results;
    }

    private static <T> List<T> runInWorker(TckWorker.Worker worker, int ranks, RankBody<T> body) {
        // Replay first: a case that loops over world sizes reaches this job's size after runs of
        // other sizes, whose results the launching JVM recorded from their own jobs.
        int index = worker.jobs().getAndIncrement();
        List<List<Object>> previous = worker.running().previous();
        if (index < previous.size()) {
            @SuppressWarnings("unchecked")
            List<T> done = (List<T>) previous.get(index);
            return done;
        }
        int size = worker.world().size();
        if (ranks != size) {
            throw new MpiException(ErrorClass.ERR_OTHER, "TCK worker: the case asks for ranks=" + ranks
                    + " but this job has size=" + size);
        }
        Object result;
        try {
            result = body.run(worker.world());
        } catch (Throwable t) {
            throw new TckWorker.Stop(null, t);
        }
        throw new TckWorker.Stop(result, null);
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public String name() {
        return provider + "(mpirun)";
    }

    @Override
    public String toString() {
        return name();
    }

    /** The results array of one case, with a slot per rank. */
    static List<Object> slots(int ranks) {
        return new ArrayList<>(Arrays.asList(new Object[ranks]));
    }
}
