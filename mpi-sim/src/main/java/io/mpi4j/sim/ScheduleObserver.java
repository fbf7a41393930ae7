package io.mpi4j.sim;

/**
 * Sees every choice a deterministic {@code sim} job makes, in order: how an explorer learns the
 * shape of the tree of runs (see {@link Schedule.Replay}).
 *
 * <p>Called on the thread of the rank that holds the job's token, one call at a time.
 */
@FunctionalInterface
public interface ScheduleObserver {
    /**
     * A choice was made.
     *
     * @param choice the alternative taken, in {@code [0, options)}
     * @param options how many alternatives there were, at least 2
     */
    void chose(int choice, int options);
}
