package io.mpi4j.run;

import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.ThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A launch specification: everything {@code mpi4jrun} needs to run a program's {@code main} on the
 * ranks of a job, as parsed from its command line.
 *
 * {@snippet :
 * LaunchSpec spec = new LaunchSpec(4, "sim", Buffering.eager(), ThreadKind.VIRTUAL, Duration.ofMinutes(1),
 *         true, ClassPath.parse("app.jar"), "com.example.Main", List.of("input.txt"));
 * int exitCode = Launcher.launch(spec, System.out, System.err);
 * }
 *
 * @param ranks the number of ranks, at least 1
 * @param provider what runs the ranks: {@code sim} (threads of this JVM) or {@code shm} (a JVM
 *     per rank, on this machine)
 * @param buffering how the {@code sim} provider buffers standard sends (ignored by {@code shm})
 * @param threads the kind of thread each rank runs on under {@code sim} (ignored by {@code shm})
 * @param timeout the time after which the job is aborted; {@link Duration#ZERO} for no limit
 * @param tagOutput whether each output line is prefixed with its rank, as {@code [2] text}
 * @param classPath where the program's classes are found
 * @param mainClass the fully qualified name of the class whose {@code main} every rank runs
 * @param args the program arguments, given to every rank
 * @param seed with {@code sim}, run on a deterministic schedule from this seed (one rank at a
 *     time, every scheduling and wildcard-matching choice from the seed, so a failure replays);
 *     empty for the concurrent mode
 */
public record LaunchSpec(int ranks, String provider, Buffering buffering, ThreadKind threads, Duration timeout, boolean tagOutput,
                         ClassPath classPath, String mainClass, List<String> args, OptionalLong seed) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if {@code ranks < 1}, the provider is not one the launcher
     *     runs, the timeout is negative, the main class name is blank, or a seed is given for a
     *     provider other than {@code sim}
     * @throws NullPointerException if a component is {@code null}
     */
    public LaunchSpec {
        if (ranks < 1) {
            throw new IllegalArgumentException("invalid ranks=" + ranks + "; a job needs at least 1 rank (-n 1 or more)");
        }
        Objects.requireNonNull(provider, "provider");
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("invalid provider=" + provider + "; the launcher runs " + PROVIDERS);
        }
        Objects.requireNonNull(buffering, "buffering");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("invalid timeout=" + timeout + "; use a positive duration, or 0 for none");
        }
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass");
        if (mainClass.isBlank()) {
            throw new IllegalArgumentException("the main class name is blank; give a fully qualified name such as com.example.Main");
        }
        args = List.copyOf(args);
        Objects.requireNonNull(seed, "seed");
        if (seed.isPresent() && !provider.equals("sim")) {
            throw new IllegalArgumentException("--seed needs the sim provider: only sim runs a job on a deterministic schedule");
        }
    }

    /**
     * A launch without a seed: the ranks run concurrently.
     *
     * @param ranks the number of ranks, at least 1
     * @param provider {@code sim} or {@code shm}
     * @param buffering how standard sends are buffered ({@code sim})
     * @param threads the kind of thread each rank runs on ({@code sim})
     * @param timeout the time after which the job is aborted; {@link Duration#ZERO} for no limit
     * @param tagOutput whether each output line is prefixed with its rank
     * @param classPath where the program's classes are found
     * @param mainClass the fully qualified name of the main class
     * @param args the program arguments
     */
    public LaunchSpec(int ranks, String provider, Buffering buffering, ThreadKind threads, Duration timeout, boolean tagOutput,
                      ClassPath classPath, String mainClass, List<String> args) {
        this(ranks, provider, buffering, threads, timeout, tagOutput, classPath, mainClass, args, OptionalLong.empty());
    }

    /** The providers the launcher can run: {@code sim} in this JVM, {@code shm} as a JVM per rank. */
    public static final List<String> PROVIDERS = List.of("sim", "shm");

    /**
     * A launch on the {@code sim} provider.
     *
     * @param ranks the number of ranks, at least 1
     * @param buffering how standard sends are buffered
     * @param threads the kind of thread each rank runs on
     * @param timeout the time after which the job is aborted; {@link Duration#ZERO} for no limit
     * @param tagOutput whether each output line is prefixed with its rank
     * @param classPath where the program's classes are found
     * @param mainClass the fully qualified name of the main class
     * @param args the program arguments
     */
    public LaunchSpec(int ranks, Buffering buffering, ThreadKind threads, Duration timeout, boolean tagOutput,
                      ClassPath classPath, String mainClass, List<String> args) {
        this(ranks, "sim", buffering, threads, timeout, tagOutput, classPath, mainClass, args, OptionalLong.empty());
    }
}
