package io.mpi4j;

import io.mpi4j.spi.SpiRequest;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * A check of the rule that the buffer of a nonblocking send, or the send buffers of a nonblocking
 * collective, stay untouched until the program has seen the call complete (MPI-4.1 §3.7.3,
 * §6.12): a checksum of the bytes each buffer names when the call starts, compared when a wait or
 * test reports the completion. A write in between may or may not
 * reach the receiver, depending on buffering and timing, which is why it goes unnoticed in tests
 * that pass. On only where the provider asks for it ({@link io.mpi4j.spi.ProviderSession#checksSendBuffers()}:
 * {@code sim} in {@code @MpiTest}).
 */
final class SendBufferGuard {
    private final Comm comm;
    private final String description;
    private final java.util.List<Buf> bufs;
    private final long[] checksums;

    private SendBufferGuard(Comm comm, String description, java.util.List<Buf> bufs) {
        this.comm = comm;
        this.description = description;
        this.bufs = bufs;
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
    static SendBufferGuard of(Comm comm, String description, Buf buf) {
        return of(comm, description, java.util.List.of(buf));
    }

    /**
     * A guard for the buffers a call reads (those of a nonblocking collective), or {@code null}
     * where the session does not check or there is nothing to check.
     *
     * @param comm the communicator
     * @param description the call, as error messages name it
     * @param reads the program's buffers the call reads
     * @return the guard, not yet armed
     */
    static SendBufferGuard of(Comm comm, String description, java.util.List<Buf> reads) {
        if (!comm.session.checksSendBuffers()) {
            return null;
        }
        java.util.List<Buf> checked = reads.stream().filter(b -> b != null && !b.isInPlace() && b.byteSize() > 0).toList();
        return checked.isEmpty() ? null : new SendBufferGuard(comm, description, checked);
    }

    /** Whether completion has been seen (and the buffers compared) since the last {@link #arm()}. */
    private boolean settled;

    /** Takes the checksums: the send (or this activation of a persistent one) starts now. */
    void arm() {
        synchronized (checksums) {
            for (int i = 0; i < checksums.length; i++) {
                checksums[i] = readable(bufs.get(i)) ? checksum(bufs.get(i)) : 0;
            }
            settled = false;
        }
    }

    /**
     * The finisher of the send's request, checking the buffer first.
     *
     * @param finisher the request's own finisher
     * @param <T> its result
     * @return the checking finisher
     */
    <T> Function<SpiRequest, T> around(Function<SpiRequest, T> finisher) {
        return s -> {
            check();
            return finisher.apply(s);
        };
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
            for (int i = 0; i < checksums.length; i++) {
                if (readable(bufs.get(i)) && checksum(bufs.get(i)) != checksums[i]) {
                    throw comm.raise(new MpiException(ErrorClass.ERR_BUFFER, description + ": the send buffer " + bufs.get(i)
                            + " was written before the call completed (MPI-4.1 §3.7.3: it must stay untouched until a wait or"
                            + " test reports completion; the receivers may have got the old or the new contents)"));
                }
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
