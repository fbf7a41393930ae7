package io.mpi4j;

import io.mpi4j.spi.SpiRequest;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A persistent communication request: an operation set up once and started many times
 * (MPI-4.1 §3.9, MPI_Send_init / MPI_Recv_init / MPI_Start).
 *
 * <p>A new persistent request is inactive. {@link #start()} starts one activation, which is
 * completed like any request with {@link #await()}, {@link #test()} or the families; the request
 * then becomes inactive again and may be restarted. {@link #close()} frees it (MPI_Request_free).
 *
 * {@snippet :
 * try (PersistentRequest<Status> send = comm.sendInit(Buf.of(halo), right, 7);
 *      PersistentRequest<Status> recv = comm.recvInit(Buf.of(ghost), left, 7)) {
 *     for (int step = 0; step < steps; step++) {
 *         PersistentRequest.startAll(List.of(send, recv));
 *         Request.waitAll(send, recv);
 *         // ... use ghost, update halo ...
 *     }
 * }
 * }
 *
 * @param <T> the type of each activation's result
 */
public final class PersistentRequest<T> extends Request<T> implements AutoCloseable {
    private final Supplier<SpiRequest> starter;
    private final String operation;
    /** Frees the provider's persistent request, if the provider has one (MPI_Request_free); else null. */
    private final Runnable release;
    private volatile boolean freed;

    PersistentRequest(Comm owner, String operation, Supplier<SpiRequest> starter, Function<SpiRequest, T> finisher,
                      Status inactiveStatus) {
        this(owner, operation, starter, finisher, inactiveStatus, null);
    }

    PersistentRequest(Comm owner, String operation, Supplier<SpiRequest> starter, Function<SpiRequest, T> finisher,
                      Status inactiveStatus, Runnable release) {
        super(owner, new io.mpi4j.spi.CompletedRequest(inactiveStatus), finisher);
        this.starter = starter;
        this.operation = operation;
        this.release = release;
        deactivate();
        track("persistent " + operation + " request");
    }

    /**
     * Starts one activation of the operation (MPI_Start).
     *
     * @throws MpiException with {@link ErrorClass#ERR_REQUEST} if the request is active (started
     *     and not yet completed by a wait or test) or has been closed
     */
    public void start() {
        if (freed) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "start: the persistent " + operation + " request has been closed");
        }
        if (isActive()) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "start: the persistent " + operation
                    + " request is still active; complete it with await() or test() before starting it again");
        }
        restart(starter.get());
    }

    /**
     * Starts every request of the collection (MPI_Startall).
     *
     * @param requests inactive persistent requests
     * @throws MpiException with {@link ErrorClass#ERR_REQUEST} if one is active or closed; the
     *     requests before it have been started
     */
    public static void startAll(Collection<? extends PersistentRequest<?>> requests) {
        for (PersistentRequest<?> r : requests) {
            r.start();
        }
    }

    /**
     * Tells whether this request has been closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return freed;
    }

    /**
     * Frees the request (MPI_Request_free). An activation in progress still completes (a receive
     * still takes its message into the buffer, which must stay untouched until then); {@link #await()}
     * and {@link #test()} on this object still report it, where MPI, whose handle is then
     * MPI_REQUEST_NULL, could not. It can no longer be started. Closing twice has no effect.
     */
    @Override
    public void close() {
        if (!freed) {
            freed = true;
            untrack();
            BufferGuard g = guard;
            if (g != null) {
                g.release(); // the program will not see this activation complete
            }
            SpiRequest active = spi;
            if (owner != null && owner.mpi.tracker() != null && isActive() && !active.isComplete()) {
                // MPI_Request_free of an active request: the operation still completes, and a leak
                // check must still see it if it never does (a receive never matched)
                track("persistent " + operation + " request closed while active");
                active.onComplete(this::untrack);
            }
            if (release != null) {
                release.run();
            }
        }
    }
}
