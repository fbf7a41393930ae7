package io.mpi4j.shm;

import java.util.List;

/**
 * The contract between the {@code shm} launcher and its ranks: the environment variables a rank
 * JVM is started with, the JVM flags Chronicle Queue needs, and the layout of the job directory.
 *
 * <p>A user may start the ranks with a script of their own: create a private directory
 * ({@code chmod 700}), start N JVMs with {@link #JVM_FLAGS}, {@code MPI4J_SHM_JOB_DIR} set to it,
 * {@code MPI4J_SHM_SIZE=N} and {@code MPI4J_SHM_RANK} from 0 to N-1, and delete the directory
 * when every rank has exited.
 *
 * <h2>Job directory layout</h2>
 * <pre>
 * JOB_DIR/                 0700, unique per job
 *   q/RANK/                one Chronicle Queue per destination rank: every rank appends, only RANK tails it
 *   pid/RANK               the pid of rank RANK's JVM, written at init (all present = every rank started)
 *   done/RANK              written when rank RANK finalizes normally (its exit is then no failure; a
 *                          wait only RANK could complete fails after a grace period)
 *   abort                  "rank R: reason", written by MPI_Abort or a rank that failed
 * </pre>
 */
public final class ShmJob {
    /** Environment variable: the job directory, private to the job (mode 0700). */
    public static final String ENV_JOB_DIR = "MPI4J_SHM_JOB_DIR";
    /** Environment variable: this process's rank in the world, in {@code [0, size)}. */
    public static final String ENV_RANK = "MPI4J_SHM_RANK";
    /** Environment variable: the number of processes of the job. */
    public static final String ENV_SIZE = "MPI4J_SHM_SIZE";
    /**
     * Environment variable, optional: the pid of the process that started the job. When it dies
     * (even by {@code kill -9}, which runs no clean-up), every rank deletes the job directory and
     * exits, so that no rank JVM is orphaned. The launcher sets it; a script may.
     */
    public static final String ENV_LAUNCHER_PID = "MPI4J_SHM_LAUNCHER_PID";

    /**
     * The JVM flags every rank needs: Chronicle Queue's {@code --add-exports}/{@code --add-opens}
     * on Java 25, native access, and Chronicle's usage analytics disabled (it phones home by default).
     */
    public static final List<String> JVM_FLAGS = List.of(
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.disk.monitor.disable=true",
            "-Dslf4j.internal.verbosity=ERROR",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private ShmJob() {
    }
}
