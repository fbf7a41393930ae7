package io.mpi4j.testkit.tck;

import io.mpi4j.RankFailedException;
import java.util.List;
import java.util.Set;

/**
 * Runs TCK jobs on one provider: starts a world of the requested size, runs a {@link RankBody} on
 * every rank and returns the per-rank results.
 *
 * <p>The TCK classes obtain their runner from {@code runner()}, which each provider module
 * implements in a subclass. An in-process provider ({@code sim}) runs the body on threads. A
 * provider whose ranks are processes can run a case by launching a job whose processes instantiate
 * the same TCK class with a process-local runner and invoke the same case method by name with the
 * same arguments; the local runner then runs the body on its own rank only and sends the result
 * back. That is why bodies may only use what every process computes by itself (see
 * {@link RankBody}).
 *
 * @implSpec {@link #run} must be bounded by {@link TckOptions#timeout()} and must report:
 *     a failing rank as {@link RankFailedException} (with the rank's exception as cause when
 *     available), a detected deadlock as {@link io.mpi4j.DeadlockException}, and a timeout as
 *     {@link io.mpi4j.MpiException}. It honours {@link TckOptions#buffering()} if and only if
 *     {@link #capabilities()} contains {@link Capability#BUFFERING_MODES}.
 */
public interface TckRunner {
    /**
     * Runs a job and returns each rank's result.
     *
     * @param ranks the number of ranks, at least 1
     * @param options buffering and time limit
     * @param body the code of every rank
     * @param <T> the type of the results
     * @return the results, indexed by world rank (elements may be {@code null})
     * @throws RankFailedException if a rank threw or called abort
     * @throws io.mpi4j.DeadlockException if the provider detected a deadlock
     * @throws io.mpi4j.MpiException if the job exceeded its time limit
     */
    <T> List<T> run(int ranks, TckOptions options, RankBody<T> body);

    /**
     * Runs a job with {@link TckOptions#defaults()}.
     *
     * @param ranks the number of ranks
     * @param body the code of every rank
     * @param <T> the type of the results
     * @return the results, indexed by world rank
     * @throws RankFailedException if a rank threw or called abort
     */
    default <T> List<T> run(int ranks, RankBody<T> body) {
        return run(ranks, TckOptions.defaults(), body);
    }

    /**
     * Returns what this provider can check beyond the portable core.
     *
     * @return the capabilities; cases needing others are skipped
     */
    Set<Capability> capabilities();

    /**
     * Returns the name of the provider and configuration, for reports.
     *
     * @return a short name such as {@code "sim"}
     */
    String name();
}
