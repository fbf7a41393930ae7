package io.mpi4j.run;

import io.mpi4j.MpiException;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.ThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code mpi4jrun} command line: its options and arguments, turned into a {@link LaunchSpec}
 * and handed to the launcher.
 *
 * <p>Options must come before the main class; everything after it is passed to the program.
 */
@Command(name = "mpi4jrun", sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a Java program's main method on N ranks of an MPI job (the mpiexec counterpart of mpi4j).",
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  every rank returned normally",
            "  1  a rank threw an exception (or the code a rank gave to abort)",
            "  2  bad usage, or the main class or its main method was not found",
            "  3  deadlock: no rank could make progress (the report is printed)",
            "  4  the job ran past --timeout"})
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "-np", "--np"}, required = true, paramLabel = "N",
            description = "The number of ranks (at least 1).")
    private int ranks;

    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "sim",
            description = "The provider that runs the ranks: sim (threads of this JVM) or shm (a JVM per rank on this machine, over Chronicle Queue). Default: ${DEFAULT-VALUE}.")
    private String provider;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "0", converter = TimeoutConverter.class,
            description = "Abort the job after this long: 500ms, 60s, 2m, 1h, or ISO-8601 such as PT1M. Default: 0 (no limit; deadlocks are still detected).")
    private Duration timeout;

    @Option(names = "--buffering", paramLabel = "MODE", defaultValue = "eager", converter = BufferingConverter.class,
            description = "How standard sends are buffered (sim only): eager (up to 64 KiB), eager:BYTES, zero (every send waits for its receive) or infinite. Default: ${DEFAULT-VALUE}.")
    private Buffering buffering;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "virtual",
            description = "The kind of thread each rank runs on (sim only): virtual or platform. Default: ${DEFAULT-VALUE}.")
    private ThreadKind threads;

    @Option(names = "--seed", paramLabel = "N",
            description = "Run on a deterministic schedule (sim only): one rank at a time, every scheduling and ANY_SOURCE/ANY_TAG matching choice taken from seed N, so the same seed replays the same run; a failure names its seed.")
    private Long seed;

    @Option(names = "--no-tag", negatable = false,
            description = "Do not prefix output lines with their rank ([2] text).")
    private boolean noTag;

    @Option(names = {"-cp", "-classpath", "--class-path"}, paramLabel = "CLASSPATH",
            description = "Where the program's classes are: directories and jars separated by '${sys:path.separator}', dir/* for every jar in dir. Default: the CLASSPATH variable, else the current directory.")
    private String classPath;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Parameters(index = "0", paramLabel = "MAIN_CLASS", description = "The fully qualified name of the class whose main method every rank runs.")
    private String mainClass;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The program's arguments.")
    private List<String> args = new ArrayList<>();

    private final ToIntFunction<LaunchSpec> launcher;

    /**
     * Creates the command.
     *
     * @param launcher runs a parsed launch and returns its exit code
     */
    RunCommand(ToIntFunction<LaunchSpec> launcher) {
        this.launcher = launcher;
    }

    /**
     * Creates the picocli command line for this command, with the launcher's parsing settings.
     *
     * @param launcher runs a parsed launch and returns its exit code
     * @return the command line
     */
    static CommandLine commandLine(ToIntFunction<LaunchSpec> launcher) {
        return new CommandLine(new RunCommand(launcher))
                .setStopAtPositional(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpLongOptionsMaxWidth(24);
    }

    @Override
    public Integer call() {
        return launcher.applyAsInt(toLaunchSpec());
    }

    /**
     * Checks the options together and builds the launch specification.
     *
     * @return the specification
     * @throws ParameterException if an option has a value the launcher cannot run with
     */
    LaunchSpec toLaunchSpec() {
        if (ranks < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '-n': " + ranks
                    + " ranks; a job needs at least 1 rank");
        }
        if (!LaunchSpec.PROVIDERS.contains(provider)) {
            String hint = provider.equals("native") ? "; for native, run 'mpiexec -n N java -cp ... MAIN_CLASS' directly" : "";
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--provider': '" + provider
                    + "' is not available from the launcher; use sim (the default) or shm" + hint);
        }
        String cp = classPath;
        if (cp == null) {
            String env = System.getenv("CLASSPATH");
            cp = env == null || env.isEmpty() ? "." : env;
        }
        try {
            return new LaunchSpec(ranks, provider, buffering, threads, timeout, !noTag, ClassPath.parse(cp), mainClass, args,
                    seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Converts {@code --timeout} values with {@link Timeouts#parse(String)}. */
    static final class TimeoutConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Timeouts.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts {@code --buffering} values with {@link Buffering#parse(String)}. */
    static final class BufferingConverter implements CommandLine.ITypeConverter<Buffering> {
        @Override
        public Buffering convert(String value) {
            try {
                return Buffering.parse(value);
            } catch (MpiException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
