package io.mpi4j.sim.engine;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.spi.Collective;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rendezvous of one collective call on one communicator: every rank arrives with its call;
 * the last to arrive checks that the calls match, performs the data movement of every rank, and
 * completes their requests. One thread doing all the work keeps the total work minimal (each
 * reduction is computed once) and needs no further synchronization.
 */
final class CollectiveRound {
    private final CommShared shared;
    private final int seq;
    private final String comm;
    private final Collective[] calls;
    private final SimCollectiveRequest[] requests;
    private final boolean[] nonblocking;
    private final ReentrantLock lock = new ReentrantLock();
    private int arrived;

    CollectiveRound(CommShared shared, int seq, String comm) {
        this.shared = shared;
        this.seq = seq;
        this.comm = comm;
        int n = shared.group.length;
        this.calls = new Collective[n];
        this.requests = new SimCollectiveRequest[n];
        this.nonblocking = new boolean[n];
    }

    /**
     * Registers a rank's call; the last rank to arrive executes the round.
     *
     * @param rank the rank in the communicator
     * @param call its call, with every buffer accessible from any thread
     * @param isNonblocking whether the rank called the nonblocking (or persistent) form
     * @param request its request, completed when the round has executed
     */
    void arrive(int rank, Collective call, boolean isNonblocking, SimCollectiveRequest request) {
        boolean last;
        lock.lock();
        try {
            calls[rank] = call;
            nonblocking[rank] = isNonblocking;
            requests[rank] = request;
            last = ++arrived == calls.length;
        } finally {
            lock.unlock();
        }
        if (last) {
            shared.rounds.remove(seq);
            execute();
        }
    }

    private void execute() {
        MpiException failure = null;
        String mismatch = CollectiveSignature.check(calls, nonblocking, seq, comm, shared.group);
        if (mismatch != null) {
            failure = new MpiException(ErrorClass.ERR_NOT_SAME, mismatch + refusalNotes());
        } else {
            try {
                SharedCollectives.execute(calls, requests);
            } catch (MpiException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new MpiException(ErrorClass.ERR_INTERN, "sim: " + calls[0].name() + " failed: " + e, e);
            }
        }
        for (SimCollectiveRequest r : requests) {
            r.complete(failure);
        }
    }

    /** The refusals noted by the ranks of this round ({@link RankState#refusedCollective}), as sentences. */
    private String refusalNotes() {
        StringBuilder b = new StringBuilder();
        for (SimCollectiveRequest r : requests) {
            String note = r.comm().me.refusedCollective;
            if (note != null) {
                b.append(". Note: ").append(note);
            }
        }
        return b.toString();
    }

    /** The world ranks that have not arrived yet, for deadlock reports. */
    int[] missing() {
        lock.lock();
        try {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < calls.length; i++) {
                if (calls[i] == null) {
                    out.add(shared.group[i]);
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        } finally {
            lock.unlock();
        }
    }
}
