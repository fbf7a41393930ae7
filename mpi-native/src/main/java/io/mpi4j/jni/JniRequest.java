package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Status;

/**
 * A request backed by the MPI_Request of a nonblocking call, tested as {@link TestedRequest} says;
 * {@link Finish} turns the completed operation into its status.
 */
final class JniRequest extends TestedRequest {
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
    void test(boolean block) {
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
