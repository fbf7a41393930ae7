package io.mpi4j.sim.engine;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import java.util.ArrayList;
import java.util.List;

/**
 * One rank's part of a shared-memory collective call. Completed by the last rank to arrive at the
 * call's {@link CollectiveRound}, which has by then written this rank's results, except into
 * memory only this rank's thread may touch: those copies (staged at arrival) run when the rank
 * itself next tests or waits.
 */
final class SimCollectiveRequest implements SimPollable {
    static final Status STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private final SimWorld world;
    private final RankState owner;
    private final Thread creator;
    private final SimComm comm;
    final Collective call;
    private final CollectiveRound round;
    private final List<Runnable> ownerCopies;
    private volatile boolean done;
    private boolean copied;
    /**
     * This rank's share of the data movement, left by the executing thread to whichever thread
     * observes completion first (usually the rank itself), so that ranks copy their results in
     * parallel. Only set when the source stays valid: private memory of the round.
     */
    private Runnable delivery;
    private boolean delivered;
    private volatile MpiException failure;
    private List<Runnable> callbacks;

    /** The communicator of the rank that made the call. */
    SimComm comm() {
        return comm;
    }

    SimCollectiveRequest(SimComm comm, Collective call, CollectiveRound round, List<Runnable> ownerCopies) {
        this.world = comm.world;
        this.owner = comm.me;
        this.creator = Thread.currentThread();
        this.comm = comm;
        this.call = call;
        this.round = round;
        this.ownerCopies = ownerCopies;
    }

    /** Leaves this rank's copy to the thread that observes completion; before {@link #complete}. */
    void deliverLater(Runnable copy) {
        delivery = copy;
    }

    /** Runs the delivery once, on whichever thread gets here first. */
    private synchronized void deliver() {
        if (!delivered) {
            delivered = true;
            if (delivery != null && failure == null) {
                delivery.run();
            }
        }
    }

    /** Completes this rank's part; called once by the thread that executed the round. */
    void complete(MpiException error) {
        List<Runnable> cbs;
        synchronized (this) {
            failure = error;
            done = true;
            cbs = callbacks;
            callbacks = null;
        }
        if (cbs != null) {
            deliver(); // callbacks may read the result: it must be in place before they run
        }
        world.signal(owner);
        if (cbs != null) {
            for (Runnable r : cbs) {
                r.run();
            }
        }
    }

    /** Failed polls by the program, for {@link SimPollable#idleAfter}; touched by the owner only. */
    private int failedPolls;

    @Override
    public boolean isComplete() {
        if (poll()) {
            return true;
        }
        SimPollable.afterFailedPoll(world, owner, ++failedPolls);
        return poll();
    }

    @Override
    public boolean poll() {
        if (!done) {
            return false;
        }
        deliver();
        if (ownerCopies.isEmpty()) {
            return true;
        }
        if (Thread.currentThread() != creator) {
            // only the creator may write its confined memory: fail rather than wait for it
            synchronized (this) {
                if (!copied) {
                    copied = true;
                    if (failure == null) {
                        failure = io.mpi4j.spi.SpiRequest.completedOffTheMemorysThread(describe(), "the result");
                    }
                }
            }
            return true;
        }
        synchronized (this) {
            if (!copied) {
                copied = true;
                if (failure == null) {
                    for (Runnable r : ownerCopies) {
                        r.run();
                    }
                }
            }
        }
        return true;
    }

    @Override
    public boolean isReady() {
        return done;
    }

    @Override
    public Status status() {
        if (!done) {
            throw new IllegalStateException("collective not complete: " + describe());
        }
        return STATUS;
    }

    @Override
    public MpiException failure() {
        return done ? failure : null;
    }

    @Override
    public void cancel() {
        // MPI-4.1 §6.12: nonblocking collectives cannot be cancelled; the call simply completes.
    }

    @Override
    public void onComplete(Runnable action) {
        synchronized (this) {
            if (!done) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(1);
                }
                callbacks.add(action);
                return;
            }
        }
        deliver();
        action.run();
    }

    @Override
    public int[] waitsFor() {
        return round.missing();
    }

    @Override
    public String describe() {
        return CollectiveSignature.describe(call, comm.rank, comm.displayName());
    }

    @Override
    public String toString() {
        return "SimCollectiveRequest[" + describe() + (done ? ", complete" : "") + "]";
    }
}
