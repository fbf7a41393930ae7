package io.mpi4j.sim.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one rank of a {@link SimWorld}: its mailbox and the threads it has parked.
 */
final class RankState {
    final int worldRank;
    final Mailbox mailbox = new Mailbox();
    volatile Thread mainThread;
    /** Guarded by the world lock. */
    boolean started;
    /** Guarded by the world lock. */
    boolean finished;
    /** Threads of this rank parked in blocking calls; guarded by the world lock. */
    final List<Waiter> waiters = new ArrayList<>(1);
    /** Whether the rank has closed its {@code Mpi} (MPI_Finalize): it may not initialize again. */
    volatile boolean finalized;
    /** Size of {@link #waiters}, readable without the lock so that signals are free when nobody parks. */
    volatile int parkedCount;
    /**
     * The latest collective this rank's own argument checks refused, described, or {@code null}:
     * if the other ranks made that call, their collectives pair with this rank's later ones from
     * then on, which the mismatch and deadlock reports then point to.
     */
    volatile String refusedCollective;

    /** How many ANY_SOURCE matches {@link #matchedWildcard} keeps. */
    private static final int WILDCARDS = 4;
    /** The latest ANY_SOURCE matches of this rank's receives and probes; under this rank's mailbox lock. */
    private final SimComm[] wildcardComms = new SimComm[WILDCARDS];
    private final int[] wildcardSources = new int[WILDCARDS];
    private final int[] wildcardTags = new int[WILDCARDS];
    private int wildcards;

    /**
     * Records that a receive or probe of this rank for any source matched a message; under this
     * rank's mailbox lock. Cheap (no text), so that wildcard-heavy programs pay nothing noticeable.
     *
     * @param comm the receiving communicator
     * @param source the sender's rank in it
     * @param tag the message's tag
     */
    void matchedWildcard(SimComm comm, int source, int tag) {
        int i = wildcards++ % WILDCARDS;
        wildcardComms[i] = comm;
        wildcardSources[i] = source;
        wildcardTags[i] = tag;
    }

    /**
     * The latest ANY_SOURCE matches, oldest first, as text; under this rank's mailbox lock.
     *
     * @return for example {@code "rank 2 (tag=0, WORLD)"}; empty if none
     */
    java.util.List<String> recentWildcards() {
        java.util.List<String> out = new ArrayList<>();
        for (int k = Math.max(0, wildcards - WILDCARDS); k < wildcards; k++) {
            int i = k % WILDCARDS;
            out.add("rank " + wildcardSources[i] + " (tag=" + wildcardTags[i] + ", " + wildcardComms[i].displayName() + ")");
        }
        return out;
    }

    RankState(int worldRank) {
        this.worldRank = worldRank;
    }

    /** The main thread's waiter if the main thread is blocked, else {@code null}; under the world lock. */
    Waiter blockedMain() {
        for (Waiter w : waiters) {
            if (w.mainThread && w.blocked) {
                return w;
            }
        }
        return null;
    }
}
