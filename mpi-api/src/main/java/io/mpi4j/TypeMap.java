package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The flattened type map of a datatype (MPI-4.1 §5.1): an ordered list of blocks, each
 * {@code (byte offset, predefined type, element count)}, with adjacent blocks of the same predefined
 * type merged when they touch, plus the bounds. The order of the blocks is the type signature's
 * order (the order of packing), not the order of addresses.
 */
final class TypeMap {
    /** Above this many blocks in a type map, one element of it is refused (ERR_INTERN). */
    static final int MAX_BLOCKS = 1 << 26;

    final long[] offsets;
    final Datatype[] basics;
    final long[] counts;
    final int blocks;
    final long size;
    final long lb;
    final long ub;
    final long trueLb;
    final long trueUb;
    /** The largest alignment of the predefined types inside (for struct padding). */
    final long align;
    /**
     * Whether the bounds are explicit: set by a resize, directly or in a part (MPI's lb and ub
     * markers, which every constructor carries along, MPI-4.1 §5.1.7).
     */
    final boolean marked;
    private final boolean contiguous;

    private TypeMap(long[] offsets, Datatype[] basics, long[] counts, int blocks, long lb, long ub, long align, boolean marked) {
        this.offsets = offsets;
        this.basics = basics;
        this.counts = counts;
        this.blocks = blocks;
        this.lb = lb;
        this.ub = ub;
        this.align = align;
        this.marked = marked;
        long s = 0;
        long tl = Long.MAX_VALUE;
        long tu = Long.MIN_VALUE;
        for (int i = 0; i < blocks; i++) {
            long bytes = counts[i] * basics[i].predefinedSize;
            s += bytes;
            tl = Math.min(tl, offsets[i]);
            tu = Math.max(tu, offsets[i] + bytes);
        }
        this.size = s;
        this.trueLb = blocks == 0 ? 0 : tl;
        this.trueUb = blocks == 0 ? 0 : tu;
        this.contiguous = endToEnd();
    }

    /**
     * The predefined elements in the first {@code bytes} bytes of this map's signature, repeated
     * end to end (MPI_Get_elements): a pair type (MAXLOC's) counts as its two members, which
     * MPI defines it as. {@link Mpi#UNDEFINED} if the bytes end inside a predefined element, or
     * inside a pair.
     *
     * @param bytes the bytes received
     * @return the element count, or {@link Mpi#UNDEFINED}
     */
    long basicElements(long bytes) {
        if (size == 0) {
            return bytes == 0 ? 0 : Mpi.UNDEFINED;
        }
        long perCopy = 0;
        for (int i = 0; i < blocks; i++) {
            perCopy += counts[i] * members(basics[i]);
        }
        long elements = bytes / size * perCopy;
        long rest = bytes % size;
        for (int i = 0; i < blocks && rest > 0; i++) {
            long unit = basics[i].predefinedSize;
            long whole = Math.min(counts[i], rest / unit);
            elements += whole * members(basics[i]);
            rest -= whole * unit;
            if (whole < counts[i]) {
                break; // the bytes end inside this block
            }
        }
        return rest == 0 ? elements : Mpi.UNDEFINED;
    }

    private static long members(Datatype basic) {
        return basic.pairValueType().isPresent() ? 2 : 1;
    }

    /** The map of one element of a predefined type. */
    static TypeMap basic(Datatype t, long size) {
        long a = t.pairValueType().map(v -> v.predefinedSize).orElse(size);
        return new TypeMap(new long[] {0}, new Datatype[] {t}, new long[] {1}, 1, 0, size, Math.max(1, a), false);
    }

    long extent() {
        return ub - lb;
    }

    long trueExtent() {
        return trueUb - trueLb;
    }

    /**
     * Whether {@code n} elements are {@code n * size} contiguous bytes at offset 0, laid out as
     * their packed form: blocks end to end from the origin, and the extent their total.
     */
    boolean contiguous() {
        return contiguous;
    }

    private boolean endToEnd() {
        if (size == 0) {
            return true;
        }
        if (lb != 0 || ub != size) {
            return false;
        }
        long at = 0;
        for (int i = 0; i < blocks; i++) {
            if (offsets[i] != at) {
                return false;
            }
            at += counts[i] * basics[i].predefinedSize;
        }
        return true;
    }

    /** The same type signature laid end to end from offset 0, with extent its size: how this map's data looks packed. */
    TypeMap packedForm() {
        long[] o = new long[blocks];
        long at = 0;
        for (int i = 0; i < blocks; i++) {
            o[i] = at;
            at += counts[i] * basics[i].predefinedSize;
        }
        return new TypeMap(o, basics, counts, blocks, 0, size, align, false);
    }

    /**
     * The map of a type made of parts: part {@code j} is {@code blocklengths[j]} consecutive
     * elements of {@code children[j]} (spaced by its extent) at byte displacement {@code displs[j]}.
     * Every constructor reduces to this (MPI-4.1 §5.1.2, the general struct form).
     *
     * <p>The bounds follow MPI-4.1 §5.1.7: where some parts have explicit bounds ({@link #marked},
     * MPI's lb and ub markers), only those parts' bounds count and no alignment padding is added;
     * otherwise the bounds span every part and a struct is padded to its alignment.
     */
    static TypeMap of(long[] displs, long[] blocklengths, TypeMap[] children, boolean alignStruct) {
        boolean marked = false;
        for (int j = 0; j < displs.length; j++) {
            marked |= blocklengths[j] != 0 && children[j].marked;
        }
        Builder b = new Builder();
        long lb = Long.MAX_VALUE;
        long ub = Long.MIN_VALUE;
        long align = 1;
        for (int j = 0; j < displs.length; j++) {
            long n = blocklengths[j];
            TypeMap c = children[j];
            if (n == 0) {
                continue;
            }
            long ext = c.extent();
            if (c.marked || !marked) {
                lb = Math.min(lb, displs[j] + c.lb + Math.min(0, Math.multiplyExact(n - 1, ext)));
                ub = Math.max(ub, displs[j] + c.ub + Math.max(0, Math.multiplyExact(n - 1, ext)));
            }
            align = Math.max(align, c.align);
            if (c.size == 0) {
                continue;
            }
            for (long k = 0; k < n; k++) {
                long base = Math.addExact(displs[j], Math.multiplyExact(k, ext));
                for (int i = 0; i < c.blocks; i++) {
                    b.add(base + c.offsets[i], c.basics[i], c.counts[i]);
                }
            }
        }
        if (lb == Long.MAX_VALUE) {
            lb = 0;
            ub = 0;
        }
        if (alignStruct && !marked) {
            long rem = Math.floorMod(ub - lb, align);
            if (rem != 0) {
                ub += align - rem;
            }
        }
        return new TypeMap(b.offsets, b.basics, b.counts, b.n, lb, ub, align, marked);
    }

    /** This map with other bounds (MPI_Type_create_resized). */
    TypeMap resized(long newLb, long newExtent) {
        return new TypeMap(offsets, basics, counts, blocks, newLb, newLb + newExtent, align, true);
    }

    /** The predefined type of every block, or {@code null} if there are several (or none). */
    Datatype homogeneous() {
        Datatype t = blocks == 0 ? null : basics[0];
        for (int i = 1; i < blocks; i++) {
            if (basics[i] != t) {
                return null;
            }
        }
        return t;
    }

    // ---- packing ----

    /**
     * Packs {@code count} elements whose origin is at {@code src[srcOff]} into {@code dst} from
     * {@code dstOff}; returns the bytes written.
     */
    long pack(MemorySegment src, long srcOff, long count, MemorySegment dst, long dstOff, boolean external) {
        long at = dstOff;
        long ext = extent();
        for (long e = 0; e < count; e++) {
            long origin = srcOff + e * ext;
            for (int i = 0; i < blocks; i++) {
                at += copyBlock(basics[i], counts[i], src, origin + offsets[i], dst, at, external, true);
            }
        }
        return at - dstOff;
    }

    /**
     * Unpacks at most {@code bytes} bytes from {@code src[srcOff]} into {@code count} elements whose
     * origin is at {@code dst[dstOff]}, in type-map order; a last partial block gets what is left.
     * Returns the bytes read.
     */
    long unpack(MemorySegment src, long srcOff, long bytes, MemorySegment dst, long dstOff, long count, boolean external) {
        long at = srcOff;
        long end = srcOff + bytes;
        long ext = extent();
        for (long e = 0; e < count && at < end; e++) {
            long origin = dstOff + e * ext;
            for (int i = 0; i < blocks && at < end; i++) {
                long elemSize = external ? externalSize(basics[i]) : basics[i].predefinedSize;
                long n = Math.min(counts[i], (end - at) / elemSize);
                if (n < counts[i]) {
                    if (external) {
                        at += copyBlock(basics[i], n, src, at, dst, origin + offsets[i], true, false);
                    } else {
                        MemorySegment.copy(src, at, dst, origin + offsets[i], end - at);
                        at = end;
                    }
                    return at - srcOff;
                }
                at += copyBlock(basics[i], n, src, at, dst, origin + offsets[i], external, false);
            }
        }
        return at - srcOff;
    }

    /** The bytes of one element of this map in the external32 representation. */
    long externalSize() {
        long s = 0;
        for (int i = 0; i < blocks; i++) {
            s += counts[i] * externalSize(basics[i]);
        }
        return s;
    }

    /** external32 size of a predefined type: its size, pairs without padding. */
    static long externalSize(Datatype basic) {
        return basic.pairValueType().map(v -> v.predefinedSize + 4).orElse(basic.predefinedSize);
    }

    private static final ValueLayout.OfShort S_NAT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I_NAT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong L_NAT = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort S_BE = S_NAT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I_BE = I_NAT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong L_BE = L_NAT.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * Copies {@code n} elements of a predefined type; in external32 mode converts native to
     * big-endian ({@code packing}) or back. Returns the bytes taken on the packed side.
     */
    private static long copyBlock(Datatype t, long n, MemorySegment src, long s, MemorySegment dst, long d,
            boolean external, boolean packing) {
        long size = t.predefinedSize;
        if (!external) {
            MemorySegment.copy(src, s, dst, d, n * size);
            return n * size;
        }
        Datatype value = t.pairValueType().orElse(null);
        long ext = externalSize(t);
        long nat = packing ? size : ext; // stride on the source side
        long out = packing ? ext : size; // stride on the destination side
        for (long k = 0; k < n; k++) {
            long a = s + k * nat;
            long b = d + k * out;
            if (value == null) {
                swap(size, src, a, dst, b, packing);
            } else {
                swap(value.predefinedSize, src, a, dst, b, packing);
                swap(4, src, a + value.predefinedSize, dst, b + value.predefinedSize, packing);
            }
        }
        return n * ext;
    }

    private static void swap(long width, MemorySegment src, long a, MemorySegment dst, long b, boolean toBig) {
        switch ((int) width) {
            case 1 -> dst.set(ValueLayout.JAVA_BYTE, b, src.get(ValueLayout.JAVA_BYTE, a));
            case 2 -> dst.set(toBig ? S_BE : S_NAT, b, src.get(toBig ? S_NAT : S_BE, a));
            case 4 -> dst.set(toBig ? I_BE : I_NAT, b, src.get(toBig ? I_NAT : I_BE, a));
            case 8 -> dst.set(toBig ? L_BE : L_NAT, b, src.get(toBig ? L_NAT : L_BE, a));
            default -> throw new IllegalStateException("width " + width);
        }
    }

    // ---- overlap (MPI-4.1 §5.1.11: a receive type must not name a byte twice) ----

    /** Counts up to which {@link #overlaps} found no overlap; grows as larger counts are checked. */
    private volatile long clearUpTo;
    /** The smallest count found to overlap, or 0 if none was found yet. */
    private volatile long overlapFrom;

    /**
     * Whether {@code count} consecutive elements of this map name some byte twice. Only a window of
     * elements as wide as the true extent can meet, so at most {@code trueExtent / |extent| + 2}
     * elements are examined; the answer is remembered, so a type received again costs nothing.
     */
    boolean overlaps(long count) {
        if (count <= 0 || size == 0 || contiguous()) {
            return false;
        }
        long known = overlapFrom;
        if (known != 0 && count >= known) {
            return true;
        }
        if (count <= clearUpTo) {
            return false;
        }
        long ext = extent();
        long window = ext == 0 ? 2 : trueExtent() / Math.abs(ext) + 2;
        long elements = Math.min(count, window);
        int n = Math.toIntExact(Math.multiplyExact(elements, (long) blocks));
        long[] starts = new long[n];
        long[] ends = new long[n];
        int k = 0;
        for (long e = 0; e < elements; e++) {
            for (int i = 0; i < blocks; i++, k++) {
                starts[k] = e * ext + offsets[i];
                ends[k] = starts[k] + counts[i] * basics[i].predefinedSize;
            }
        }
        // half-open intervals are disjoint iff, with starts and ends sorted each on its own, no
        // start comes before the end of the one before it (a byte covered twice has two more
        // starts than ends at or below it)
        Arrays.sort(starts);
        Arrays.sort(ends);
        for (int i = 0; i + 1 < n; i++) {
            if (starts[i + 1] < ends[i]) {
                overlapFrom = known == 0 ? elements : Math.min(known, elements);
                return true;
            }
        }
        clearUpTo = elements == count ? Math.max(clearUpTo, count) : Long.MAX_VALUE;
        return false;
    }

    // ---- signatures ----

    /**
     * Whether the type signatures of {@code a} and {@code b}, each repeated, agree over their first
     * {@code limit} bytes (MPI-4.1 §3.3.1 type matching).
     */
    static boolean signaturesAgree(TypeMap a, TypeMap b, long limit) {
        if (a.size == 0 || b.size == 0) {
            return true;
        }
        int ia = 0;
        int ib = 0;
        long leftA = a.counts[0] * a.basics[0].predefinedSize;
        long leftB = b.counts[0] * b.basics[0].predefinedSize;
        long done = 0;
        while (done < limit) {
            if (a.basics[ia] != b.basics[ib]) {
                return false;
            }
            long step = Math.min(leftA, leftB);
            done += step;
            leftA -= step;
            leftB -= step;
            if (leftA == 0) {
                ia = (ia + 1) % a.blocks;
                leftA = a.counts[ia] * a.basics[ia].predefinedSize;
            }
            if (leftB == 0) {
                ib = (ib + 1) % b.blocks;
                leftB = b.counts[ib] * b.basics[ib].predefinedSize;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < blocks; i++) {
            sb.append(i == 0 ? "" : ", ").append('(').append(offsets[i]).append(", ").append(basics[i]).append('x')
                    .append(counts[i]).append(')');
        }
        return sb.append("} lb=").append(lb).append(" ub=").append(ub).toString();
    }

    /** Appends blocks, merging one into the previous when they touch and have the same type. */
    private static final class Builder {
        long[] offsets = new long[4];
        Datatype[] basics = new Datatype[4];
        long[] counts = new long[4];
        int n;

        void add(long offset, Datatype t, long count) {
            if (n > 0 && basics[n - 1] == t && offsets[n - 1] + counts[n - 1] * t.predefinedSize == offset) {
                counts[n - 1] += count;
                return;
            }
            if (n == offsets.length) {
                if (n >= MAX_BLOCKS) {
                    throw new MpiException(ErrorClass.ERR_INTERN, "the datatype has more than " + MAX_BLOCKS
                            + " non-contiguous blocks per element");
                }
                offsets = Arrays.copyOf(offsets, 2 * n);
                basics = Arrays.copyOf(basics, 2 * n);
                counts = Arrays.copyOf(counts, 2 * n);
            }
            offsets[n] = offset;
            basics[n] = t;
            counts[n] = count;
            n++;
        }
    }
}
