package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.MemorySegment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Blocking send and receive as the MPI calls themselves (MPI_Send, MPI_Ssend, MPI_Rsend, MPI_Recv),
 * the way a C program makes them, instead of a nonblocking start and MPI_Wait: fewer calls through
 * JNI and into MPI, no request to allocate, and Open MPI's send-immediate path for small messages.
 *
 * <p>Used when the calling thread may block inside MPI ({@link WaitPolicy#BLOCK}, a platform
 * thread), for bytes an int can count and no MPI derived datatype; otherwise the engine falls back
 * to the nonblocking calls.
 *
 * <p>Heap arrays: a send reads the array in place under G1, which pins the array's heap region
 * while MPI_Send runs (JEP 423) and so never holds off garbage collection on other threads; under
 * other collectors heap memory is staged through native memory as the nonblocking path does.
 *
 * <p>A receive into a buffer of 16 KiB or more first takes the message with MPI_Mprobe, and receives
 * it (MPI_Mrecv) only if it fits, writing a heap array in place under G1: Open MPI 4.1.4 writes past
 * the receive buffer when a message of 16 KiB or more is truncated, which would corrupt native memory
 * or the Java heap. A message that does not fit goes to scratch memory and the receive fails with
 * ERR_TRUNCATE, the buffer unchanged. Smaller buffers are received with MPI_Recv (staged on the
 * heap); a large message truncated into one of those is still exposed to that Open MPI bug.
 * {@code -Dmpi4j.native.pinHeapArrays=true|false} overrides the choice.
 */
final class BlockingP2p {
    /**
     * The smallest receive buffer that is probed before the receive (and, on the heap, written in
     * place): Open MPI 4.1.4 overruns truncated receives of messages from 16 KiB up; below this a
     * matched probe would cost more than it saves.
     */
    static final int PROBED_RECV_BYTES = 16 * 1024;

    /** Whether sends may read heap arrays in place: decided once per process. */
    static final boolean PIN_HEAP_ARRAYS = pinHeapArrays(System.getProperty("mpi4j.native.pinHeapArrays", "auto"),
            collectorNames());

    private BlockingP2p() {
    }

    /**
     * Tells whether a blocking call on this thread may go to MPI directly.
     *
     * @param comm the communicator
     * @param buf the buffer
     * @return {@code true} for a platform thread under {@link WaitPolicy#BLOCK} moving bytes an int can count
     */
    static boolean applies(JniComm comm, Buf buf) {
        return !comm.session.polls() && !Thread.currentThread().isVirtual() && !DerivedP2p.applies(buf)
                && buf.byteSize() <= Integer.MAX_VALUE;
    }

    /**
     * MPI_Send in the given mode; returns when the library has.
     *
     * @param comm the communicator
     * @param buf the data
     * @param dest the destination rank
     * @param tag the tag
     * @param mode 0 standard, 1 synchronous, 3 ready
     * @return a completed request
     */
    static SpiRequest send(JniComm comm, Buf buf, int dest, int tag, int mode) {
        MemorySegment seg = buf.segment();
        int bytes = (int) seg.byteSize();
        int rc;
        Object base = seg.isNative() ? null : seg.heapBase().orElse(null);
        if (seg.isNative()) {
            rc = JniBlocking.send(comm.handle, seg.address(), null, 0, bytes, dest, tag, mode);
        } else if (PIN_HEAP_ARRAYS && base != null) {
            rc = JniBlocking.send(comm.handle, 0, base, seg.address(), bytes, dest, tag, mode);
        } else {
            Mem mem = Mem.of(seg, true, buf);
            try {
                rc = JniBlocking.send(comm.handle, mem.address, null, 0, bytes, dest, tag, mode);
            } finally {
                mem.release();
            }
        }
        java.lang.ref.Reference.reachabilityFence(buf);
        if (rc != 0) {
            throw Errors.exception(rc, "send");
        }
        return new Done(comm.session, new Status(dest, tag, bytes, buf.datatype(), false, ErrorClass.SUCCESS), null);
    }

    /**
     * MPI_Recv; returns when the message has arrived (or the receive failed).
     *
     * @param comm the communicator
     * @param buf where the data goes
     * @param source the source rank, or -1 for any
     * @param tag the tag, or -1 for any
     * @return a completed request, failed with the library's error (ERR_TRUNCATE) if the receive was
     */
    static SpiRequest recv(JniComm comm, Buf buf, int source, int tag) {
        MemorySegment seg = buf.segment();
        long[] st = new long[4];
        int rc;
        int capacity = (int) seg.byteSize();
        boolean probed = capacity >= PROBED_RECV_BYTES;
        Object base = seg.isNative() ? null : seg.heapBase().orElse(null);
        if (probed && seg.isNative()) {
            rc = JniBlocking.recvProbed(comm.handle, seg.address(), null, 0, capacity, source, tag, st);
            return received(comm, buf, rc, st);
        }
        if (probed && PIN_HEAP_ARRAYS && base != null) {
            rc = JniBlocking.recvProbed(comm.handle, 0, base, seg.address(), capacity, source, tag, st);
            return received(comm, buf, rc, st);
        }
        Mem mem = Mem.of(seg, false, buf);
        try {
            rc = probed ? JniBlocking.recvProbed(comm.handle, mem.address, null, 0, capacity, source, tag, st)
                    : JniBlocking.recv(comm.handle, mem.address, capacity, source, tag, st);
            if (rc == 0) {
                mem.copyOut(st[2]);
            }
        } finally {
            mem.release();
        }
        return received(comm, buf, rc, st);
    }

    /** The completed request of a receive: failed with the library's error, if it was. */
    private static SpiRequest received(JniComm comm, Buf buf, int rc, long[] st) {
        java.lang.ref.Reference.reachabilityFence(buf);
        Datatype type = buf.datatype();
        if (rc != 0) {
            // failed (ERR_TRUNCATE): as on the nonblocking path, a heap array keeps its contents
            MpiException e = Errors.exception(rc, "recv");
            return new Done(comm.session, new Status((int) st[0], (int) st[1], st[2], type, false, e.errorClass()), e);
        }
        return new Done(comm.session, new Status((int) st[0], (int) st[1], st[2], type, false, ErrorClass.SUCCESS), null);
    }

    /**
     * Decides whether sends read heap arrays in place.
     *
     * @param setting {@code auto}, {@code true} or {@code false}
     * @param collectors the names of the JVM's garbage collectors
     * @return for {@code auto}, whether the collector is G1 (which pins regions for JNI critical access)
     * @throws IllegalArgumentException for another setting
     */
    static boolean pinHeapArrays(String setting, java.util.List<String> collectors) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> collectors.stream().anyMatch(n -> n.startsWith("G1 "));
            default -> throw new IllegalArgumentException("-Dmpi4j.native.pinHeapArrays=" + setting
                    + " is not true, false or auto");
        };
    }

    private static java.util.List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** A request that completed before it was returned. */
    private static final class Done extends NativeRequest {
        Done(JniSession session, Status status, MpiException failure) {
            super(session, "completed");
            complete(status, failure);
        }

        @Override
        void poll() {
        }

        @Override
        void await() {
        }

        @Override
        public void cancel() {
        }
    }
}
