package io.mpi4j.jmh;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kinds of memory a point-to-point benchmark sends from and receives into: Java arrays of two
 * element types, a direct {@link ByteBuffer}, and a {@link java.lang.foreign.MemorySegment} of a
 * shared arena (which every rank's thread may access, so sim copies it once).
 */
public enum BufferKind {
    /** A {@code byte[]}: {@link Datatype#BYTE}. */
    BYTES {
        @Override
        public Buf allocate(int bytes, Arena arena) {
            return Buf.of(new byte[bytes]);
        }
    },
    /** A {@code double[]} of {@code bytes / 8} elements: {@link Datatype#DOUBLE}. */
    DOUBLES {
        @Override
        public Buf allocate(int bytes, Arena arena) {
            return Buf.of(new double[Math.max(1, bytes / Double.BYTES)]);
        }
    },
    /** A direct {@link ByteBuffer} in native byte order, sent as bytes. */
    DIRECT {
        @Override
        public Buf allocate(int bytes, Arena arena) {
            return Buf.of(ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder()));
        }
    },
    /** A 64-byte aligned segment of the job's shared arena, sent as bytes. */
    SEGMENT {
        @Override
        public Buf allocate(int bytes, Arena arena) {
            return Buf.of(arena.allocate(bytes, 64));
        }
    };

    /**
     * Allocates a buffer of {@code bytes} bytes (for {@link #DOUBLES}, rounded down to whole
     * elements, at least one).
     *
     * @param bytes the size in bytes
     * @param arena the arena for off-heap segments
     * @return the buffer
     */
    public abstract Buf allocate(int bytes, Arena arena);
}
