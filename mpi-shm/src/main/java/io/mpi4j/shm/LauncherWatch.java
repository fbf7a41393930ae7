package io.mpi4j.shm;

import java.util.Optional;

/**
 * Ends a rank whose launcher has died. A launcher stopped by {@code SIGINT} or {@code SIGTERM}
 * stops its ranks and deletes the job directory itself; one killed by {@code SIGKILL} cannot, so
 * each rank watches it: when it is gone, the rank deletes the job directory (every rank tries;
 * deleting is idempotent) and halts with status 1.
 */
final class LauncherWatch {
    private LauncherWatch() {
    }

    /**
     * Starts watching the launcher, if its pid names a live process.
     *
     * @param pid the launcher's pid, from {@link ShmJob#ENV_LAUNCHER_PID}
     * @param jobDir the job directory to delete when the launcher is gone
     * @param rank this rank, for the message
     */
    static void start(String pid, java.nio.file.Path jobDir, int rank) {
        Optional<ProcessHandle> launcher;
        try {
            launcher = ProcessHandle.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException e) {
            System.err.println("mpi4j-shm: ignoring " + ShmJob.ENV_LAUNCHER_PID + "=" + pid + ": not a pid");
            return;
        }
        if (launcher.isEmpty()) {
            gone(pid, jobDir, rank); // it died before this rank started
            return;
        }
        // onExit of a process that is not our parent's child is polled by the JDK's reaper thread
        launcher.get().onExit().thenRun(() -> gone(pid, jobDir, rank));
    }

    private static void gone(String pid, java.nio.file.Path jobDir, int rank) {
        System.err.println("mpi4j-shm: rank " + rank + ": the launcher (pid " + pid + ") is gone; deleting the job"
                + " directory and exiting");
        System.err.flush();
        ShmLauncher.deleteTree(jobDir);
        Runtime.getRuntime().halt(1);
    }
}
