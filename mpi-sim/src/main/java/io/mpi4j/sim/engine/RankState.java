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
