package io.mpi4j.jni;

import io.mpi4j.Buf;

/**
 * The Java arrays one blocking collective hands to the glue to be read and written in place
 * ({@code MPI4J_PINNED} in {@code glue.h}) instead of staged through native memory both ways: a
 * send array and a receive array at most, each passed with its byte offset where the buffer's
 * address would go. Only under G1 ({@link BlockingP2p#PIN_HEAP_ARRAYS}), which pins the array's
 * region while MPI works instead of holding off garbage collection, and never for a nonblocking
 * call, whose array could move once the call has returned.
 */
final class HeapPins {
    private final boolean enabled;
    private Object send;
    private Object recv;

    /**
     * @param blocking whether the call completes before it returns
     */
    HeapPins(boolean blocking) {
        this.enabled = blocking && BlockingP2p.PIN_HEAP_ARRAYS;
    }

    /**
     * Takes the buffer's array for the given side, if it can go in place.
     *
     * @param b the buffer: a heap array of a predefined or contiguous type (the caller stages
     *     anything else)
     * @param output whether it is the receive side
     * @return the byte offset of the buffer in its array, or -1 if it must be staged (not a heap
     *     array, pinning off, or that side taken already)
     */
    long take(Buf b, boolean output) {
        if (b == null || b.isInPlace() || !b.hasSegment()) {
            return -1;
        }
        return take(b.segment(), output);
    }

    /**
     * Takes a segment's array for the given side, if it can go in place.
     *
     * @param segment the memory
     * @param output whether it is the receive side
     * @return the byte offset of the memory in its array, or -1 if it must be staged
     */
    long take(java.lang.foreign.MemorySegment segment, boolean output) {
        if (!enabled) {
            return -1;
        }
        Object array = segment.heapBase().orElse(null);
        if (array == null || (output ? recv : send) != null) {
            return -1;
        }
        if (output) {
            recv = array;
        } else {
            send = array;
        }
        return segment.address();
    }

    /** The send buffer's array, or {@code null}. */
    Object send() {
        return send;
    }

    /** The receive buffer's array, or {@code null}. */
    Object recv() {
        return recv;
    }
}
