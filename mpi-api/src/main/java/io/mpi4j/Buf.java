package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A message buffer: memory, a datatype and an element count (MPI-4.1 §3.2.2: the triple
 * {@code buf, count, datatype}).
 *
 * <p>A buffer is backed by a primitive array (with an optional offset and count), a heap or direct
 * {@link ByteBuffer}, or a {@link MemorySegment} (which may be off-heap and larger than 2 GiB). For
 * arrays the datatype is inferred from the element type. {@link #IN_PLACE} is the marker of
 * MPI_IN_PLACE for collectives.
 *
 * {@snippet :
 * int[] data = new int[1000];
 * comm.send(Buf.of(data), 1, 77);          // all 1000 ints
 * comm.recv(Buf.of(data, 0, 500), 0, 77);  // the first 500
 * ByteBuffer direct = ByteBuffer.allocateDirect(8 * 64).order(ByteOrder.nativeOrder());
 * comm.send(Buf.of(direct, Datatype.DOUBLE), 1, 78);
 * }
 *
 * <p><b>Byte order.</b> Elements are exchanged in the platform's native byte order, as in C MPI.
 * A {@code ByteBuffer} used with a multi-byte datatype should therefore be set to
 * {@code ByteOrder.nativeOrder()} before its typed accessors are used.
 *
 * <p><b>Lifetime.</b> The descriptor captures the memory region when it is created (a
 * {@code ByteBuffer}'s position and limit at that moment). A nonblocking operation keeps the memory
 * reachable until it completes; the program must not modify a send buffer, nor read a receive
 * buffer, before then. Reachable is not alive: an {@link java.lang.foreign.Arena} the program
 * closes frees its memory at once, and closing it while an operation on its memory is in flight is
 * erroneous, as freeing such a buffer is in C. {@code sim} and {@code shm} then fail the copy with
 * {@code IllegalStateException}; under {@code native} MPI still holds the address and may write
 * into freed memory, which can crash the JVM. Memory of a confined arena may be used in a
 * nonblocking operation by its owner thread; another thread that completes such a request gets
 * {@link ErrorClass#ERR_BUFFER} from providers that leave the writing to the owner.
 */
public final class Buf {
    /**
     * The MPI_IN_PLACE marker: in collectives that allow it, the receive buffer (or the send buffer)
     * is also the input.
     */
    public static final Buf IN_PLACE = new Buf(null, null, 0, 0, Datatype.BYTE, false);

    private final Object base;
    private final MemorySegment segment;
    private final int arrayOffset;
    private final long count;
    private final Datatype datatype;
    /** Whether the memory holds the elements packed end to end rather than laid out by the datatype. */
    private final boolean packed;

    private Buf(Object base, MemorySegment segment, int arrayOffset, long count, Datatype datatype) {
        this(base, segment, arrayOffset, count, datatype, false);
    }

    private Buf(Object base, MemorySegment segment, int arrayOffset, long count, Datatype datatype, boolean packed) {
        this.base = base;
        this.segment = segment;
        this.arrayOffset = arrayOffset;
        this.count = count;
        this.datatype = datatype;
        this.packed = packed;
    }

    // ---- primitive arrays ----

    /**
     * A buffer over a whole byte array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#BYTE} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(byte[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a byte array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null} or
     *     {@code offset} is outside it, {@link ErrorClass#ERR_COUNT} if {@code count} is negative or
     *     runs past its end
     */
    public static Buf of(byte[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(offset, (long) count), offset, count, Datatype.BYTE);
    }

    /**
     * A buffer over a whole boolean array (one byte per element on the wire).
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#BOOLEAN} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(boolean[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a boolean array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(boolean[] array, int offset, int count) {
        checkSlice(array, offset, count);
        // Java has no memory-segment view of boolean[]: the API stages it through a byte[].
        return new Buf(array, null, offset, count, Datatype.BOOLEAN);
    }

    /**
     * A buffer over a whole char array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#CHAR} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(char[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a char array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(char[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(2L * offset, 2L * count), offset, count, Datatype.CHAR);
    }

    /**
     * A buffer over a whole short array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#SHORT} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(short[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a short array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(short[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(2L * offset, 2L * count), offset, count, Datatype.SHORT);
    }

    /**
     * A buffer over a whole int array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#INT} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(int[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of an int array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(int[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(4L * offset, 4L * count), offset, count, Datatype.INT);
    }

    /**
     * A buffer over a whole long array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#LONG} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(long[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a long array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(long[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(8L * offset, 8L * count), offset, count, Datatype.LONG);
    }

    /**
     * A buffer over a whole float array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#FLOAT} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(float[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a float array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(float[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(4L * offset, 4L * count), offset, count, Datatype.FLOAT);
    }

    /**
     * A buffer over a whole double array.
     *
     * @param array the data
     * @return a buffer of {@code array.length} {@link Datatype#DOUBLE} elements
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code array} is {@code null}
     */
    public static Buf of(double[] array) {
        return of(array, 0, length(array));
    }

    /**
     * A buffer over a slice of a double array.
     *
     * @param array the data
     * @param offset index of the first element
     * @param count number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} or {@link ErrorClass#ERR_COUNT} as for
     *     {@link #of(byte[], int, int)}
     */
    public static Buf of(double[] array, int offset, int count) {
        checkSlice(array, offset, count);
        return new Buf(array, MemorySegment.ofArray(array).asSlice(8L * offset, 8L * count), offset, count, Datatype.DOUBLE);
    }

    // ---- ByteBuffer ----

    /**
     * A buffer of {@link Datatype#BYTE} elements over the remaining bytes of a {@code ByteBuffer}
     * (from its position to its limit, captured now).
     *
     * @param buffer a heap or direct buffer
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code buffer} is {@code null}
     */
    public static Buf of(ByteBuffer buffer) {
        return of(buffer, Datatype.BYTE);
    }

    /**
     * A buffer of as many whole elements of {@code datatype} as fit in the remaining bytes of a
     * {@code ByteBuffer}.
     *
     * @param buffer a heap or direct buffer
     * @param datatype the element type
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code buffer} is {@code null},
     *     {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null}
     */
    public static Buf of(ByteBuffer buffer, Datatype datatype) {
        requireBuffer(buffer);
        requireType(datatype);
        return of(buffer, datatype, (int) Math.min(Integer.MAX_VALUE, datatype.fit(buffer.remaining())));
    }

    /**
     * A buffer of {@code count} elements of {@code datatype} starting at the position of a
     * {@code ByteBuffer}.
     *
     * @param buffer a heap or direct buffer
     * @param datatype the element type
     * @param count the number of elements
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code buffer} is {@code null},
     *     {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null}, {@link ErrorClass#ERR_COUNT}
     *     if {@code count} is negative or the elements do not fit in the remaining bytes
     */
    public static Buf of(ByteBuffer buffer, Datatype datatype, int count) {
        requireBuffer(buffer);
        requireType(datatype);
        MemorySegment seg = MemorySegment.ofBuffer(buffer);
        checkCount(count, seg.byteSize(), datatype);
        return new Buf(buffer, seg.asSlice(0, datatype.span(count)), 0, count, datatype);
    }

    // ---- MemorySegment ----

    /**
     * A buffer of {@link Datatype#BYTE} elements over a whole memory segment.
     *
     * @param segment the memory, on or off the heap, of any size
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code segment} is {@code null}
     */
    public static Buf of(MemorySegment segment) {
        return of(segment, Datatype.BYTE);
    }

    /**
     * A buffer of as many whole elements of {@code datatype} as fit in a memory segment.
     *
     * @param segment the memory
     * @param datatype the element type
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code segment} is {@code null},
     *     {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null}
     */
    public static Buf of(MemorySegment segment, Datatype datatype) {
        requireBuffer(segment);
        requireType(datatype);
        return of(segment, datatype, datatype.fit(segment.byteSize()));
    }

    /**
     * A buffer of {@code count} elements of {@code datatype} at the start of a memory segment.
     *
     * @param segment the memory
     * @param datatype the element type
     * @param count the number of elements (may exceed {@code Integer.MAX_VALUE})
     * @return the buffer descriptor
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if {@code segment} is {@code null},
     *     {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null}, {@link ErrorClass#ERR_COUNT}
     *     if {@code count} is negative or the elements do not fit in the segment
     */
    public static Buf of(MemorySegment segment, Datatype datatype, long count) {
        requireBuffer(segment);
        requireType(datatype);
        checkCount(count, segment.byteSize(), datatype);
        return new Buf(segment, segment.asSlice(0, datatype.span(count)), 0, count, datatype);
    }

    // ---- accessors ----

    /**
     * Returns the datatype of the elements.
     *
     * @return the datatype
     */
    public Datatype datatype() {
        return datatype;
    }

    /**
     * Returns the number of elements.
     *
     * @return the element count
     */
    public long count() {
        return count;
    }

    /**
     * Returns the number of bytes of data this buffer holds: {@code count() * datatype().size()}.
     *
     * @return the size in bytes
     */
    public long byteSize() {
        return count * datatype.size();
    }

    /**
     * Tells whether this is the {@link #IN_PLACE} marker.
     *
     * @return {@code true} only for {@code IN_PLACE}
     */
    public boolean isInPlace() {
        return this == IN_PLACE;
    }

    /**
     * Tells whether the memory cannot be written (a read-only {@code ByteBuffer} or segment), so the
     * buffer cannot receive.
     *
     * @return {@code true} if the memory is read-only
     */
    public boolean isReadOnly() {
        return segment != null && segment.isReadOnly();
    }

    /**
     * Tells whether the memory is directly viewable as a {@link MemorySegment}: true for every
     * buffer except boolean arrays and {@code IN_PLACE}.
     *
     * @return whether {@link #segment()} may be called
     */
    public boolean hasSegment() {
        return segment != null;
    }

    /**
     * Whether two buffers name some of the same bytes, as far as that can be told without walking
     * type maps: both with memory and a contiguous datatype, so that their bytes are their whole
     * spans. A derived type may interleave with another in one span without sharing a byte (two
     * columns of one matrix), so it is not judged.
     */
    static boolean overlap(Buf a, Buf b) {
        if (a == null || b == null || a.isInPlace() || b.isInPlace() || !a.hasSegment() || !b.hasSegment()
                || !a.datatype.isContiguous() || !b.datatype.isContiguous() || a.byteSize() == 0 || b.byteSize() == 0) {
            return false;
        }
        // without allocating (every collective asks): same memory, then byte ranges; a heap
        // segment's address is its offset into the array
        MemorySegment x = a.segment;
        MemorySegment y = b.segment;
        if (x.isNative() != y.isNative()) {
            return false;
        }
        if (!x.isNative()) {
            Object base = x.heapBase().orElse(null); // none for a read-only view: not judged
            if (base == null || base != y.heapBase().orElse(null)) {
                return false;
            }
        }
        long xs = x.address();
        long ys = y.address();
        return xs < ys + b.byteSize() && ys < xs + a.byteSize();
    }

    /**
     * Returns the memory this buffer spans, as a segment view (a heap segment for arrays and heap
     * byte buffers, a native segment for direct buffers and native segments). Writes to the view
     * write the user's memory.
     *
     * @return the view, exactly {@code count() * datatype().extent()} bytes long for predefined
     *     types; for derived types from the buffer's origin to the end of its last byte of data
     * @throws UnsupportedOperationException for boolean arrays and {@code IN_PLACE} (see
     *     {@link #hasSegment()})
     */
    public MemorySegment segment() {
        if (segment == null) {
            throw new UnsupportedOperationException(isInPlace()
                    ? "IN_PLACE has no memory" : "boolean[] has no memory-segment view");
        }
        return segment;
    }

    /**
     * Returns the backing object: the primitive array, {@code ByteBuffer} or {@code MemorySegment}
     * this buffer was made from.
     *
     * @return the backing object; {@code null} for {@code IN_PLACE}
     */
    public Object base() {
        return base;
    }

    /**
     * Returns the element offset into the backing array (0 for byte buffers and segments).
     *
     * @return the offset of the first element
     */
    public int arrayOffset() {
        return arrayOffset;
    }

    /**
     * Returns a buffer over {@code count} elements of this one, starting at element {@code first}.
     *
     * @param first index of the first element of the slice
     * @param count number of elements
     * @return the slice, sharing this buffer's memory
     * @throws MpiException with {@link ErrorClass#ERR_COUNT} if the slice is not inside this buffer,
     *     {@link ErrorClass#ERR_BUFFER} for {@code IN_PLACE}
     */
    public Buf slice(long first, long count) {
        if (isInPlace()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "slice: IN_PLACE cannot be sliced");
        }
        if (first < 0 || count < 0 || first + count > this.count) {
            throw new MpiException(ErrorClass.ERR_COUNT, "slice: first=" + first + " count=" + count
                    + " is outside the buffer of count=" + this.count);
        }
        long ext = datatype.extent();
        MemorySegment s = segment == null ? null : segment.asSlice(first * ext, datatype.span(count));
        return new Buf(base, s, (int) (arrayOffset + first), count, datatype, packed);
    }

    /**
     * Returns a buffer over the same memory, with the same origin (first byte), holding
     * {@code count} elements of another datatype, typically a derived one: for instance
     * {@code Buf.of(matrix, j, matrix.length - j).withType(column, 1)} is column {@code j} of a
     * row-major matrix. The elements must lie inside this buffer's memory.
     *
     * @param datatype the datatype of the elements
     * @param count the number of elements
     * @return the buffer
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} for {@code IN_PLACE},
     *     {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null} or freed, or this buffer
     *     is a boolean array (which has no byte view), {@link ErrorClass#ERR_COUNT} if
     *     {@code count} is negative or the elements do not fit in this buffer's memory
     */
    public Buf withType(Datatype datatype, long count) {
        if (isInPlace()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "withType: IN_PLACE has no memory");
        }
        requireType(datatype);
        if (datatype.isFreed()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "withType: the datatype " + datatype + " was freed");
        }
        if (segment == null) {
            throw new MpiException(ErrorClass.ERR_TYPE, "withType: a boolean[] buffer has no byte view; use a byte[] of 0 and 1");
        }
        checkCount(count, segment.byteSize(), datatype);
        return new Buf(base, segment.asSlice(0, datatype.span(count)), arrayOffset, count, datatype);
    }

    /**
     * Tells whether the memory holds the elements packed end to end, {@code count() * datatype().size()}
     * contiguous bytes in the order of the type signature (MPI_Pack's layout), rather than laid
     * out by the datatype's type map. Only the private copies the API makes of non-contiguous
     * buffers are packed; a buffer made by the program never is.
     *
     * @return {@code true} for a packed copy
     * @apiNote A provider that takes derived datatypes ({@link io.mpi4j.spi.CommEngine#takesDerivedTypes()})
     *     can still be handed packed copies (buffered sends, send-receive-replace, the collectives
     *     the API builds from point-to-point messages): it moves those as plain bytes, and uses the
     *     datatype's layout only for buffers that are not packed.
     */
    public boolean isPacked() {
        return packed;
    }

    /**
     * This buffer's memory seen as {@code count} elements of {@code datatype}, without a bounds
     * check: the argument checks of a collective see a derived buffer's signature this way while
     * the buffer itself goes to the provider (CollectiveCalls); it is never read or written.
     */
    Buf signatureView(Datatype datatype, long count) {
        return new Buf(base, segment, arrayOffset, count, datatype, false);
    }

    /** A buffer of {@code count} elements of {@code datatype} packed contiguously in {@code packed}. */
    static Buf packed(MemorySegment packed, Datatype datatype, long count) {
        return new Buf(packed, packed, 0, count, datatype, true);
    }

    @Override
    public String toString() {
        if (isInPlace()) {
            return "Buf[IN_PLACE]";
        }
        String kind = base instanceof ByteBuffer bb ? (bb.isDirect() ? "direct ByteBuffer" : "heap ByteBuffer")
                : base instanceof MemorySegment ms ? (ms.isNative() ? "native MemorySegment" : "heap MemorySegment")
                : base.getClass().getComponentType() + "[]";
        return "Buf[" + kind + ", count=" + count + ", datatype=" + datatype + "]";
    }

    // ---- validation ----

    private static int length(Object array) {
        requireBuffer(array);
        return java.lang.reflect.Array.getLength(array);
    }

    private static void checkSlice(Object array, int offset, int count) {
        int length = length(array);
        if (count < 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, "invalid count=" + count + "; a count must be >= 0");
        }
        if (offset < 0 || offset > length) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "invalid offset=" + offset + " into an array of length=" + length);
        }
        if ((long) offset + count > length) {
            throw new MpiException(ErrorClass.ERR_COUNT, "count=" + count + " at offset=" + offset
                    + " runs past the end of an array of length=" + length);
        }
    }

    private static void checkCount(long count, long available, Datatype datatype) {
        if (count < 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, "invalid count=" + count + "; a count must be >= 0");
        }
        long span;
        try {
            span = datatype.span(count);
        } catch (ArithmeticException e) {
            span = Long.MAX_VALUE;
        }
        if (span > available) {
            throw new MpiException(ErrorClass.ERR_COUNT, "count=" + count + " elements of " + datatype
                    + " need " + span + " bytes but only " + available + " are available");
        }
    }

    private static void requireBuffer(Object buffer) {
        if (buffer == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "null buffer; pass an array, a ByteBuffer or a MemorySegment");
        }
    }

    private static void requireType(Datatype datatype) {
        if (datatype == null) {
            throw new MpiException(ErrorClass.ERR_TYPE, "null datatype");
        }
    }
}
