package io.mpi4j.jni;

import io.mpi4j.MpiException;

/**
 * The request of an {@code idup}: two MPI_Comm_idup of the parent, started by the call in the
 * program's order with the parent's other collectives, one for the duplicate and one for its
 * collective context. Both are started at once so that nothing waits for the other processes
 * later: duplicating the new communicator once it exists would need every process to start that
 * second call, and a process may be blocked elsewhere meanwhile, as MPI_Comm_idup allows. The
 * library progresses them inside any MPI call.
 *
 * <p>Used where the library's MPI_Comm_idup is right beside the provider's progress thread
 * (MPICH; not Open MPI 4.1, {@link JniSession#idupBroken}). A blocking constructor of the parent
 * first completes its pending idups ({@link #await}), because Open MPI 4.1 hangs when one
 * runs while an MPI_Comm_idup of that same communicator is pending ({@code openmpi_idup.c}).
 * Every process started them before that constructor, in the same order, so completing them
 * needs nothing more of the others than the constructor does.
 */
final class IdupRequest extends NativeRequest {
    private final JniRequest duplicateStep;
    private final JniRequest contextStep;
    private final long duplicateCell;
    private final long contextCell;
    private long duplicate;
    private long context;
    private boolean taken;

    private IdupRequest(JniComm parent, long[] dup, long[] chan) {
        super(parent.session, "idup(comm=" + parent.name() + ")");
        this.duplicateCell = dup[1];
        this.contextCell = chan[1];
        this.duplicateStep = new JniRequest(session, dup[0], "comm_idup", describe(), (st, err) -> NativeCollectives.STATUS);
        this.contextStep = new JniRequest(session, chan[0], "comm_idup", describe() + " of its collective context",
                (st, err) -> NativeCollectives.STATUS);
    }

    /**
     * Starts both MPI_Comm_idup of the parent.
     *
     * @param parent the communicator duplicated
     * @return the request
     * @throws MpiException if MPI refuses to start them
     */
    static IdupRequest start(JniComm parent) {
        long[] dup = new long[2];
        long[] chan = new long[2];
        Errors.check(JniWaits.commIdup(parent.handle, dup), "comm_idup");
        int rc = JniWaits.commIdup(parent.handle, chan);
        if (rc != 0) {
            // the first is under way (it completes with the others' own; its communicator is lost):
            // MPI gives no way to withdraw it, and the error says why the idup failed
            throw Errors.exception(rc, "comm_idup");
        }
        return new IdupRequest(parent, dup, chan);
    }

    /** The duplicate's handle, once complete. */
    long duplicate() {
        return duplicate;
    }

    /** The handle of the duplicate's collective context, once complete. */
    long context() {
        return context;
    }

    @Override
    void poll() {
        if (!duplicateStep.isDone()) {
            duplicateStep.poll();
        }
        if (!contextStep.isDone()) {
            contextStep.poll();
        }
        settle();
    }

    @Override
    void await() {
        duplicateStep.await();
        contextStep.await();
        settle();
    }

    private synchronized void settle() {
        if (taken || !duplicateStep.isDone() || !contextStep.isDone()) {
            return;
        }
        taken = true;
        duplicate = JniWaits.takeComm(duplicateCell);
        context = JniWaits.takeComm(contextCell);
        MpiException failure = duplicateStep.failure() != null ? duplicateStep.failure() : contextStep.failure();
        complete(NativeCollectives.STATUS, failure);
    }

    @Override
    public void cancel() {
        // MPI_Comm_idup cannot be cancelled: it completes on its own
    }
}
