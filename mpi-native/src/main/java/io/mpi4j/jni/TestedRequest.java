package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request completed by testing one MPI request handle: {@link #poll()} is MPI_Test,
 * {@link #await()} MPI_Wait, or MPI_Test with backoff under {@link WaitPolicy#POLL} (where MPI_Wait
 * would spin through the time slices of the ranks it waits for). One thread at a time touches the
 * handle (MPI-4.1 §11.6.2); a poll that finds another thread inside MPI_Wait returns at once.
 * Shared by the nonblocking requests ({@link JniRequest}) and the activations of persistent ones.
 */
abstract class TestedRequest extends NativeRequest {
    private final ReentrantLock lock = new ReentrantLock();

    TestedRequest(JniSession session, String description) {
        super(session, description);
    }

    /**
     * MPI_Test, or MPI_Wait when {@code block}; completes the request if the operation has.
     * Called with the lock held and the request not yet done.
     *
     * @param block whether to wait for completion
     */
    abstract void test(boolean block);

    /**
     * A request still pending when MPI was finalized can never complete, and MPI_Test on its handle
     * would make the library abort the process: it fails instead, as every other call after
     * {@code Mpi.close()} does.
     *
     * @return whether the request was failed for that
     */
    private boolean failIfFinalized() {
        if (!session.isClosed()) {
            return false;
        }
        complete(NativeCollectives.STATUS, new MpiException(ErrorClass.ERR_OTHER, describe()
                + ": MPI has been finalized (" + session.finalizedBy() + ") while this request was pending; it cannot complete"));
        return true;
    }

    @Override
    final void poll() {
        if (failIfFinalized() || !lock.tryLock()) {
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
    final void await() {
        if (isDone() || failIfFinalized()) {
            return;
        }
        if (session.polls()) {
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
}
