package io.mpi4j;

import java.lang.foreign.MemorySegment;

/**
 * Packing of typed buffers into contiguous bytes and back (MPI_Pack, MPI_Unpack, MPI_Pack_size,
 * MPI-4.1 §5.2), in the native representation or in the canonical {@code external32} one
 * (MPI_Pack_external, §5.2.3: big-endian, value-index pairs without padding).
 *
 * <p>Packing follows the type map of the buffer's datatype element after element, so
 * {@code unpack(pack(b))} restores exactly the bytes of data of {@code b} and leaves the gaps
 * between them untouched. A position argument is the byte offset in the packed memory where the
 * operation starts; the methods return the position after the bytes they used, so that several
 * buffers can be packed one after another.
 *
 * {@snippet :
 * Datatype column = Datatype.vector(rows, 1, cols, Datatype.DOUBLE).commit();
 * byte[] packed = Packing.pack(Buf.of(matrix).withType(column, 1));   // rows doubles
 * Packing.unpack(MemorySegment.ofArray(packed), 0, Buf.of(otherMatrix).withType(column, 1));
 * }
 */
public final class Packing {
    private Packing() {
    }

    /**
     * Returns the bytes that packing {@code count} elements of {@code datatype} takes
     * (MPI_Pack_size): {@code count * datatype.size()}.
     *
     * @param datatype the datatype
     * @param count the number of elements
     * @return the packed size in bytes
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if {@code datatype} is {@code null} or
     *     freed, {@link ErrorClass#ERR_COUNT} if {@code count} is negative
     */
    public static long packSize(Datatype datatype, long count) {
        check("packSize", datatype, count);
        return Math.multiplyExact(count, datatype.size());
    }

    /**
     * Returns the bytes that packing {@code count} elements of {@code datatype} takes in
     * {@code external32} (MPI_Pack_external_size).
     *
     * @param datatype the datatype
     * @param count the number of elements
     * @return the packed size in bytes
     * @throws MpiException as {@link #packSize}
     */
    public static long externalSize(Datatype datatype, long count) {
        check("externalSize", datatype, count);
        return Math.multiplyExact(count, datatype.map.externalSize());
    }

    /**
     * Packs the data of a buffer into {@code out} from {@code position} (MPI_Pack).
     *
     * @param in the data: any datatype, any count
     * @param out the packed memory
     * @param position where the packed data starts in {@code out}
     * @return the position after the packed data
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if a buffer is {@code null},
     *     {@code IN_PLACE} or {@code out} is read-only, {@link ErrorClass#ERR_TYPE} if the datatype is
     *     not committed or was freed, {@link ErrorClass#ERR_ARG} if {@code position} is outside
     *     {@code out}, {@link ErrorClass#ERR_TRUNCATE} if the data does not fit
     */
    public static long pack(Buf in, MemorySegment out, long position) {
        return packInto("pack", in, out, position, false);
    }

    /**
     * Packs the data of a buffer into a new byte array.
     *
     * @param in the data
     * @return the packed bytes, {@link #packSize} long
     * @throws MpiException as {@link #pack(Buf, MemorySegment, long)}
     */
    public static byte[] pack(Buf in) {
        requireBuf("pack", in);
        byte[] out = new byte[Math.toIntExact(packSize(in.datatype(), in.count()))];
        packInto("pack", in, MemorySegment.ofArray(out), 0, false);
        return out;
    }

    /**
     * Unpacks data from {@code in} at {@code position} into a buffer (MPI_Unpack): as many bytes as
     * the buffer's data holds.
     *
     * @param in the packed memory
     * @param position where the packed data starts in {@code in}
     * @param out the buffer to fill: any datatype, any count
     * @return the position after the unpacked data
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if a buffer is {@code null},
     *     {@code IN_PLACE} or {@code out} is read-only, {@link ErrorClass#ERR_TYPE} if the datatype is
     *     not committed or was freed, or names some byte of {@code out} twice,
     *     {@link ErrorClass#ERR_ARG} if {@code position} is outside {@code in},
     *     {@link ErrorClass#ERR_TRUNCATE} if {@code in} holds too few bytes
     */
    public static long unpack(MemorySegment in, long position, Buf out) {
        return unpackFrom("unpack", in, position, out, false);
    }

    /**
     * Packs the data of a buffer in the {@code external32} representation (MPI_Pack_external).
     *
     * @param in the data
     * @param out the packed memory
     * @param position where the packed data starts in {@code out}
     * @return the position after the packed data
     * @throws MpiException as {@link #pack(Buf, MemorySegment, long)}
     */
    public static long packExternal(Buf in, MemorySegment out, long position) {
        return packInto("packExternal", in, out, position, true);
    }

    /**
     * Unpacks data in the {@code external32} representation into a buffer (MPI_Unpack_external).
     *
     * @param in the packed memory
     * @param position where the packed data starts in {@code in}
     * @param out the buffer to fill
     * @return the position after the unpacked data
     * @throws MpiException as {@link #unpack(MemorySegment, long, Buf)}
     */
    public static long unpackExternal(MemorySegment in, long position, Buf out) {
        return unpackFrom("unpackExternal", in, position, out, true);
    }

    private static long packInto(String op, Buf in, MemorySegment out, long position, boolean external) {
        requireBuf(op, in);
        requireMemory(op, out, position);
        if (out.isReadOnly()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": the output memory is read-only");
        }
        Datatype t = in.datatype();
        t.requireCommitted(op);
        long bytes = external ? externalSize(t, in.count()) : in.byteSize();
        if (bytes > out.byteSize() - position) {
            throw new MpiException(ErrorClass.ERR_TRUNCATE, op + ": " + bytes + " bytes of " + in + " do not fit in the "
                    + (out.byteSize() - position) + " bytes left after position=" + position);
        }
        Buf src = in.hasSegment() ? in : Staging.copyOf(in);
        if (!in.hasSegment() && !external) {
            MemorySegment.copy(src.segment(), 0, out, position, bytes);
        } else {
            t.map.pack(src.segment(), 0, in.count(), out, position, external);
        }
        return position + bytes;
    }

    private static long unpackFrom(String op, MemorySegment in, long position, Buf out, boolean external) {
        requireBuf(op, out);
        requireMemory(op, in, position);
        if (out.isReadOnly()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": the output buffer is read-only (" + out + ")");
        }
        Datatype t = out.datatype();
        t.requireCommitted(op);
        t.requireDistinctBytes(op, out.count());
        long bytes = external ? externalSize(t, out.count()) : out.byteSize();
        if (bytes > in.byteSize() - position) {
            throw new MpiException(ErrorClass.ERR_TRUNCATE, op + ": " + out + " needs " + bytes + " packed bytes but only "
                    + (in.byteSize() - position) + " are left after position=" + position);
        }
        if (out.hasSegment()) {
            t.map.unpack(in, position, bytes, out.segment(), 0, out.count(), external);
        } else {
            Buf staged = Staging.blank(out);
            t.map.unpack(in, position, bytes, staged.segment(), 0, out.count(), external);
            Staging.unstage(staged, out, out.byteSize());
        }
        return position + bytes;
    }

    private static void check(String op, Datatype datatype, long count) {
        if (datatype == null) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": null datatype");
        }
        if (datatype.isFreed()) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": the datatype " + datatype + " was freed");
        }
        if (count < 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, op + ": invalid count=" + count + "; a count must be >= 0");
        }
    }

    private static void requireBuf(String op, Buf b) {
        if (b == null || b.isInPlace()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": " + (b == null ? "null buffer" : "IN_PLACE has no data"));
        }
    }

    private static void requireMemory(String op, MemorySegment m, long position) {
        if (m == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": null packed memory");
        }
        if (position < 0 || position > m.byteSize()) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": position=" + position + " is outside the packed memory of "
                    + m.byteSize() + " bytes");
        }
    }
}
