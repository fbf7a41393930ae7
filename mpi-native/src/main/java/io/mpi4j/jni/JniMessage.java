package io.mpi4j.jni;

import io.mpi4j.Status;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;

/** An MPI_Message taken by MPI_Mprobe/MPI_Improbe, received with MPI_Imrecv. */
final class JniMessage implements SpiMessage {
    private final JniComm comm;
    private final long handle;
    private final Status status;
    private boolean received;

    JniMessage(JniComm comm, long handle, Status status) {
        this.comm = comm;
        this.handle = handle;
        this.status = status;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public synchronized SpiRequest irecv(RecvTarget target) {
        if (received) {
            throw new IllegalStateException("mrecv: this message has already been received");
        }
        received = true;
        io.mpi4j.Buf buf = target.bufferFor(status.byteCount());
        if (DerivedP2p.applies(buf)) {
            return DerivedP2p.imrecv(comm, handle, buf, "imrecv(source=" + status.source() + ", tag=" + status.tag()
                    + ", datatype=" + buf.datatype() + ", comm=" + comm.name() + ")");
        }
        return comm.startRecv(buf, target.datatype(), "imrecv(source=" + status.source() + ", tag=" + status.tag()
                + ", comm=" + comm.name() + ")", (mem, out) -> Jni.imrecv(handle, mem.address, mem.bytes, out));
    }
}
