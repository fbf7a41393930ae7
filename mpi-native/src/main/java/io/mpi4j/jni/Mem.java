package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A buffer as MPI sees it: a native address. Native segments (direct buffers, arena memory) are
 * passed as they are (zero copy, the {@link Buf} kept reachable by the holder); heap memory is
 * staged in native memory, copied in before the call and out after completion.
 */
final class Mem implements Staged {
    /** No memory (an absent buffer, significant only at another rank). */
    static final Mem NONE = new Mem(0, 0, null, 0, false, null);
    /** MPI_IN_PLACE. */
    static final Mem IN_PLACE = new Mem(Jni.IN_PLACE, 0, null, 0, false, null);

    final long address;
    final long bytes;
    private final Object array;
    private final long arrayOffset;
    private final boolean staged;
    /** Keeps the user's memory reachable until the operation has completed. */
    @SuppressWarnings("unused")
    private final Object keep;

    private Mem(long address, long bytes, Object array, long arrayOffset, boolean staged, Object keep) {
        this.address = address;
        this.bytes = bytes;
        this.array = array;
        this.arrayOffset = arrayOffset;
        this.staged = staged;
        this.keep = keep;
    }

    /** The memory of a buffer whose contents MPI reads (and, with {@code writable}, writes back). */
    static Mem of(Buf buf, boolean copyIn) {
        if (buf == null) {
            return NONE;
        }
        if (buf.isInPlace()) {
            return IN_PLACE;
        }
        return of(buf.segment(), copyIn, buf);
    }

    static Mem of(MemorySegment seg, boolean copyIn, Object keep) {
        long bytes = seg.byteSize();
        if (seg.isNative()) {
            return new Mem(seg.address(), bytes, null, 0, false, keep);
        }
        Object base = seg.heapBase().orElse(null);
        if (base == null) {
            // A read-only heap segment does not reveal its array: copy it (it is only ever read).
            byte[] copy = seg.toArray(ValueLayout.JAVA_BYTE);
            return staged(Jni.stageIn(copy, 0, bytes), bytes, null, 0);
        }
        long off = seg.address();
        long addr = copyIn ? Jni.stageIn(base, off, bytes) : Jni.allocate(bytes);
        return staged(addr, bytes, base, off);
    }

    /** Native memory holding the ints (counts and displacements of the v collectives). */
    static Mem ofInts(int[] values) {
        if (values == null) {
            return NONE;
        }
        return staged(Jni.stageIn(values, 0, 4L * values.length), 4L * values.length, null, 0);
    }

    /** Native memory holding the longs. */
    static Mem ofLongs(long[] values) {
        return staged(Jni.stageIn(values, 0, 8L * values.length), 8L * values.length, null, 0);
    }

    private static Mem staged(long addr, long bytes, Object array, long off) {
        if (addr == 0) {
            throw new MpiException(ErrorClass.ERR_NO_MEM, "native staging of bytes=" + bytes + " failed: out of memory");
        }
        return new Mem(addr, bytes, array, off, true, null);
    }

    /** Copies up to {@code received} bytes back into the user's array, if this memory was staged. */
    @Override
    public void copyOut(long received) {
        if (staged && array != null) {
            Jni.stageOut(address, array, arrayOffset, Math.min(received, bytes));
        }
    }

    /** Releases staging memory; the memory must no longer be in use by MPI. */
    @Override
    public void release() {
        if (staged) {
            Jni.free(address);
        }
    }
}
