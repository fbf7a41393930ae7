package io.mpi4j;

import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A nonblocking operation in progress, yielding a result of type {@code T} when it completes
 * (MPI-4.1 §3.7).
 *
 * <p>Buffer operations yield their {@link Status}; object receives yield the received object.
 * A request is completed by {@link #await()} or {@link #test()}, or by the static families
 * {@link #waitAll}, {@link #waitAny}, {@link #waitSome}, {@link #testAll}, {@link #testAny} and
 * {@link #testSome}. {@link #toCompletableFuture()} gives a view for callbacks that run without
 * anyone calling wait. Java has no MPI_REQUEST_NULL: a family refuses a {@code null} list with
 * {@link ErrorClass#ERR_ARG} and a {@code null} element with {@link ErrorClass#ERR_REQUEST}.
 *
 * {@snippet :
 * Request<Status> r = comm.irecv(Buf.of(data), 0, 42);
 * // ... compute ...
 * Status s = r.await();
 * Request<Map<String, Object>> o = comm.irecvObject(0, 11);
 * o.toCompletableFuture().thenAccept(System.out::println);
 * }
 *
 * <p>A request keeps its buffers reachable until it completes. Like MPI's, it becomes
 * <em>inactive</em> once a wait or test has reported its completion: {@link #waitAny} and
 * {@link #testAny} skip inactive requests. {@link #await()} on an inactive request returns the same
 * result again.
 *
 * <p>Happens-before: actions of the sender before the send happen-before the actions of the
 * receiver after the completion of the matching receive has been observed.
 *
 * @param <T> the type of the result
 */
public sealed class Request<T> permits PersistentRequest {
    /** The index {@link #waitAny} and {@link #testAny} return when no request was active. */
    public static final int UNDEFINED = Mpi.UNDEFINED;

    final ProviderSession session;
    final Function<SpiRequest, T> finisher;
    /** The communicator whose error handler and leak tracker serve this request; {@code null} for none. */
    final Comm owner;
    private final Object lock = new Object();
    volatile SpiRequest spi;
    private boolean finished;
    private boolean reported;
    private T result;
    private Status status;
    private RuntimeException error;
    private CompletableFuture<T> future;

    Request(ProviderSession session, SpiRequest spi, Function<SpiRequest, T> finisher) {
        this.session = session;
        this.spi = spi;
        this.finisher = finisher;
        this.owner = null;
    }

    Request(Comm owner, SpiRequest spi, Function<SpiRequest, T> finisher) {
        this.session = owner.session;
        this.spi = spi;
        this.finisher = finisher;
        this.owner = owner;
        if (!(this instanceof PersistentRequest)) {
            track(spi.describe());
        }
    }

    /** Tells the leak-check observer, if any, that an operation was started. */
    void track(String description) {
        io.mpi4j.spi.ResourceTracker t = owner == null ? null : owner.mpi.tracker();
        if (t != null) {
            t.created(io.mpi4j.spi.ResourceTracker.Kind.REQUEST, this, description);
        }
    }

    /** Tells the leak-check observer, if any, that this request is done with. */
    void untrack() {
        io.mpi4j.spi.ResourceTracker t = owner == null ? null : owner.mpi.tracker();
        if (t != null) {
            t.released(this);
        }
    }

    /**
     * Waits for the operation to complete and returns its result (MPI_Wait).
     *
     * @return the result: the {@link Status} for buffer operations, the object for object receives
     * @throws MpiException with the operation's error class if it failed (for example
     *     {@link ErrorClass#ERR_TRUNCATE}), or if the job aborted or deadlocked while waiting
     * @throws CancellationException if an object receive was cancelled
     */
    public T await() {
        if (owner != null) {
            owner.mpi.checkThread("wait"); // MPI_Wait is an MPI call: the thread level applies
        }
        SpiRequest s = spi;
        while (!s.isComplete()) {
            awaitParts(session, List.of(s), "wait(" + s.describe() + ")");
        }
        return report();
    }

    /**
     * Waits on requests through the provider, unless the parts of a composite have all completed
     * since the caller last looked: the provider is never asked to wait on nothing.
     */
    static void awaitParts(ProviderSession session, List<SpiRequest> requests, String operation) {
        List<SpiRequest> w = waitable(requests);
        if (!w.isEmpty()) {
            session.awaitAny(w, operation);
        }
    }

    /**
     * The requests to hand the provider when waiting: the incomplete parts of a composite request
     * (a neighbourhood collective), which the provider knows, instead of the composite itself.
     */
    static List<SpiRequest> waitable(List<SpiRequest> requests) {
        List<SpiRequest> out = null;
        for (int i = 0; i < requests.size(); i++) {
            SpiRequest r = requests.get(i);
            if (r instanceof CompositeSpiRequest c) {
                if (out == null) {
                    out = new ArrayList<>(requests.subList(0, i));
                }
                out.addAll(c.incomplete());
            } else if (out != null) {
                out.add(r);
            }
        }
        return out == null ? requests : out;
    }

    /** Waits as a blocking call: the provider reports the rank as blocked in the operation itself. */
    T awaitBlocking() {
        SpiRequest s = spi;
        while (!s.isComplete()) {
            awaitParts(session, List.of(s), s.describe());
        }
        return report();
    }

    /**
     * Completes the operation if it has finished (MPI_Test).
     *
     * @return the result if the operation has completed; empty otherwise
     * @throws MpiException with the operation's error class if it failed
     * @throws CancellationException if an object receive was cancelled
     */
    public Optional<T> test() {
        if (owner != null) {
            owner.mpi.checkThread("test");
        }
        if (!isComplete()) {
            return Optional.empty();
        }
        return Optional.ofNullable(report());
    }

    /**
     * Tells whether the operation has completed, without making the request inactive
     * (MPI_Request_get_status).
     *
     * @return {@code true} once complete
     */
    public boolean isComplete() {
        boolean done = spi.isComplete();
        BufferGuard g = guard;
        if (done && g != null) {
            g.check(); // the program sees completion here too: its buffers are its own again
        }
        return done;
    }

    /** The check of this request's send buffers, where the session asks for it ({@link BufferGuard}); {@code null} otherwise. */
    volatile BufferGuard guard;

    /**
     * Returns the status of the completed operation.
     *
     * @return the status
     * @throws MpiException with {@link ErrorClass#ERR_REQUEST} if the operation has not completed
     */
    public Status status() {
        return completedStatus("status");
    }

    private Status completedStatus(String op) {
        if (!isComplete()) {
            throw new MpiException(ErrorClass.ERR_REQUEST, op + ": " + spi.describe() + " has not completed; call await() or test() first");
        }
        finish();
        synchronized (lock) {
            return status;
        }
    }

    /**
     * Tells whether the operation was cancelled (MPI_Test_cancelled).
     *
     * @return {@code true} if a {@link #cancel()} succeeded
     * @throws MpiException with {@link ErrorClass#ERR_REQUEST} if the operation has not completed
     */
    public boolean isCancelled() {
        return completedStatus("isCancelled").cancelled();
    }

    /**
     * Asks for the operation to be cancelled (MPI_Cancel). The request must still be completed with
     * a wait or test; {@link #isCancelled()} then tells whether it was cancelled or completed
     * normally. A receive that has not matched a message is always cancelled; a send is cancelled
     * only if no receive has matched it yet, and only where the provider can withdraw it:
     * {@code sim} and {@code shm} do, but under {@code native} it is the MPI library's choice, and
     * Open MPI 4.1 and MPICH 4.0 do not cancel a send once it has left (in C as well), so such a
     * send still completes only when a receive matches it, and a wait for it before that waits
     * (MPI-4.1 deprecates cancelling sends). Portable programs cancel receives only.
     */
    public void cancel() {
        if (isActive()) {
            spi.cancel();
        }
    }

    /**
     * Returns a future completed with this request's result, without anyone calling wait.
     *
     * <p>Callbacks run on a thread of their own, never on a rank's thread, so they may block.
     *
     * @return the future; completed exceptionally with the {@link MpiException} if the operation
     *     fails, or cancelled if it was cancelled
     */
    public CompletableFuture<T> toCompletableFuture() {
        SpiRequest s;
        CompletableFuture<T> f;
        synchronized (lock) {
            if (future != null) {
                return future;
            }
            f = future = session.runsOneRankAtATime() ? new WaitingFuture() : new CompletableFuture<>();
            s = spi;
        }
        s.onComplete(() -> Thread.ofVirtual().name("mpi4j-request-callback").start(() -> completeFuture(f)));
        return f;
    }

    /**
     * The future of a request under a provider that runs one rank's thread at a time: joining it
     * waits through {@link #await()}, so that the schedule passes to the other ranks (a thread
     * blocked outside MPI would stop them all), and so do the futures derived from it
     * ({@code thenApply}, ...). {@code CompletableFuture.allOf} and other futures made outside
     * this one are plain and still block outside MPI.
     */
    private final class WaitingFuture extends CompletableFuture<T> {
        private void waitThroughMpi() {
            if (!isDone()) {
                try {
                    Request.this.await();
                } catch (RuntimeException e) {
                    // the future completes exceptionally with it (completeFuture)
                }
            }
        }

        @Override
        public T join() {
            waitThroughMpi();
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            waitThroughMpi();
            return super.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return (CompletableFuture<U>) new WaitingFuture();
        }
    }

    private void completeFuture(CompletableFuture<T> f) {
        try {
            // the API's own work on this thread (finisher, error handler) is not the program's call
            // from another thread; the future's dependents, run by complete(), are
            f.complete(ScopedValue.where(Mpi.API_THREAD, Boolean.TRUE).call(this::report));
        } catch (CancellationException e) {
            f.cancel(false);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** Marks the request reported (inactive) and returns its result or throws its error. */
    T report() {
        finish();
        boolean first;
        synchronized (lock) {
            first = !reported;
            reported = true;
        }
        if (first && !(this instanceof PersistentRequest)) {
            untrack();
        }
        synchronized (lock) {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    /** Runs the finisher once, after completion. */
    void finish() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            SpiRequest s = spi;
            status = s.status();
            MpiException failure = s.failure();
            if (failure != null) {
                BufferGuard g = guard;
                if (g != null) {
                    g.release();
                }
                error = owner != null ? owner.raise(rethrown(failure)) : rethrown(failure);
            } else {
                try {
                    BufferGuard g = guard;
                    if (g != null) {
                        g.check(); // before the finisher: a receive's unstaging must not count as the program's write
                    }
                    result = finisher.apply(s);
                } catch (WrongThreadException e) {
                    error = SpiRequest.completedOffTheMemorysThread(s.describe(), null);
                    error.initCause(e);
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            finished = true;
        }
    }

    /** Whether completion has not yet been reported by a wait or test. */
    boolean isActive() {
        synchronized (lock) {
            return !reported;
        }
    }

    /** Marks this request inactive without a result (a persistent request before its first start). */
    void deactivate() {
        synchronized (lock) {
            reported = true;
        }
    }

    /** Resets the state for a new activation of a persistent request. */
    void restart(SpiRequest next) {
        synchronized (lock) {
            spi = next;
            finished = false;
            reported = false;
            result = null;
            status = null;
            error = null;
            future = null;
        }
    }

    SpiRequest spi() {
        return spi;
    }

    /**
     * A copy of a provider's failure to throw in the calling thread: the original was created on
     * whichever thread completed the operation, so its stack trace would mislead.
     */
    static MpiException rethrown(MpiException failure) {
        return failure instanceof DeadlockException d ? new DeadlockException(d.report())
                : new MpiException(failure.errorClass(), failure.getMessage());
    }

    /** The finisher of buffer operations: the result is the status. */
    static final Function<SpiRequest, Status> STATUS_FINISHER = SpiRequest::status;

    @SuppressWarnings("unchecked")
    static <T> Function<SpiRequest, T> statusFinisher() {
        return (Function<SpiRequest, T>) STATUS_FINISHER;
    }

    // ---- families ----

    /**
     * Refuses a {@code null} list or element (Java has no MPI_REQUEST_NULL: a request that is not
     * there is left out of the list) with an {@link MpiException} rather than a
     * NullPointerException from deep inside.
     */
    private static <C extends Collection<? extends Request<?>>> C checked(String op, C requests) {
        if (requests == null) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": the list of requests is null");
        }
        int i = 0;
        for (Request<?> r : requests) {
            if (r == null) {
                throw new MpiException(ErrorClass.ERR_REQUEST, op + ": request " + i + " of " + requests.size()
                        + " is null (leave absent requests out of the list)");
            }
            i++;
        }
        return requests;
    }

    /**
     * Waits for every request to complete (MPI_Waitall).
     *
     * @param requests the requests; inactive ones are skipped
     * @throws MpiException the first failure, after every request has completed; the failures of
     *     the other requests are attached as suppressed exceptions
     */
    public static void waitAll(Collection<? extends Request<?>> requests) {
        List<Request<?>> list = List.copyOf(checked("waitAll", requests));
        List<SpiRequest> pending = new ArrayList<>();
        while (true) {
            pending.clear();
            for (Request<?> r : list) {
                SpiRequest s = r.spi;
                if (!s.isComplete()) {
                    pending.add(s);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            awaitParts(list.getFirst().session, List.copyOf(pending), "waitAll(" + describe(pending) + ")");
        }
        RuntimeException first = null;
        for (Request<?> r : list) {
            try {
                r.report();
            } catch (CancellationException e) {
                // a cancelled object receive: nothing to report in waitAll
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Varargs form of {@link #waitAll(Collection)}.
     *
     * @param requests the requests
     */
    public static void waitAll(Request<?>... requests) {
        waitAll(requests == null ? null : java.util.Arrays.asList(requests));
    }

    /**
     * Waits until one active request completes and makes it inactive (MPI_Waitany).
     *
     * @param requests the requests
     * @return the index of the completed request, or {@link #UNDEFINED} if none was active
     * @throws MpiException the failure of the completed request, if it failed
     */
    public static int waitAny(List<? extends Request<?>> requests) {
        checked("waitAny", requests);
        while (true) {
            List<SpiRequest> pending = new ArrayList<>();
            boolean anyActive = false;
            for (int i = 0; i < requests.size(); i++) {
                Request<?> r = requests.get(i);
                if (!r.isActive()) {
                    continue;
                }
                anyActive = true;
                if (r.isComplete()) {
                    reportIgnoringCancel(r);
                    return i;
                }
                pending.add(r.spi);
            }
            if (!anyActive) {
                return UNDEFINED;
            }
            awaitParts(requests.getFirst().session, pending, "waitAny(" + describe(pending) + ")");
        }
    }

    /**
     * Waits until at least one active request completes, and makes every completed one inactive
     * (MPI_Waitsome).
     *
     * @param requests the requests
     * @return the indices of the completed requests, in increasing order; empty if none was active
     * @throws MpiException the first failure among the completed requests
     */
    public static int[] waitSome(List<? extends Request<?>> requests) {
        checked("waitSome", requests);
        while (true) {
            int[] done = testSome(requests);
            if (done.length > 0 || !anyActive(requests)) {
                return done;
            }
            List<SpiRequest> pending = new ArrayList<>();
            for (Request<?> r : requests) {
                if (r.isActive() && !r.isComplete()) {
                    pending.add(r.spi);
                }
            }
            if (!pending.isEmpty()) {
                awaitParts(requests.getFirst().session, pending, "waitSome(" + describe(pending) + ")");
            }
        }
    }

    /**
     * Tells whether every request has completed, and if so makes them all inactive (MPI_Testall).
     *
     * @param requests the requests
     * @return {@code true} if all have completed
     * @throws MpiException the first failure, if all completed and one failed
     */
    public static boolean testAll(Collection<? extends Request<?>> requests) {
        for (Request<?> r : checked("testAll", requests)) {
            if (!r.isComplete()) {
                return false;
            }
        }
        waitAll(requests);
        return true;
    }

    /**
     * Completes one active request if one has completed (MPI_Testany).
     *
     * @param requests the requests
     * @return the index of a completed request; empty if none has completed; {@link #UNDEFINED}
     *     if none was active
     * @throws MpiException the failure of the completed request, if it failed
     */
    public static Optional<Integer> testAny(List<? extends Request<?>> requests) {
        checked("testAny", requests);
        boolean anyActive = false;
        for (int i = 0; i < requests.size(); i++) {
            Request<?> r = requests.get(i);
            if (!r.isActive()) {
                continue;
            }
            anyActive = true;
            if (r.isComplete()) {
                reportIgnoringCancel(r);
                return Optional.of(i);
            }
        }
        return anyActive ? Optional.empty() : Optional.of(UNDEFINED);
    }

    /**
     * Completes every active request that has completed (MPI_Testsome).
     *
     * @param requests the requests
     * @return the indices of the completed requests, in increasing order (possibly empty)
     * @throws MpiException the first failure among them
     */
    public static int[] testSome(List<? extends Request<?>> requests) {
        checked("testSome", requests);
        List<Integer> done = new ArrayList<>();
        RuntimeException first = null;
        for (int i = 0; i < requests.size(); i++) {
            Request<?> r = requests.get(i);
            if (r.isActive() && r.isComplete()) {
                done.add(i);
                try {
                    reportIgnoringCancel(r);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return done.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean anyActive(List<? extends Request<?>> requests) {
        for (Request<?> r : requests) {
            if (r.isActive()) {
                return true;
            }
        }
        return false;
    }

    private static void reportIgnoringCancel(Request<?> r) {
        try {
            r.report();
        } catch (CancellationException e) {
            // completion of a cancelled object receive is a normal completion for the families
        }
    }

    private static String describe(List<SpiRequest> pending) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (SpiRequest s : pending) {
            if (n > 0) {
                sb.append(", ");
            }
            if (++n > 4) {
                sb.append("... ").append(pending.size() - 4).append(" more");
                break;
            }
            sb.append(s.describe());
        }
        return sb.toString();
    }

    /**
     * A request that is already complete with the given status (used for {@code PROC_NULL}).
     */
    static <T> Request<T> completed(ProviderSession session, Status status, T result) {
        Objects.requireNonNull(status);
        SpiRequest done = new io.mpi4j.spi.CompletedRequest(status);
        return new Request<>(session, done, s -> result);
    }
}
