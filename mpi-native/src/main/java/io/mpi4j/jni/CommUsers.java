package io.mpi4j.jni;

import java.util.ArrayList;
import java.util.List;

/**
 * What still uses one MPI communicator: the library's nonblocking collectives in flight, its
 * persistent collective requests until they are freed, and the portable algorithms of nonblocking
 * collectives running on a thread over the communicator's collective duplicate. MPI lets a program
 * free a communicator while operations on it are pending (they complete normally, MPI-4.1
 * §7.4.3), but Open MPI 4.1 then crashes in their progress (libnbc and its persistent collectives;
 * checked in C on intra- and intercommunicators; MPICH 4.0 is right), and a portable algorithm
 * would find its communicator gone; so MPI_Comm_free waits for the last of them.
 */
final class CommUsers {
    /** Nonblocking collectives that had not completed when last looked at. */
    private final ArrayList<NativeRequest> started = new ArrayList<>();
    /** Persistent requests, and the started ones still pending once the free was asked for. */
    private int held;
    /** What frees the communicator when {@link #held} drops to zero; {@code null} until then. */
    private Runnable free;

    /**
     * Records a nonblocking collective just started on the communicator.
     *
     * @param request its request
     */
    synchronized void started(NativeRequest request) {
        started.removeIf(NativeRequest::isDone);
        started.add(request);
    }

    /** Records a persistent request or a running algorithm; {@link #release()} when it is done. */
    synchronized void hold() {
        held++;
    }

    /** Undoes one {@link #hold()}; the last one runs the free asked for meanwhile. */
    void release() {
        Runnable run = null;
        synchronized (this) {
            if (--held == 0 && free != null) {
                run = free;
                free = null;
            }
        }
        if (run != null) {
            run.run();
        }
    }

    /**
     * Asks for the communicator to be freed.
     *
     * @param later what frees it if something still uses it now (run by whoever releases the last
     *     use: a thread that completes a request, possibly the progress thread, one that frees a
     *     persistent request, or an algorithm's thread as it ends)
     * @return {@code true} if nothing uses it: the caller frees it at once
     */
    boolean freeWhenUnused(Runnable later) {
        List<NativeRequest> pending;
        synchronized (this) {
            started.removeIf(NativeRequest::isDone);
            pending = List.copyOf(started);
            started.clear();
            held += pending.size();
            if (held == 0) {
                return true;
            }
            free = later;
        }
        for (NativeRequest r : pending) {
            r.onComplete(this::release); // watched by the progress thread if the program never waits
        }
        return false;
    }
}
