package io.mpi4j.run;

import io.mpi4j.shm.ShmLauncher;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a launch on the {@code shm} provider: hands it to {@link ShmLauncher}, which starts a JVM
 * per rank (with the flags Chronicle Queue needs and its analytics off) in a private job
 * directory and tags their output.
 *
 * <p>A rank's class path is the program's, then this launcher's own (mpi4j and Chronicle Queue),
 * so that the program need not bundle mpi4j. Extra JVM options for the ranks come from the
 * {@code MPI4JRUN_RANK_JAVA_OPTS} variable (split at white space), for example {@code -Xmx8g}.
 */
final class ShmRun {
    /** The variable with extra JVM options for every rank. */
    static final String RANK_JAVA_OPTS = "MPI4JRUN_RANK_JAVA_OPTS";
    /** What {@link ShmLauncher} returns when the job ran past its time limit. */
    private static final int SHM_TIMEOUT = 124;

    private ShmRun() {
    }

    /**
     * Runs the job and maps its status to the launcher's exit codes.
     *
     * @param spec what to run; {@code spec.provider()} is {@code shm}
     * @param out where the ranks' output goes
     * @param err where the launcher's messages go
     * @return the exit status, as documented by {@link Launcher}
     */
    static int launch(LaunchSpec spec, PrintStream out, PrintStream err) {
        int status = ShmLauncher.run(arguments(spec, System.getenv(RANK_JAVA_OPTS)).toArray(String[]::new), out, err);
        return status == SHM_TIMEOUT ? Launcher.EXIT_TIMEOUT : status;
    }

    /** The command line of {@link ShmLauncher} for a launch. */
    static List<String> arguments(LaunchSpec spec, String rankJavaOpts) {
        List<String> a = new ArrayList<>(List.of("-n", Integer.toString(spec.ranks())));
        if (!spec.timeout().isZero()) {
            // the shm launcher counts whole seconds: round up, so that a short limit is not "none"
            long ms = spec.timeout().toMillis();
            a.addAll(List.of("--timeout", Long.toString(Math.max(1, (ms + 999) / 1000))));
        }
        if (!spec.tagOutput()) {
            a.add("--no-tag");
        }
        a.addAll(List.of("--exec", ProcessHandle.current().info().command().orElse("java")));
        if (rankJavaOpts != null && !rankJavaOpts.isBlank()) {
            a.addAll(List.of(rankJavaOpts.strip().split("\\s+")));
        }
        List<String> cp = new ArrayList<>();
        spec.classPath().entries().forEach(p -> cp.add(p.toString()));
        cp.add(System.getProperty("java.class.path"));
        a.addAll(List.of("-cp", String.join(File.pathSeparator, cp), spec.mainClass()));
        a.addAll(spec.args());
        return a;
    }
}
