package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request backed by an MPI_Request: {@link #poll()} is MPI_Test, {@link #await()} MPI_Wait. One
 * thread at a time touches the MPI handle (MPI-4.1 §11.6.2); a poll that finds another thread
 * inside MPI_Wait returns at once.
 */
final class JniRequest extends NativeRequest {
    /** Turns the raw status of the completed operation into the request's outcome and releases staging. */
    interface Finish {
        /**
         * Finishes the operation.
         *
         * @param st the status array of {@link Jni#test}
         * @param error the mpi4j error class of the operation
         * @return the status of the request
         */
        Status finish(long[] st, ErrorClass error);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final long handle;
    private final Finish finish;
    private final String op;

    JniRequest(JniSession session, long handle, String op, String description, Finish finish) {
        super(session, description);
        this.handle = handle;
        this.finish = finish;
        this.op = op;
    }

    @Override
    void poll() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!isDone()) {
                test(false);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    void await() {
        if (isDone()) {
            return;
        }
        if (session.polls()) {
            // ranks outnumber cores: MPI_Wait would spin through the time slices of the ranks it
            // waits for (WaitPolicy)
            Idle idle = Idle.oversubscribed();
            while (!isDone()) {
                poll();
                idle.idle();
            }
            return;
        }
        lock.lock();
        try {
            if (!isDone()) {
                test(true);
            }
        } finally {
            lock.unlock();
        }
    }

    private void test(boolean block) {
        long[] st = new long[7];
        int rc = Jni.test(handle, block, st);
        if (rc != 0) {
            MpiException e = Errors.exception(rc, op);
            complete(finish.finish(st, e.errorClass()), e);
            return;
        }
        if (st[0] == 0) {
            return;
        }
        int err = (int) st[5];
        ErrorClass cls = err == 0 ? ErrorClass.SUCCESS : Errors.errorClass(err);
        Status s = finish.finish(st, cls);
        complete(s, err == 0 ? null : Errors.exception(err, op));
    }

    @Override
    public void cancel() {
        if (!isDone()) {
            int rc = Jni.cancel(handle);
            if (rc != 0) {
                throw Errors.exception(rc, "cancel");
            }
        }
    }
}
