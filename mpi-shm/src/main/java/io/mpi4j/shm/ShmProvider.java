package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.MpiOptions;
import io.mpi4j.spi.LaunchEnvironment;
import io.mpi4j.spi.MpiProvider;
import io.mpi4j.spi.ProviderSession;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code shm} provider: ranks are JVM processes on one machine started by {@link ShmLauncher}
 * (or a script setting the variables of {@link ShmJob}); messages travel through Chronicle Queue
 * files in the job directory.
 *
 * <p>Detected when {@code MPI4J_SHM_JOB_DIR} is set. A JVM is one rank: {@code Mpi.init} is refused
 * ({@code ERR_OTHER}) while an {@code Mpi} of this JVM is open, and after it was closed (MPI-4.1
 * §11.2.2), as on {@code native}.
 */
public final class ShmProvider implements MpiProvider {
    private static final Object LOCK = new Object();
    /** The session open in this JVM; guarded by {@link #LOCK}. */
    private static ShmSession open;
    /** Whether a session of this JVM has been closed; guarded by {@link #LOCK}. */
    private static boolean finalized;

    /** Creates the provider; nothing is opened before {@link #init}. */
    public ShmProvider() {
    }

    @Override
    public String name() {
        return "shm";
    }

    @Override
    public boolean detect(LaunchEnvironment environment) {
        return environment.variable(ShmJob.ENV_JOB_DIR).isPresent();
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public ProviderSession init(MpiOptions options, LaunchEnvironment environment) {
        String dir = environment.variable(ShmJob.ENV_JOB_DIR).orElse(null);
        if (dir == null) {
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: " + ShmJob.ENV_JOB_DIR + " is not set; start the job with "
                    + "io.mpi4j.shm.ShmLauncher -n N -cp CLASSPATH MAIN (or mpi4jrun --provider shm)");
        }
        int size = number(environment, ShmJob.ENV_SIZE);
        int rank = number(environment, ShmJob.ENV_RANK);
        if (size < 1 || rank < 0 || rank >= size) {
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: " + ShmJob.ENV_RANK + "=" + rank + " is not in [0, "
                    + ShmJob.ENV_SIZE + "=" + size + ")");
        }
        Path jobDir = Path.of(dir);
        if (!Files.isDirectory(jobDir)) {
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: " + ShmJob.ENV_JOB_DIR + "=" + dir
                    + " is not a directory; the launcher creates it (mode 0700) before starting the ranks");
        }
        // A JVM is one rank (one MPI process): a second session would tail the same queue and
        // take the first one's messages; MPI cannot be initialized again after finalizing either
        synchronized (LOCK) {
            if (open != null) {
                throw new MpiException(ErrorClass.ERR_OTHER, "shm: MPI is already initialized in this process; "
                        + "close the open Mpi handle first (one MPI process per JVM)");
            }
            if (finalized) {
                throw new MpiException(ErrorClass.ERR_OTHER, "shm: MPI was finalized in this process and cannot be "
                        + "initialized again (MPI-4.1 §11.2.2)");
            }
            environment.variable(ShmJob.ENV_LAUNCHER_PID).ifPresent(pid -> LauncherWatch.start(pid, jobDir, rank));
            open = new ShmSession(jobDir, rank, size);
            return open;
        }
    }

    /** Notes that a session has been closed: no other may be opened in this JVM. */
    static void closed(ShmSession session) {
        synchronized (LOCK) {
            if (open == session) {
                open = null;
                finalized = true;
            }
        }
    }

    private static int number(LaunchEnvironment env, String name) {
        String v = env.variable(name).orElseThrow(() -> new MpiException(ErrorClass.ERR_OTHER, "shm: " + name
                + " is not set; the shm launcher sets it for every rank"));
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: " + name + "=" + v + " is not a number");
        }
    }
}
