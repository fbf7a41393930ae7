package io.mpi4j.jni;

import io.mpi4j.spi.SpiPersistent;

/**
 * What the library's persistent requests (point-to-point and collective) share: the MPI request,
 * the testing of an activation, and freeing. MPI
 * completes an activation in progress even after MPI_Request_free, but the staging memory must
 * outlive it (and a receive must still copy out), so a request freed while active is released
 * when that activation completes; otherwise at once.
 */
abstract class LibraryPersistent implements SpiPersistent {
    /** The MPI request; 0 once the library has freed it after a failed activation (Open MPI does). */
    volatile long handle;
    /** The latest activation, {@code null} before the first start. */
    volatile NativeRequest current;
    private boolean released;

    /**
     * Frees the MPI request and the staging memory; called once.
     *
     * @return the MPI error code of MPI_Request_free
     */
    abstract int releaseOnce();

    @Override
    public final void free() {
        NativeRequest a = current;
        if (a == null || a.isDone()) {
            int rc = release();
            if (rc != 0) {
                throw Errors.exception(rc, "request_free");
            }
        } else {
            // may run on the progress thread, where a failure has no one to go to; MPI_Request_free
            // fails only for a handle that is not a request, which this one always is
            a.onComplete(this::release);
        }
    }

    private synchronized int release() {
        if (released) {
            return 0;
        }
        released = true;
        return releaseOnce();
    }

    /**
     * One activation: MPI_Test, or MPI_Wait, on the persistent handle, one thread at a time
     * ({@link TestedRequest}); the request turns the outcome into its status.
     */
    abstract class Activation extends TestedRequest {
        Activation(JniSession session, String description) {
            super(session, description);
        }

        @Override
        final void test(boolean block) {
            long[] st = new long[7];
            int rc = JniPersistent.test(handle, block, st);
            if (st[6] != 0) {
                handle = 0;
            }
            if (rc == 0 && st[0] == 0) {
                return;
            }
            finish(rc, st);
        }

        /**
         * Completes the activation.
         *
         * @param rc the MPI error code of the test (or wait)
         * @param st the status array of {@link JniPersistent#test}
         */
        abstract void finish(int rc, long[] st);
    }
}
