package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;

/**
 * Point-to-point operations on buffers of non-contiguous derived datatypes, which the API hands
 * over unpacked ({@link io.mpi4j.spi.CommEngine#takesDerivedTypes()}): MPI moves them with the
 * MPI datatype of the session's {@link TypeHandles}, so its own datatype engine gathers and
 * scatters the data, straight from and into native memory.
 */
final class DerivedP2p {
    private DerivedP2p() {
    }

    /**
     * Tells whether {@code buf} travels with an MPI derived datatype: its type is not contiguous
     * and the buffer is not a packed copy (which travels as bytes, like any contiguous buffer).
     *
     * @param buf a buffer with a segment
     * @return whether to use {@link #isend}, {@link #irecv} and {@link #imrecv}
     */
    static boolean applies(Buf buf) {
        return !buf.isPacked() && !buf.datatype().isContiguous();
    }

    /**
     * Starts a send of {@code buf} (MPI_Isend and its modes) with its MPI datatype.
     *
     * @param comm the communicator
     * @param buf the data
     * @param dest the destination rank
     * @param tag the tag
     * @param mode the mode code of {@link Jni#isend}
     * @return the request
     */
    static SpiRequest isend(JniComm comm, Buf buf, int dest, int tag, int mode) {
        TypedMem mem = TypedMem.of(buf, comm.session.types.handle(buf.datatype()));
        long[] out = new long[1];
        int rc = JniTypes.isend(comm.handle, mem.address, mem.count, mem.type, dest, tag, mode, out);
        if (rc != 0) {
            mem.release();
            throw Errors.exception(rc, "isend");
        }
        long bytes = buf.byteSize();
        Datatype type = buf.datatype();
        return new JniRequest(comm.session, out[0], "isend", "isend(dest=" + dest + ", tag=" + tag + ", datatype=" + type
                + ", comm=" + comm.name() + ")", (st, err) -> {
                    mem.release();
                    return new Status(dest, tag, bytes, type, st[4] != 0, err);
                });
    }

    /**
     * Starts a receive into {@code buf} (MPI_Irecv) with its MPI datatype.
     *
     * @param comm the communicator
     * @param buf where the data goes
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the request
     */
    static SpiRequest irecv(JniComm comm, Buf buf, int source, int tag) {
        TypedMem mem = TypedMem.of(buf, comm.session.types.handle(buf.datatype()));
        return comm.startRecv(mem, buf.datatype(), "irecv(source=" + source + ", tag=" + tag + ", datatype=" + buf.datatype()
                + ", comm=" + comm.name() + ")", (m, out) -> JniTypes.irecv(comm.handle, m.address, m.count, m.type, source, tag, out));
    }

    /**
     * Starts receiving a matched message into {@code buf} (MPI_Imrecv) with its MPI datatype.
     *
     * @param comm the communicator of the message
     * @param message the MPI_Message
     * @param buf where the data goes
     * @param description the operation, for reports
     * @return the request
     */
    static SpiRequest imrecv(JniComm comm, long message, Buf buf, String description) {
        TypedMem mem = TypedMem.of(buf, comm.session.types.handle(buf.datatype()));
        return comm.startRecv(mem, buf.datatype(), description,
                (m, out) -> JniTypes.imrecv(message, m.address, m.count, m.type, out));
    }
}
