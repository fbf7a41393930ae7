package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.CompletedRequest;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Blocking send and receive as the MPI calls themselves (MPI_Send, MPI_Ssend, MPI_Rsend, MPI_Recv),
 * the way a C program makes them, instead of a nonblocking start and MPI_Wait: fewer calls through
 * JNI and into MPI, no request to allocate, and Open MPI's send-immediate path for small messages.
 *
 * <p>Used when the calling thread may block inside MPI ({@link WaitPolicy#BLOCK}, a platform
 * thread), for bytes an int can count and no MPI derived datatype; otherwise the engine falls back
 * to the nonblocking calls.
 *
 * <p>Native memory goes through FFM {@link Downcalls}, which cost less than JNI calls. Heap arrays
 * of up to {@link #SCRATCH_BYTES} are copied through the thread's native scratch memory and go the
 * same way; larger ones go through JNI ({@link JniBlocking}), read and written in place under G1,
 * which pins the array's heap region while MPI waits (JEP 423) and so never holds off garbage
 * collection on other threads; under other collectors they are staged through native memory as the
 * nonblocking path does. {@code -Dmpi4j.native.pinHeapArrays=true|false} overrides that choice.
 *
 * <p>Where a truncated message could be written past the receive buffer (Open MPI 4 with its
 * single-copy path switched back on by the user, {@link JniSession#truncationOverruns}), a receive
 * first takes the message with MPI_Mprobe and receives it (MPI_Mrecv) only if it fits; a message
 * that does not fit goes to scratch memory and the receive fails with ERR_TRUNCATE, the buffer
 * unchanged.
 */
final class BlockingP2p {
    /**
     * Heap arrays up to this many bytes are copied through the thread's {@link #SCRATCH} and moved by
     * {@link Downcalls}: the copy costs less than a JNI call's transitions. Larger ones are read and
     * written in place under G1, or staged.
     */
    static final int SCRATCH_BYTES = 1024;

    /** Where the data of a small heap array starts in {@link #SCRATCH}; the status comes first. */
    private static final long SCRATCH_DATA = 64;

    /**
     * Each thread's native memory for a receive's status and a small heap array's data, freed when
     * the thread is gone (an automatic arena).
     */
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(SCRATCH_DATA + SCRATCH_BYTES, 64));

    /** Whether sends may read heap arrays in place: decided once per process. */
    static final boolean PIN_HEAP_ARRAYS = NativeSettings.pinHeapArrays(System.getProperty(NativeSettings.PIN_HEAP_ARRAYS, "auto"),
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
        if (seg.isNative() && Downcalls.AVAILABLE) {
            rc = Downcalls.send(comm.handle, seg.address(), bytes, dest, tag, mode);
        } else if (base != null && bytes <= SCRATCH_BYTES && Downcalls.AVAILABLE) {
            MemorySegment scratch = SCRATCH.get();
            MemorySegment.copy(seg, 0, scratch, SCRATCH_DATA, bytes);
            rc = Downcalls.send(comm.handle, scratch.address() + SCRATCH_DATA, bytes, dest, tag, mode);
        } else if (seg.isNative()) {
            rc = JniBlocking.send(comm.handle, seg.address(), null, 0, bytes, dest, tag, mode);
        } else if (PIN_HEAP_ARRAYS && base != null) {
            rc = JniBlocking.send(comm.handle, 0, base, seg.address(), bytes, dest, tag, mode);
        } else {
            comm.session.noteStagedHeapArray(bytes);
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
        return new CompletedRequest(new Status(dest, tag, bytes, buf.datatype(), false, ErrorClass.SUCCESS), null);
    }

    /**
     * MPI_Recv, or MPI_Mprobe and MPI_Mrecv where a truncated message could overrun the buffer
     * ({@link JniSession#truncationOverruns}); returns when the message has arrived (or the receive
     * failed).
     *
     * @param comm the communicator
     * @param buf where the data goes
     * @param source the source rank, or -1 for any
     * @param tag the tag, or -1 for any
     * @return a completed request, failed with the library's error (ERR_TRUNCATE) if the receive was
     */
    static SpiRequest recv(JniComm comm, Buf buf, int source, int tag) {
        MemorySegment seg = buf.segment();
        int capacity = (int) seg.byteSize();
        boolean guard = comm.session.truncationOverruns;
        Object base = seg.isNative() ? null : seg.heapBase().orElse(null);
        if (Downcalls.AVAILABLE && (seg.isNative() || (base != null && capacity <= SCRATCH_BYTES))) {
            MemorySegment scratch = SCRATCH.get();
            long into = seg.isNative() ? seg.address() : scratch.address() + SCRATCH_DATA;
            int rc = Downcalls.recv(comm.handle, into, capacity, source, tag, guard, scratch.address());
            long bytes = scratch.getAtIndex(ValueLayout.JAVA_LONG, 2);
            if (rc == 0 && !seg.isNative()) {
                MemorySegment.copy(scratch, SCRATCH_DATA, seg, 0, bytes);
            }
            java.lang.ref.Reference.reachabilityFence(buf);
            return received(buf, rc, (int) scratch.getAtIndex(ValueLayout.JAVA_LONG, 0),
                    (int) scratch.getAtIndex(ValueLayout.JAVA_LONG, 1), bytes);
        }
        int rc;
        long[] st = new long[4];
        if (seg.isNative()) {
            rc = JniBlocking.recv(comm.handle, seg.address(), null, 0, capacity, source, tag, guard, st);
        } else if (PIN_HEAP_ARRAYS && base != null) {
            rc = JniBlocking.recv(comm.handle, 0, base, seg.address(), capacity, source, tag, guard, st);
        } else {
            comm.session.noteStagedHeapArray(capacity);
            Mem mem = Mem.of(seg, false, buf);
            try {
                rc = JniBlocking.recv(comm.handle, mem.address, null, 0, capacity, source, tag, guard, st);
                if (rc == 0) {
                    mem.copyOut(st[2]);
                }
            } finally {
                mem.release();
            }
        }
        java.lang.ref.Reference.reachabilityFence(buf);
        return received(buf, rc, (int) st[0], (int) st[1], st[2]);
    }

    /** The completed request of a receive: failed with the library's error (ERR_TRUNCATE), if it was. */
    private static SpiRequest received(Buf buf, int rc, int source, int tag, long bytes) {
        Datatype type = buf.datatype();
        if (rc != 0) {
            // as on the nonblocking path, the buffer keeps its contents
            MpiException e = Errors.exception(rc, "recv");
            return new CompletedRequest(new Status(source, tag, bytes, type, false, e.errorClass()), e);
        }
        return new CompletedRequest(new Status(source, tag, bytes, type, false, ErrorClass.SUCCESS), null);
    }

    /** The names of this JVM's garbage collectors. */
    static java.util.List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }
}
