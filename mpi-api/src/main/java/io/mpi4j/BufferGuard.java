package io.mpi4j;

import java.util.zip.CRC32C;

/**
 * The checking mode for buffers in flight (MPI-4.1 §3.7.3, §6.12), where the provider asks for it
 * ({@link io.mpi4j.spi.ProviderSession#checksSendBuffers()}: {@code sim} in {@code @MpiTest}):
 * <ul>
 *   <li>the buffers a nonblocking call reads (a send's, a nonblocking collective's send buffers)
 *       stay untouched until the program has seen the call complete: a checksum of the bytes each
 *       names when the call starts, compared when a wait or test reports the completion (a write
 *       in between may or may not reach the receiver, depending on buffering and timing, which is
 *       why it goes unnoticed in tests that pass);</li>
 *   <li>no other call writes a buffer in flight, or reads one being written ({@link InFlight}).</li>
 * </ul>
 */
final class BufferGuard {
    private final Comm comm;
    private final String description;
    private final java.util.List<Buf> bufs;
    private final java.util.List<Buf> writes;
    private final long[] checksums;

    private BufferGuard(Comm comm, String description, java.util.List<Buf> bufs, java.util.List<Buf> writes) {
        this.comm = comm;
        this.description = description;
        this.bufs = bufs;
        this.writes = writes;
        this.checksums = new long[bufs.size()];
    }

    /**
     * A guard for a send, or {@code null} where the session does not check.
     *
     * @param comm the communicator
     * @param description the call, as error messages name it
     * @param buf the program's send buffer
     * @return the guard, not yet armed
     */
    static BufferGuard of(Comm comm, String description, Buf buf) {
        return of(comm, description, java.util.List.of(buf), java.util.List.of());
    }

    /**
     * A guard for the buffers a call reads and writes, or {@code null} where the session does not
     * check or there is nothing to check.
     *
     * @param comm the communicator
     * @param description the call, as error messages name it
     * @param reads the program's buffers the call reads
     * @param writes the program's buffers the call writes
     * @return the guard, not yet armed
     */
    static BufferGuard of(Comm comm, String description, java.util.List<Buf> reads, java.util.List<Buf> writes) {
        if (!comm.session.checksSendBuffers()) {
            return null;
        }
        java.util.List<Buf> r = judged(reads);
        java.util.List<Buf> w = judged(writes);
        return r.isEmpty() && w.isEmpty() ? null : new BufferGuard(comm, description, r, w);
    }

    private static java.util.List<Buf> judged(java.util.List<Buf> bufs) {
        return bufs.stream().filter(b -> b != null && !b.isInPlace() && b.byteSize() > 0).toList();
    }

    /** The call, as messages name it. */
    String description() {
        return description;
    }

    /** The program's buffers the call reads. */
    java.util.List<Buf> reads() {
        return bufs;
    }

    /** The program's buffers the call writes. */
    java.util.List<Buf> writes() {
        return writes;
    }

    /**
     * Arms the guard, if there is one, and starts the call: a call that fails to start releases it
     * (its buffers are the program's again), so that no later call is refused for sharing them.
     *
     * @param guard the guard, or {@code null}
     * @param start starts the call
     * @param <T> what starting returns
     * @return what {@code start} returned
     */
    static <T> T started(BufferGuard guard, java.util.function.Supplier<T> start) {
        if (guard == null) {
            return start.get();
        }
        guard.arm();
        try {
            return start.get();
        } catch (RuntimeException | Error e) {
            guard.release();
            throw e;
        }
    }

    /** Whether completion has been seen (and the buffers compared) since the last {@link #arm()}. */
    private boolean settled;

    /**
     * The call (or this activation of a persistent one) starts now: refuses it if its buffers
     * conflict with a call in flight, records it as in flight, and takes the checksums.
     *
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} on a conflict
     */
    void arm() {
        try {
            comm.mpi.inFlight.start(this);
        } catch (MpiException e) {
            throw comm.raise(e);
        }
        synchronized (checksums) {
            for (int i = 0; i < checksums.length; i++) {
                checksums[i] = readable(bufs.get(i)) ? checksum(bufs.get(i)) : 0;
            }
            settled = false;
        }
    }

    /**
     * Compares the checksums taken by {@link #arm()}, once per activation: the first time the
     * program sees the call complete (a wait or test, or {@code isComplete()}, MPI_Request_get_status);
     * from then on the buffers are the program's again. Memory this thread may not touch (confined
     * to the rank's thread, when a future's callback thread completes the request) is not compared.
     *
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if a buffer changed
     */
    void check() {
        synchronized (checksums) {
            if (settled) {
                return;
            }
            settled = true;
            comm.mpi.inFlight.finish(this);
            for (int i = 0; i < checksums.length; i++) {
                if (readable(bufs.get(i)) && checksum(bufs.get(i)) != checksums[i]) {
                    throw comm.raise(new MpiException(ErrorClass.ERR_BUFFER, description + ": the send buffer " + bufs.get(i)
                            + " was written before the call completed (MPI-4.1 §3.7.3: it must stay untouched until a wait or"
                            + " test reports completion; the receivers may have got the old or the new contents)"));
                }
            }
        }
    }

    /**
     * Forgets the call as in flight without comparing: it failed (its buffers are the program's
     * again, whatever they hold), or the program freed it and will not see it complete.
     */
    void release() {
        synchronized (checksums) {
            if (!settled) {
                settled = true;
                comm.mpi.inFlight.finish(this);
            }
        }
    }

    /** Whether this thread may read the buffer's memory (a confined arena's belongs to one thread). */
    private static boolean readable(Buf b) {
        return !b.hasSegment() || b.segment().isAccessibleBy(Thread.currentThread());
    }

    /** A checksum of the bytes the buffer names (of its packed form, for a type with gaps). */
    static long checksum(Buf b) {
        CRC32C crc = new CRC32C();
        if (b.hasSegment() && b.datatype().isContiguous()) {
            java.lang.foreign.MemorySegment bytes = b.segment().asSlice(0, b.byteSize());
            boolean byteView = bytes.isNative() || bytes.heapBase().map(a -> a instanceof byte[]).orElse(false);
            // a heap segment over an int[] (or any array but byte[]) has no ByteBuffer view
            crc.update(byteView ? bytes.asByteBuffer() : java.nio.ByteBuffer.wrap(bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        } else {
            crc.update(Packing.pack(b));
        }
        return crc.getValue();
    }
}
