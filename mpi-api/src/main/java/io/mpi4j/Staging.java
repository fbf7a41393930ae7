package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between user buffers and private memory: for {@code boolean[]} (which has no memory-segment
 * view), buffered sends, send-receive-replace, and non-contiguous derived datatypes (packed into,
 * and unpacked from, a private contiguous copy, so that providers only ever move contiguous bytes),
 * unless the provider takes derived datatypes itself ({@link io.mpi4j.spi.CommEngine#takesDerivedTypes()}):
 * then a non-contiguous buffer goes to it as it lies, with its datatype.
 */
final class Staging {
    /** An unstarted thread: memory it may access is memory any thread may access. */
    private static final Thread ANY_OTHER_THREAD = Thread.ofVirtual().unstarted(() -> { });

    private Staging() {
    }

    /** Tells whether any thread may access the memory (not confined to one thread). */
    static boolean shared(MemorySegment m) {
        return m.isAccessibleBy(ANY_OTHER_THREAD);
    }

    /** A buffer with the same data that the SPI can read as a segment. */
    static Buf forSend(Buf user) {
        return forSend(user, false);
    }

    /**
     * A buffer with the same data that the SPI can read: with {@code unpacked} (the engine takes
     * derived datatypes) a non-contiguous buffer is given as it is, else as a packed copy.
     */
    static Buf forSend(Buf user, boolean unpacked) {
        user.datatype().requireCommitted("send");
        // a packed copy (sendrecvReplace's) is contiguous already: packing it again would read it
        // as if it were laid out by its type
        return user.hasSegment() && (unpacked || user.isPacked() || user.datatype().isContiguous()) ? user : copyOf(user);
    }

    /** Whether the data of {@code user} must be packed to be contiguous. */
    private static boolean packs(Buf user) {
        return !user.isInPlace() && !user.datatype().isContiguous();
    }

    /**
     * Private memory of {@code bytes} bytes: a heap array where one can hold them, else native memory
     * that the garbage collector frees (an automatic arena), for buffers beyond 2 GiB.
     */
    static MemorySegment privateMemory(long bytes) {
        return bytes <= Integer.MAX_VALUE - 8 ? MemorySegment.ofArray(new byte[(int) bytes])
                : java.lang.foreign.Arena.ofAuto().allocate(bytes, 8);
    }

    /** A private copy of the data of {@code user}, with the same datatype and count. */
    static Buf copyOf(Buf user) {
        user.datatype().requireCommitted("send");
        MemorySegment copy = privateMemory(user.byteSize());
        Buf staged = packs(user) ? Buf.packed(copy, user.datatype(), user.count()) : Buf.of(copy, user.datatype(), user.count());
        refill(user, staged);
        return staged;
    }

    /**
     * Copies the current data of {@code user} into {@code staged}, a copy made by {@link #copyOf}:
     * a persistent send reads its buffer anew at each start.
     */
    static void refill(Buf user, Buf staged) {
        if (staged == user) {
            return;
        }
        MemorySegment copy = staged.segment();
        long bytes = user.byteSize();
        if (packs(user)) {
            user.datatype().map.pack(user.segment(), 0, user.count(), copy, 0, false);
        } else if (user.hasSegment()) {
            MemorySegment.copy(user.segment(), 0, copy, 0, bytes);
        } else {
            boolean[] a = (boolean[]) user.base();
            int off = user.arrayOffset();
            for (int i = 0; i < bytes; i++) {
                copy.set(ValueLayout.JAVA_BYTE, i, a[off + i] ? (byte) 1 : (byte) 0);
            }
        }
    }

    /** A buffer the SPI can write as a segment, standing in for {@code user} until {@link #unstage}. */
    static Buf forRecv(Buf user) {
        return forRecv(user, false);
    }

    /**
     * A buffer the SPI can write, standing in for {@code user} until {@link #unstage}: with
     * {@code unpacked} (the engine takes derived datatypes) a non-contiguous buffer is {@code user}
     * itself, once checked to name no byte twice, as a packed receive would check.
     */
    static Buf forRecv(Buf user, boolean unpacked) {
        user.datatype().requireCommitted("recv");
        if (user.hasSegment() && user.datatype().isContiguous()) {
            return user;
        }
        if (unpacked && user.hasSegment()) {
            user.datatype().requireDistinctBytes("recv", user.count());
            return user;
        }
        return blank(user);
    }

    /** Fresh private memory of the size and type of {@code user}, to be copied back with {@link #unstage}. */
    static Buf blank(Buf user) {
        user.datatype().requireCommitted("recv");
        if (packs(user)) {
            user.datatype().requireDistinctBytes("recv", user.count());
            return Buf.packed(privateMemory(user.byteSize()), user.datatype(), user.count());
        }
        return Buf.of(privateMemory(user.byteSize()), user.datatype(), user.count());
    }

    /** Copies {@code bytes} received into {@code staged} to the user's buffer, if they differ. */
    static void unstage(Buf staged, Buf user, long bytes) {
        if (staged == user) {
            return;
        }
        if (packs(user)) {
            user.datatype().map.unpack(staged.segment(), 0, Math.min(bytes, user.byteSize()), user.segment(), 0, user.count(), false);
            return;
        }
        if (user.hasSegment()) {
            MemorySegment.copy(staged.segment(), 0, user.segment(), 0, Math.min(bytes, user.byteSize()));
            return;
        }
        boolean[] a = (boolean[]) user.base();
        int off = user.arrayOffset();
        MemorySegment s = staged.segment();
        long n = Math.min(bytes, user.byteSize());
        for (int i = 0; i < n; i++) {
            a[off + i] = s.get(ValueLayout.JAVA_BYTE, i) != 0;
        }
    }
}
