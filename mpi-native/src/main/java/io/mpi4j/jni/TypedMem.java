package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A buffer of a non-contiguous derived datatype as MPI sees it: the address of the buffer's
 * origin, the element count and the MPI datatype. Native memory (direct buffers, arena segments)
 * is passed as it is, zero copy. Heap memory cannot be handed to MPI past the call (the garbage
 * collector moves arrays), so the buffer's whole span is staged in native memory, copied in
 * before the call, sends and receives alike: the staged copy starts out as the array, so a
 * receive's copy-back through the type ({@link JniTypes#copyOut}) writes only the bytes the type
 * names, and the gaps, which may belong to other operations in flight, are never written.
 */
final class TypedMem implements Staged {
    final long address;
    final long count;
    final long type;
    private final Object array;
    private final long arrayOffset;
    private final boolean staged;
    /** Keeps the user's memory reachable until the operation has completed. */
    @SuppressWarnings("unused")
    private final Object keep;

    private TypedMem(long address, long count, long type, Object array, long arrayOffset, boolean staged, Object keep) {
        this.address = address;
        this.count = count;
        this.type = type;
        this.array = array;
        this.arrayOffset = arrayOffset;
        this.staged = staged;
        this.keep = keep;
    }

    /**
     * The memory of {@code buf}, whose segment spans its data from its origin.
     *
     * @param buf a buffer of a derived type, not packed
     * @param type the committed MPI datatype of {@code buf.datatype()}
     */
    static TypedMem of(Buf buf, long type) {
        MemorySegment seg = buf.segment();
        if (seg.isNative()) {
            return new TypedMem(seg.address(), buf.count(), type, null, 0, false, buf);
        }
        long span = seg.byteSize();
        Object base = seg.heapBase().orElse(null);
        long addr;
        if (base == null) {
            // a read-only heap segment does not reveal its array: copy it (it is only ever sent)
            addr = Jni.stageIn(seg.toArray(ValueLayout.JAVA_BYTE), 0, span);
        } else {
            addr = Jni.stageIn(base, seg.address(), span);
        }
        if (addr == 0) {
            throw new MpiException(ErrorClass.ERR_NO_MEM, "native staging of the span=" + span + " bytes of " + buf
                    + " failed: out of memory");
        }
        return new TypedMem(addr, buf.count(), type, base, seg.address(), true, null);
    }

    @Override
    public void copyOut(long received) {
        if (staged && array != null && received > 0) {
            Errors.check(JniTypes.copyOut(address, array, arrayOffset, count, type), "copy out of a derived datatype");
        }
    }

    @Override
    public void release() {
        if (staged) {
            Jni.free(address);
        }
    }
}
