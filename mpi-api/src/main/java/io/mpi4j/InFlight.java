package io.mpi4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The buffers of this process's nonblocking operations that the program has not yet seen
 * complete, for the checking mode of {@link BufferGuard}: an operation whose buffer shares bytes
 * with one in flight, where either of the two writes it (two receives into one array, a receive
 * into the buffer of a pending send, a collective's result into a pending receive's buffer), is
 * erroneous (MPI-4.1 §3.7.3) and fails before it starts, naming both calls. Two reads of the same
 * bytes (two sends of one buffer) are allowed, as MPI allows them.
 */
final class InFlight {
    private final List<BufferGuard> guards = new ArrayList<>();
    /** Size of {@link #guards}, readable without the lock: blocking calls look only when something is in flight. */
    private volatile int count;

    /**
     * Refuses a call whose buffers conflict with one in flight, then records it.
     *
     * @param guard the call's buffers
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} on a conflict; nothing is recorded then
     */
    synchronized void start(BufferGuard guard) {
        check(guard.description(), guard.reads(), guard.writes());
        guards.add(guard);
        count = guards.size();
    }

    /**
     * Forgets a call the program has seen complete.
     *
     * @param guard its buffers
     */
    synchronized void finish(BufferGuard guard) {
        guards.remove(guard);
        count = guards.size();
    }

    /**
     * Tells whether any call is in flight: callers build their arguments to {@link #check} only
     * then, so that blocking calls pay one volatile read when nothing is (always, outside the
     * checking mode).
     *
     * @return {@code true} if some call is recorded
     */
    boolean any() {
        return count != 0;
    }

    /**
     * Refuses a call (a blocking one, or a nonblocking one about to be recorded) whose buffers
     * conflict with one in flight.
     *
     * @param call the call, for the message
     * @param reads the program's buffers it reads
     * @param writes the program's buffers it writes
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} on a conflict
     */
    void check(String call, List<Buf> reads, List<Buf> writes) {
        if (count == 0) {
            return;
        }
        synchronized (this) {
            for (BufferGuard other : guards) {
                conflict(call, writes, true, other);
                conflict(call, reads, false, other);
            }
        }
    }

    private static void conflict(String call, List<Buf> mine, boolean iWrite, BufferGuard other) {
        for (Buf b : mine) {
            for (Buf w : other.writes()) {
                if (Buf.overlap(b, w)) {
                    throw refused(call, b, iWrite, other, w, true);
                }
            }
            if (iWrite) {
                for (Buf r : other.reads()) {
                    if (Buf.overlap(b, r)) {
                        throw refused(call, b, true, other, r, false);
                    }
                }
            }
        }
    }

    private static MpiException refused(String call, Buf mine, boolean iWrite, BufferGuard other, Buf theirs, boolean theyWrite) {
        return new MpiException(ErrorClass.ERR_BUFFER, call + ": its " + (iWrite ? "receive" : "send") + " buffer " + mine
                + " shares bytes with the " + (theyWrite ? "receive" : "send") + " buffer " + theirs + " of " + other.description()
                + ", which the program has not yet seen complete (MPI-4.1 §3.7.3: a buffer in flight may be read by other calls,"
                + " never written, nor written and read by two calls at once); wait for that call first");
    }
}
