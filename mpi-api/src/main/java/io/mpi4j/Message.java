package io.mpi4j;

import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;

/**
 * A message matched by {@link Comm#mprobe} or {@link Comm#improbe} and removed from the matching
 * queue: only this handle can receive it (MPI-4.1 §3.8.2, MPI_Message).
 *
 * {@snippet :
 * Message m = comm.mprobe(Mpi.ANY_SOURCE, 7);
 * int[] data = new int[(int) m.status().count(Datatype.INT)];
 * m.recv(Buf.of(data));
 * }
 *
 * <p>A message is received exactly once. The message of a probe on {@link Mpi#PROC_NULL} is the
 * no-process message: receiving it completes at once with an empty status.
 */
public final class Message {
    private final Comm comm;
    private final SpiMessage spi;
    private final Status status;
    private boolean received;

    Message(Comm comm, SpiMessage spi) {
        this.comm = comm;
        this.spi = spi;
        this.status = spi == null ? Status.procNull(Datatype.BYTE) : spi.status();
    }

    /**
     * Returns the envelope of the message: source, tag and size in bytes.
     *
     * @return the status a probe would report
     */
    public Status status() {
        return status;
    }

    /**
     * Tells whether this is the no-process message (MPI_MESSAGE_NO_PROC) of a probe on
     * {@link Mpi#PROC_NULL}.
     *
     * @return {@code true} for the no-process message
     */
    public boolean isNoProc() {
        return spi == null;
    }

    /**
     * Receives the message into a buffer (MPI_Mrecv).
     *
     * @param buf where the data goes
     * @return the status
     * @throws MpiException {@link ErrorClass#ERR_TRUNCATE} if the buffer is too small,
     *     {@link ErrorClass#ERR_REQUEST} if the message was already received,
     *     {@link ErrorClass#ERR_BUFFER} for a {@code null} or read-only buffer
     */
    public Status recv(Buf buf) {
        return irecv(buf).awaitBlocking();
    }

    /**
     * Starts receiving the message into a buffer (MPI_Imrecv).
     *
     * @param buf where the data goes
     * @return the request
     * @throws MpiException as {@link #recv(Buf)}
     */
    public Request<Status> irecv(Buf buf) {
        comm.checkRecvBuf("mrecv", buf);
        claim();
        if (spi == null) {
            Status st = Status.procNull(buf.datatype());
            return Request.completed(comm.session, st, st);
        }
        Buf target = Staging.forRecv(buf, comm.engine.takesDerivedTypes());
        SpiRequest s = spi.irecv(new RecvTarget.Into(target));
        return new Request<>(comm, s, r -> {
            Status st = r.status();
            Staging.unstage(target, buf, st.byteCount());
            return st;
        });
    }

    /**
     * Receives the message as an object (sent with {@code sendObject}).
     *
     * @param <T> the type expected
     * @return the object; {@code null} for the no-process message
     * @throws MpiException {@link ErrorClass#ERR_TYPE} if it is not a valid encoding,
     *     {@link ErrorClass#ERR_REQUEST} if the message was already received
     */
    public <T> T recvObject() {
        return this.<T>irecvObject().awaitBlocking();
    }

    /**
     * Starts receiving the message as an object.
     *
     * @param <T> the type expected
     * @return the request, yielding the object
     * @throws MpiException {@link ErrorClass#ERR_REQUEST} if the message was already received
     */
    public <T> Request<T> irecvObject() {
        comm.checkOpen("mrecv");
        claim();
        if (spi == null) {
            return Request.completed(comm.session, status, null);
        }
        RecvTarget.Allocate target = new RecvTarget.Allocate();
        return new Request<>(comm, spi.irecv(target), comm.decoding(target));
    }

    private synchronized void claim() {
        if (received) {
            throw comm.raise(new MpiException(ErrorClass.ERR_REQUEST, "mrecv: this message (source=" + status.source() + ", tag="
                    + status.tag() + ") has already been received"));
        }
        received = true;
    }
}
