package io.mpi4j.sim.engine;

import io.mpi4j.spi.SpiRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A request of the {@code sim} provider, as the provider's own waits see it.
 *
 * <p>Waits poll with {@link #poll()}, while {@link SpiRequest#isComplete()}, which programs call
 * through {@code Request.test()}, also idles now and then: a program that polls {@code test()} in
 * a loop with {@code Thread.yield()} can keep the carriers of virtual threads busy forever while
 * the rank it waits for is never scheduled. Parking briefly hands the carrier back.
 */
interface SimPollable extends SpiRequest {
    /** Failed polls of one request between two idles. */
    int POLLS_BETWEEN_IDLES = 64;
    /** How long a program's failed {@code test()} parks every {@link #POLLS_BETWEEN_IDLES} polls. */
    long IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(10);

    /**
     * Tells whether the request has completed, doing the owner's part of the work if needed,
     * without idling.
     *
     * @return {@code true} once complete
     */
    boolean poll();

    /**
     * Whether waiting on this request can end without another rank acting: for deadlock checks,
     * from any thread, without side effects.
     *
     * @return {@code true} if ready
     */
    boolean isReady();

    /**
     * The world ranks that could complete this request, for deadlock reports.
     *
     * @return the ranks, or {@code null} for any
     */
    int[] waitsFor();

    /**
     * Counts a failed poll of a program and parks briefly every {@link #POLLS_BETWEEN_IDLES}.
     *
     * @param failedPolls the count so far, including this one
     */
    static void idleAfter(int failedPolls) {
        if (failedPolls % POLLS_BETWEEN_IDLES == 0) {
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    /**
     * After a program's failed poll: in a deterministic job, a scheduling point (the rank that
     * polls holds the only token, so it must offer it or nothing else could happen); otherwise
     * {@link #idleAfter}.
     *
     * @param world the job
     * @param owner the rank whose request was polled
     * @param failedPolls the count so far, including this one
     */
    static void afterFailedPoll(SimWorld world, RankState owner, int failedPolls) {
        if (world.isDeterministic()) {
            world.pollPoint(owner);
        } else {
            idleAfter(failedPolls);
        }
    }
}
