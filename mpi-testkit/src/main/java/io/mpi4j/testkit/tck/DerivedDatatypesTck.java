package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Packing;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.TypeConstructor;
import io.mpi4j.testkit.arbitraries.DatatypeArbitraries;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of derived datatypes (MPI-4.1 §5.1) and packing (§5.2): the layout of every type
 * constructor, checked byte by byte against an independent reference model of type maps built from
 * {@link Datatype#constructor()}; pack then unpack is the identity on the data and leaves the gaps
 * alone; a non-contiguous send is received as contiguous data (and the reverse) with the element
 * counts of the type's size; and invalid use fails with the prescribed error class.
 */
public abstract class DerivedDatatypesTck extends AbstractTck {
    /** Creates the test instance. */
    protected DerivedDatatypesTck() {
    }

    // ---- the reference model ----

    /**
     * A type map at byte granularity: the offset of every byte of data of one element in signature
     * order, the bounds, the alignment used for struct padding, and whether the bounds are MPI's
     * explicit lb and ub markers (from a resize, carried along by every constructor, §5.1.7).
     */
    private record Ref(long[] offsets, long lb, long ub, long align, boolean marked) {
        long extent() {
            return ub - lb;
        }
    }

    /** One part of a type: {@code blocklength} consecutive children at byte displacement {@code disp}. */
    private record Part(long disp, long blocklength, Ref child) {
    }

    private static Ref ref(Datatype t) {
        return switch (t.constructor()) {
            case TypeConstructor.Named n -> {
                long[] o = new long[(int) t.size()];
                for (int i = 0; i < o.length; i++) {
                    o[i] = i;
                }
                yield new Ref(o, 0, t.size(), t.pairValueType().map(Datatype::size).orElse(t.size()), false);
            }
            case TypeConstructor.Dup d -> ref(d.oldType());
            case TypeConstructor.Contiguous c -> parts(List.of(new Part(0, c.count(), ref(c.oldType()))), false);
            case TypeConstructor.Vector v -> {
                Ref child = ref(v.oldType());
                List<Part> p = new ArrayList<>();
                for (int i = 0; i < v.count(); i++) {
                    p.add(new Part((long) i * v.stride() * child.extent(), v.blocklength(), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.HVector v -> {
                Ref child = ref(v.oldType());
                List<Part> p = new ArrayList<>();
                for (int i = 0; i < v.count(); i++) {
                    p.add(new Part(i * v.stride(), v.blocklength(), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.Indexed x -> {
                Ref child = ref(x.oldType());
                List<Part> p = new ArrayList<>();
                for (int i = 0; i < x.blocklengths().size(); i++) {
                    p.add(new Part(x.displacements().get(i) * child.extent(), x.blocklengths().get(i), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.HIndexed x -> {
                Ref child = ref(x.oldType());
                List<Part> p = new ArrayList<>();
                for (int i = 0; i < x.blocklengths().size(); i++) {
                    p.add(new Part(x.displacements().get(i), x.blocklengths().get(i), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.IndexedBlock x -> {
                Ref child = ref(x.oldType());
                List<Part> p = new ArrayList<>();
                for (int d : x.displacements()) {
                    p.add(new Part(d * child.extent(), x.blocklength(), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.HIndexedBlock x -> {
                Ref child = ref(x.oldType());
                List<Part> p = new ArrayList<>();
                for (long d : x.displacements()) {
                    p.add(new Part(d, x.blocklength(), child));
                }
                yield parts(p, false);
            }
            case TypeConstructor.Struct s -> {
                List<Part> p = new ArrayList<>();
                for (int i = 0; i < s.types().size(); i++) {
                    p.add(new Part(s.displacements().get(i), s.blocklengths().get(i), ref(s.types().get(i))));
                }
                yield parts(p, true);
            }
            case TypeConstructor.Subarray s -> subarray(s);
            case TypeConstructor.Darray d -> darray(d);
            case TypeConstructor.Resized r -> {
                Ref child = ref(r.oldType());
                yield new Ref(child.offsets(), r.lowerBound(), r.lowerBound() + r.extent(), child.align(), true);
            }
        };
    }

    /**
     * The definition of MPI-4.1 §5.1.2 (struct) applied to parts, at byte granularity, with the
     * bounds of §5.1.7: the lowest lb marker and the highest ub marker where any part carries
     * markers (then no padding), else the lowest and highest byte, padded for a struct.
     */
    private static Ref parts(List<Part> parts, boolean pad) {
        boolean marked = parts.stream().anyMatch(p -> p.blocklength() != 0 && p.child().marked());
        List<Long> o = new ArrayList<>();
        long lb = Long.MAX_VALUE;
        long ub = Long.MIN_VALUE;
        long align = 1;
        for (Part p : parts) {
            if (p.blocklength() == 0) {
                continue;
            }
            long ext = p.child().extent();
            for (long k = 0; k < p.blocklength(); k++) {
                for (long off : p.child().offsets()) {
                    o.add(p.disp() + k * ext + off);
                }
                if (p.child().marked() || !marked) {
                    lb = Math.min(lb, p.disp() + k * ext + p.child().lb());
                    ub = Math.max(ub, p.disp() + k * ext + p.child().ub());
                }
            }
            align = Math.max(align, p.child().align());
        }
        if (lb == Long.MAX_VALUE) {
            lb = 0;
            ub = 0;
        }
        if (pad && !marked && (ub - lb) % align != 0) {
            ub += align - Math.floorMod(ub - lb, align);
        }
        return new Ref(o.stream().mapToLong(Long::longValue).toArray(), lb, ub, align, marked);
    }

    /** Every index tuple of the subarray in storage order, each at its linear offset in the array. */
    private static Ref subarray(TypeConstructor.Subarray s) {
        Ref child = ref(s.oldType());
        int n = s.sizes().size();
        int[] idx = new int[n];
        List<Long> o = new ArrayList<>();
        long total = 1;
        for (int sz : s.sizes()) {
            total *= sz;
        }
        boolean empty = s.subsizes().contains(0);
        while (!empty) {
            long linear = 0;
            for (int k = 0; k < n; k++) {
                int d = s.order() == Datatype.Order.C ? k : n - 1 - k; // slowest first
                linear = linear * s.sizes().get(d) + s.starts().get(d) + idx[d];
            }
            for (long off : child.offsets()) {
                o.add(linear * child.extent() + off);
            }
            int k = n - 1; // odometer, fastest dimension first
            for (; k >= 0; k--) {
                int d = s.order() == Datatype.Order.C ? k : n - 1 - k;
                if (++idx[d] < s.subsizes().get(d)) {
                    break;
                }
                idx[d] = 0;
            }
            if (k < 0) {
                break;
            }
        }
        return new Ref(o.stream().mapToLong(Long::longValue).toArray(), 0, total * child.extent(), child.align(), true);
    }

    /**
     * Every element of the whole array that the process owns, in storage order: ownership is
     * decided index by index from the definitions of MPI-4.1 §5.1.4 (block {@code i / b == coord},
     * cyclic {@code (i / b) mod p == coord}), with the grid's coordinates in row-major order.
     */
    private static Ref darray(TypeConstructor.Darray d) {
        Ref child = ref(d.oldType());
        int n = d.gsizes().size();
        int[] coords = new int[n];
        int rest = d.rank();
        for (int k = n - 1; k >= 0; k--) {
            coords[k] = rest % d.psizes().get(k);
            rest /= d.psizes().get(k);
        }
        List<Long> o = new ArrayList<>();
        long total = 1;
        for (int g : d.gsizes()) {
            total *= g;
        }
        int[] idx = new int[n];
        for (long e = 0; e < total; e++) {
            // idx is the e-th index tuple in storage order
            long linear = e;
            for (int k = 0; k < n; k++) {
                int dim = d.order() == Datatype.Order.C ? n - 1 - k : k; // fastest first
                idx[dim] = (int) (linear % d.gsizes().get(dim));
                linear /= d.gsizes().get(dim);
            }
            boolean mine = true;
            for (int k = 0; k < n && mine; k++) {
                int g = d.gsizes().get(k);
                int p = d.psizes().get(k);
                int arg = d.dargs().get(k);
                mine = switch (d.distribs().get(k)) {
                    case NONE -> true;
                    case BLOCK -> idx[k] / (arg == Datatype.DEFAULT_DARG ? (g + p - 1) / p : arg) == coords[k];
                    case CYCLIC -> (idx[k] / (arg == Datatype.DEFAULT_DARG ? 1 : arg)) % p == coords[k];
                };
            }
            if (mine) {
                for (long off : child.offsets()) {
                    o.add(e * child.extent() + off);
                }
            }
        }
        return new Ref(o.stream().mapToLong(Long::longValue).toArray(), 0, total * child.extent(), child.align(), true);
    }

    /** Whether {@code count} elements of the model name some byte twice. */
    private static boolean overlaps(Ref r, int count) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int e = 0; e < count; e++) {
            for (long off : r.offsets()) {
                if (!seen.add(e * r.extent() + off)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- the types under test ----

    private static Map<String, Datatype> catalogue() {
        Map<String, Datatype> m = new LinkedHashMap<>();
        Datatype pair = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT});
        m.put("contiguous", Datatype.contiguous(3, Datatype.INT));
        m.put("contiguous0", Datatype.contiguous(0, Datatype.INT));
        m.put("vector", Datatype.vector(3, 2, 4, Datatype.INT));
        m.put("vectorNegativeStride", Datatype.vector(3, 1, -2, Datatype.SHORT));
        m.put("hvector", Datatype.hvector(4, 1, 12, Datatype.DOUBLE));
        m.put("indexed", Datatype.indexed(new int[] {2, 0, 1}, new int[] {5, 1, 0}, Datatype.LONG));
        m.put("hindexed", Datatype.hindexed(new int[] {1, 3}, new long[] {20, 2}, Datatype.CHAR));
        m.put("indexedBlock", Datatype.indexedBlock(2, new int[] {6, 0, 3}, Datatype.FLOAT));
        m.put("hindexedBlock", Datatype.hindexedBlock(1, new long[] {9, 0, 4}, Datatype.BYTE));
        m.put("struct", pair);
        m.put("structMixed", Datatype.struct(new int[] {1, 2, 1}, new long[] {0, 4, 16},
                new Datatype[] {Datatype.BYTE, Datatype.INT, Datatype.DOUBLE_INT}));
        m.put("subarrayC", Datatype.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 2}, Datatype.Order.C, Datatype.INT));
        m.put("subarrayFortran3d", Datatype.subarray(new int[] {3, 4, 2}, new int[] {2, 2, 1}, new int[] {1, 1, 1},
                Datatype.Order.FORTRAN, Datatype.SHORT));
        m.put("darrayBlockCyclicC", Datatype.darray(4, 3, new int[] {5, 7}, new Datatype.Distribution[] {Datatype.Distribution.BLOCK,
                Datatype.Distribution.CYCLIC}, new int[] {Datatype.DEFAULT_DARG, 2}, new int[] {2, 2}, Datatype.Order.C, Datatype.INT));
        m.put("darrayFortran3d", Datatype.darray(3, 1, new int[] {4, 3, 5}, new Datatype.Distribution[] {Datatype.Distribution.CYCLIC,
                Datatype.Distribution.NONE, Datatype.Distribution.BLOCK}, new int[] {Datatype.DEFAULT_DARG, Datatype.DEFAULT_DARG, 2},
                new int[] {1, 1, 3}, Datatype.Order.FORTRAN, Datatype.SHORT));
        m.put("darrayEmptyPart", Datatype.darray(4, 3, new int[] {5}, new Datatype.Distribution[] {Datatype.Distribution.BLOCK},
                new int[] {Datatype.DEFAULT_DARG}, new int[] {4}, Datatype.Order.C, Datatype.DOUBLE));
        m.put("resized", Datatype.resized(Datatype.vector(2, 1, 3, Datatype.INT), 0, 4));
        m.put("resizedLowerBound", Datatype.resized(Datatype.INT, -4, 12));
        m.put("dup", Datatype.dup(Datatype.vector(2, 2, 3, Datatype.DOUBLE)));
        m.put("vectorOfStruct", Datatype.vector(2, 1, 2, pair));
        m.put("indexedOfResizedVector", Datatype.indexed(new int[] {2, 1}, new int[] {0, 3},
                Datatype.resized(Datatype.vector(2, 1, 2, Datatype.INT), 0, 4)));
        return m;
    }

    /** Fills a region with a byte pattern that depends on the address. */
    private static MemorySegment pattern(long bytes) {
        MemorySegment m = MemorySegment.ofArray(new byte[(int) bytes]);
        for (long i = 0; i < bytes; i++) {
            m.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
        }
        return m;
    }

    /** Checks a type against the model, packs {@code count} elements and unpacks them into blank memory. */
    private static void checkLayout(String what, Datatype t, int count) {
        Ref r = ref(t);
        assertEquals(r.offsets().length, t.size(), what + ": size");
        assertEquals(r.lb(), t.lowerBound(), what + ": lower bound");
        assertEquals(r.extent(), t.extent(), what + ": extent");
        long tlb = Arrays.stream(r.offsets()).min().orElse(0);
        long tub = r.offsets().length == 0 ? 0 : Arrays.stream(r.offsets()).max().getAsLong() + 1;
        assertEquals(tlb, t.trueLowerBound(), what + ": true lower bound");
        assertEquals(tub - tlb, t.trueExtent(), what + ": true extent");
        t.commit();
        // origin far enough inside the memory that negative offsets stay in it
        long before = Math.max(0, -Math.min(tlb, tlb + (count - 1) * t.extent()));
        long after = Math.max(tub, tub + (count - 1) * t.extent());
        long bytes = before + after + 8;
        MemorySegment mem = pattern(bytes);
        // a Java buffer cannot reach before its origin: data there is refused, and shifting the
        // type by an hindexed displacement is the way to describe it
        Datatype shifted = t;
        long shiftedCount = count;
        if (before > 0) {
            assertMpiError(ErrorClass.ERR_TYPE, () -> Buf.of(mem).withType(t, count));
            shifted = Datatype.hindexed(new int[] {count}, new long[] {before}, t).commit();
            shiftedCount = 1;
        }
        Buf in = Buf.of(mem).withType(shifted, shiftedCount);
        byte[] packed = Packing.pack(in);
        assertEquals(Packing.packSize(t, count), packed.length, what + ": pack size");
        int k = 0;
        for (int e = 0; e < count; e++) {
            for (long off : r.offsets()) {
                long at = before + e * t.extent() + off;
                assertEquals(mem.get(ValueLayout.JAVA_BYTE, at), packed[k], what + ": packed byte " + k + " (element " + e
                        + ", offset " + off + ")");
                k++;
            }
        }
        MemorySegment blank = MemorySegment.ofArray(new byte[(int) bytes]);
        Buf target = Buf.of(blank).withType(shifted, shiftedCount);
        if (overlaps(r, count)) {
            // MPI-4.1 §5.1.11: a type that names a byte twice cannot be received or unpacked into
            assertMpiError(ErrorClass.ERR_TYPE, () -> Packing.unpack(MemorySegment.ofArray(packed), 0, target));
            return;
        }
        long end = Packing.unpack(MemorySegment.ofArray(packed), 0, target);
        assertEquals(packed.length, end, what + ": unpack position");
        boolean[] data = new boolean[(int) bytes];
        for (int e = 0; e < count; e++) {
            for (long off : r.offsets()) {
                data[(int) (before + e * t.extent() + off)] = true;
            }
        }
        for (int i = 0; i < bytes; i++) {
            byte expected = data[i] ? mem.get(ValueLayout.JAVA_BYTE, i) : 0;
            assertEquals(expected, blank.get(ValueLayout.JAVA_BYTE, i), what + ": byte " + i + " after unpack ("
                    + (data[i] ? "data" : "a gap, which unpack must not write") + ")");
        }
    }

    /**
     * MPI-4.1 §5.1: each constructor (contiguous, vector with positive and negative strides,
     * hvector, indexed, hindexed, indexed block, hindexed block, struct with C padding, subarray in C
     * and Fortran order, resized, dup, and nestings) has the size, bounds and true bounds of the
     * reference model, and packs 1 and 3 elements to the model's bytes in signature order; unpack
     * writes those bytes back and nothing else.
     */
    @Test
    public void everyConstructorMatchesTheReferenceModel() {
        for (Map.Entry<String, Datatype> e : catalogue().entrySet()) {
            checkLayout(e.getKey(), e.getValue(), 1);
            checkLayout(e.getKey() + " x3", e.getValue(), 3);
        }
    }

    /**
     * MPI-4.1 §5.1.13: the constructor of a type (envelope and contents) gives back the arguments
     * it was built with; predefined types are named.
     */
    @Test
    public void envelopeAndContents() {
        Datatype v = Datatype.vector(3, 2, 4, Datatype.INT);
        assertEquals(new TypeConstructor.Vector(3, 2, 4, Datatype.INT), v.constructor());
        Datatype s = Datatype.struct(new int[] {1, 2}, new long[] {0, 8}, new Datatype[] {Datatype.INT, v});
        TypeConstructor.Struct c = (TypeConstructor.Struct) s.constructor();
        assertEquals(List.of(1, 2), c.blocklengths());
        assertEquals(List.of(0L, 8L), c.displacements());
        assertEquals(List.of(Datatype.INT, v), c.types());
        assertEquals(new TypeConstructor.Named(Datatype.DOUBLE), Datatype.DOUBLE.constructor());
        assertEquals(new TypeConstructor.Resized(v, 0, 4), Datatype.resized(v, 0, 4).constructor());
        assertEquals("", v.name());
        assertEquals("block", v.setName("block").name());
    }

    /**
     * {@code external32} (MPI-4.1 §5.2.3): big-endian, pairs without padding; unpacking gives back
     * the data.
     */
    @Test
    public void external32RoundTrip() {
        Datatype s = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT}).commit();
        MemorySegment in = MemorySegment.ofArray(new byte[32]);
        in.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, 1.5);
        in.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 0x01020304);
        in.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 16, -2.0);
        in.set(ValueLayout.JAVA_INT_UNALIGNED, 24, 7);
        assertEquals(24, Packing.externalSize(s, 2));
        byte[] ext = new byte[24];
        assertEquals(24, Packing.packExternal(Buf.of(in, s, 2), MemorySegment.ofArray(ext), 0));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(ext, 8, 12), "big-endian int");
        assertEquals(0x3f, ext[0] & 0xff, "big-endian double 1.5 starts with 0x3f");
        MemorySegment out = MemorySegment.ofArray(new byte[32]);
        Packing.unpackExternal(MemorySegment.ofArray(ext), 0, Buf.of(out, s, 2));
        assertEquals(1.5, out.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0));
        assertEquals(0x01020304, out.get(ValueLayout.JAVA_INT_UNALIGNED, 8));
        assertEquals(-2.0, out.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 16));
        assertEquals(7, out.get(ValueLayout.JAVA_INT_UNALIGNED, 24));
    }

    /**
     * A struct with an empty member: the member holds no data, but its displacement sets the upper
     * bound (extent 10 for a short at 0 and nothing at 10), so two elements are bytes 0-1 and 10-11.
     * Found by {@link #sendOfTypeEqualsItsPack}: Open MPI 4.1 reports that extent yet moved such a
     * committed struct as end-to-end shorts.
     */
    @Test
    public void structWithAnEmptyMemberKeepsItsExtent() {
        Datatype t = Datatype.struct(new int[] {1, 2}, new long[] {0, 10},
                new Datatype[] {Datatype.SHORT, Datatype.contiguous(0, Datatype.BYTE)}).commit();
        assertEquals(10, t.extent());
        assertEquals(2, t.size());
        MemorySegment src = pattern(12);
        byte[] expected = {src.get(ValueLayout.JAVA_BYTE, 0), src.get(ValueLayout.JAVA_BYTE, 1),
            src.get(ValueLayout.JAVA_BYTE, 10), src.get(ValueLayout.JAVA_BYTE, 11)};
        assertArrayEquals(expected, Packing.pack(Buf.of(src).withType(t, 2)), "the pack");
        run(2, world -> {
            if (world.rank() == 0) {
                world.send(Buf.of(src).withType(t, 2), 1, 0);
                MemorySegment back = MemorySegment.ofArray(new byte[12]);
                world.recv(Buf.of(back).withType(t, 2), 1, 1);
                for (int i : new int[] {0, 1, 10, 11}) {
                    assertEquals(src.get(ValueLayout.JAVA_BYTE, i), back.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " back");
                }
            } else {
                byte[] got = new byte[4];
                world.recv(Buf.of(got), 0, 0);
                assertArrayEquals(expected, got, "received as bytes");
                world.send(Buf.of(got), 0, 1);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §5.1.7: a resize sets explicit bounds (lb and ub markers) that every constructor
     * carries along; where some members of a struct have them, the struct's bounds are those
     * members' alone and no alignment padding is added. {@code struct{resized(INT, 0, 6) at 0}}
     * has extent 6 (not 8), with a plain INT at 8 beside it still 6, and
     * {@code struct{resized(INT, -4, 12) at 8, DOUBLE at 16}} lower bound 4 and extent 12. Two
     * elements of the first are sent and arrive as the ints at bytes 0 and 6. (Open MPI 4.1 agrees;
     * MPICH 4.0 pads the second and ignores the markers in the third.)
     */
    @Test
    public void structBoundsComeFromResizedMembers() {
        Datatype six = Datatype.resized(Datatype.INT, 0, 6);
        Datatype one = Datatype.struct(new int[] {1}, new long[] {0}, new Datatype[] {six}).commit();
        assertEquals(0, one.lowerBound());
        assertEquals(6, one.extent());
        Datatype withPlain = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {six, Datatype.INT}).commit();
        assertEquals(0, withPlain.lowerBound());
        assertEquals(6, withPlain.extent());
        assertEquals(12, withPlain.trueExtent());
        Datatype shifted = Datatype.struct(new int[] {1, 1}, new long[] {8, 16},
                new Datatype[] {Datatype.resized(Datatype.INT, -4, 12), Datatype.DOUBLE}).commit();
        assertEquals(4, shifted.lowerBound());
        assertEquals(12, shifted.extent());
        assertEquals(8, shifted.trueLowerBound());
        assertEquals(16, shifted.trueExtent());
        Datatype twoStructs = Datatype.contiguous(2, one).commit();
        assertEquals(12, twoStructs.extent(), "markers carried through contiguous");
        MemorySegment src = pattern(12);
        byte[] expected = new byte[8];
        for (int i = 0; i < 4; i++) {
            expected[i] = src.get(ValueLayout.JAVA_BYTE, i);
            expected[4 + i] = src.get(ValueLayout.JAVA_BYTE, 6 + i);
        }
        assertArrayEquals(expected, Packing.pack(Buf.of(src).withType(one, 2)), "the pack");
        run(2, world -> {
            if (world.rank() == 0) {
                world.send(Buf.of(src).withType(one, 2), 1, 0);
            } else {
                byte[] got = new byte[8];
                world.recv(Buf.of(got), 0, 0);
                assertArrayEquals(expected, got, "received as bytes");
            }
            return null;
        });
    }

    /**
     * A vector whose blocks are one byte apart backwards ({@code vector(2, 1, -1, BYTE)}, type map
     * {(BYTE, 0), (BYTE, -1)}), placed one byte into the buffer: sent, it is the bytes at 1 then 0;
     * received into, it writes those two and nothing past them. Found by the derived-collectives
     * properties: Open MPI 4.1 laid such blocks forwards and wrote past the buffer.
     */
    @Test
    public void vectorWithAByteStrideOfMinusOne() {
        Datatype t = Datatype.hindexedBlock(1, new long[] {1}, Datatype.vector(2, 1, -1, Datatype.BYTE)).commit();
        assertEquals(-1 + 1, t.lowerBound());
        assertEquals(2, t.extent());
        run(1, world -> {
            byte[] m = {10, 20, 30};
            byte[] got = new byte[2];
            world.sendrecv(Buf.of(m).withType(t, 1), 0, 0, Buf.of(got), 0, 0);
            assertArrayEquals(new byte[] {20, 10}, got, "sent with the type");
            byte[] into = {-18, -18, -18};
            world.sendrecv(Buf.of(new byte[] {1, 2}), 0, 1, Buf.of(into).withType(t, 1), 0, 1);
            assertArrayEquals(new byte[] {2, 1, -18}, into, "received with the type, nothing written past it");
            return null;
        });
    }

    /**
     * MPI_Get_elements (MPI-4.1 §5.1.12): a message that ends partway through a derived element
     * has no count in that type, but its predefined elements are counted: 5 ints received as
     * triples of ints, and {@code int double int} received as {@code {int, double}} structs.
     */
    @Test
    public void elementsCountThePredefinedElementsOfAPartialDerivedElement() {
        run(2, world -> {
            Datatype triple = Datatype.contiguous(3, Datatype.INT).commit();
            Datatype pair = Datatype.struct(new int[] {1, 1}, new long[] {0, 8},
                    new Datatype[] {Datatype.INT, Datatype.DOUBLE}).commit();
            Datatype three = Datatype.struct(new int[] {1, 1, 1}, new long[] {0, 8, 16},
                    new Datatype[] {Datatype.INT, Datatype.DOUBLE, Datatype.INT}).commit();
            if (world.rank() == 0) {
                world.send(new int[] {1, 2, 3, 4, 5}, 1, 1);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment m = arena.allocate(24, 8);
                    m.set(ValueLayout.JAVA_INT, 0, 7);
                    m.set(ValueLayout.JAVA_DOUBLE, 8, 2.5);
                    m.set(ValueLayout.JAVA_INT, 16, 9);
                    world.send(Buf.of(m, three, 1), 1, 2);
                }
            } else {
                int[] into = new int[6];
                Status st = world.recv(Buf.of(into).withType(triple, 2), 0, 1);
                assertEquals(Mpi.UNDEFINED, st.count(), "5 ints are not whole triples");
                assertEquals(5, st.elements(), "predefined elements of 5 ints");
                assertEquals(5, st.count(Datatype.INT));
                assertArrayEquals(new int[] {1, 2, 3, 4, 5, 0}, into);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment m = arena.allocate(32, 8);
                    Status s2 = world.recv(Buf.of(m, pair, 2), 0, 2);
                    assertEquals(Mpi.UNDEFINED, s2.count(), "int double int is not whole {int, double} pairs");
                    assertEquals(3, s2.elements(), "int, double, int");
                    assertEquals(7, m.get(ValueLayout.JAVA_INT, 0));
                    assertEquals(2.5, m.get(ValueLayout.JAVA_DOUBLE, 8));
                    assertEquals(9, m.get(ValueLayout.JAVA_INT, 16));
                }
            }
            triple.free();
            pair.free();
            three.free();
            return null;
        });
    }

    /**
     * A matrix column, described by a vector type, is sent to a contiguous receive, and a
     * contiguous message is received into a column, blocking and nonblocking, with arrays and a
     * native segment; the status counts elements of the receive type's size and leaves the rest of
     * the matrix untouched.
     */
    @Test
    public void matrixColumnToContiguousAndBack() {
        run(2, world -> {
            int n = 5;
            Datatype column = Datatype.vector(n, 1, n, Datatype.INT).commit();
            int j = 2;
            if (world.rank() == 0) {
                int[] m = new int[n * n];
                for (int i = 0; i < m.length; i++) {
                    m[i] = i;
                }
                world.send(Buf.of(m, j, n * n - j).withType(column, 1), 1, 1);
                int[] back = new int[n * n];
                Status st = world.recv(Buf.of(back, j, n * n - j).withType(column, 1), 1, 2);
                assertEquals(1, st.count(), "one column received");
                assertEquals(n, st.count(Datatype.INT));
                for (int i = 0; i < back.length; i++) {
                    assertEquals(i % n == j ? 100 + i / n : 0, back[i], "matrix element " + i);
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment seg = arena.allocate(8L * n * n);
                    Request<Status> r = world.irecv(Buf.of(seg, Datatype.resized(column, 0, 8).commit(), 1), 1, 3);
                    assertEquals(n, r.await().count(Datatype.INT));
                    for (int i = 0; i < n; i++) {
                        assertEquals(-i, seg.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, (long) i * n));
                    }
                }
            } else {
                int[] col = new int[n];
                Status st = world.recv(col, 0, 1);
                assertEquals(n, st.count());
                int[] expected = new int[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = i * n + j;
                    col[i] = 100 + i;
                }
                world.send(col, 0, 2);
                int[] neg = new int[n];
                for (int i = 0; i < n; i++) {
                    neg[i] = -i;
                }
                world.isend(Buf.of(neg), 0, 3).await();
                assertEquals(1, st.count(column), "n ints are one column");
            }
            return null;
        });
    }

    /**
     * The strided pattern of the mpi4py tutorial ({@code MPI.INT.Create_vector(item_count, 1,
     * size)} with a displacement of {@code rank} ints): every rank sends its items and rank 0
     * receives each rank's items into every {@code size}-th slot from slot {@code rank}, so the
     * result interleaves the ranks.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void stridedVectorPatternOfTheTutorial(int ranks) {
        run(ranks, world -> {
            int size = world.size();
            int items = 10;
            int[] buffer = new int[items];
            Arrays.fill(buffer, world.rank());
            Datatype filetype = Datatype.vector(items, 1, size, Datatype.INT).commit();
            Request<Status> s = world.isend(buffer, 0, 9);
            if (world.rank() == 0) {
                int[] file = new int[items * size];
                for (int r = 0; r < size; r++) {
                    Status st = world.recv(Buf.of(file, r, file.length - r).withType(filetype, 1), r, 9);
                    assertEquals(items, st.count(Datatype.INT));
                }
                for (int i = 0; i < file.length; i++) {
                    assertEquals(i % size, file[i], "slot " + i);
                }
            }
            s.await();
            filetype.free();
            return null;
        });
    }

    /**
     * The classic use of {@code darray} (MPI-4.1 §5.1.4): rank 0 holds a whole 2-d array and sends
     * every rank its part, described by that rank's darray type over the whole array; each rank
     * receives its part contiguously. The parts of all ranks cover every element exactly once, in
     * storage order within each part; block, cyclic and undistributed dimensions, C and Fortran
     * order, on grids of 1, 2x2 and 3x1 processes.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 4})
    public void darrayDealsTheArrayOverTheGrid(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int[] psizes = n == 4 ? new int[] {2, 2} : new int[] {n, 1};
            int[] gsizes = {7, 5};
            Datatype.Distribution[][] layouts = {
                {Datatype.Distribution.BLOCK, Datatype.Distribution.BLOCK},
                {Datatype.Distribution.CYCLIC, Datatype.Distribution.BLOCK},
                {Datatype.Distribution.BLOCK, n == 4 ? Datatype.Distribution.CYCLIC : Datatype.Distribution.NONE},
            };
            for (Datatype.Distribution[] distribs : layouts) {
                int[] dargs = {Datatype.DEFAULT_DARG, distribs[1] == Datatype.Distribution.CYCLIC ? 2 : Datatype.DEFAULT_DARG};
                for (Datatype.Order order : Datatype.Order.values()) {
                    String what = Arrays.toString(distribs) + " " + order + " on " + Arrays.toString(psizes);
                    Datatype mine = Datatype.darray(n, world.rank(), gsizes, distribs, dargs, psizes, order, Datatype.INT).commit();
                    int[] part = new int[(int) (mine.size() / Integer.BYTES)];
                    Request<Status> r = world.irecv(Buf.of(part), 0, 5);
                    if (world.rank() == 0) {
                        int[] whole = new int[gsizes[0] * gsizes[1]];
                        for (int i = 0; i < whole.length; i++) {
                            whole[i] = i;
                        }
                        int[] owner = new int[whole.length];
                        Arrays.fill(owner, -1);
                        for (int q = 0; q < n; q++) {
                            Datatype theirs = Datatype.darray(n, q, gsizes, distribs, dargs, psizes, order, Datatype.INT).commit();
                            world.send(Buf.of(whole).withType(theirs, 1), q, 5);
                            int[] elements = new int[(int) (theirs.size() / Integer.BYTES)];
                            Packing.unpack(MemorySegment.ofArray(Packing.pack(Buf.of(whole).withType(theirs, 1))), 0, Buf.of(elements));
                            for (int k = 0; k < elements.length; k++) {
                                assertEquals(-1, owner[elements[k]], what + ": element " + elements[k] + " dealt twice");
                                owner[elements[k]] = q;
                                assertTrue(k == 0 || elements[k] > elements[k - 1], what + ": storage order within rank " + q);
                            }
                            theirs.free();
                        }
                        for (int i = 0; i < owner.length; i++) {
                            assertTrue(owner[i] >= 0, what + ": element " + i + " dealt to no rank");
                        }
                    }
                    assertEquals(part.length, r.await().count(), what);
                    // my part holds the global index of each element I own: check it against the definition
                    int[] coords = {world.rank() / psizes[1], world.rank() % psizes[1]};
                    int k = 0;
                    for (int e = 0; e < gsizes[0] * gsizes[1]; e++) {
                        int i0 = order == Datatype.Order.C ? e / gsizes[1] : e % gsizes[0];
                        int i1 = order == Datatype.Order.C ? e % gsizes[1] : e / gsizes[0];
                        int linear = order == Datatype.Order.C ? i0 * gsizes[1] + i1 : i1 * gsizes[0] + i0;
                        if (owns(distribs[0], dargs[0], gsizes[0], psizes[0], coords[0], i0)
                                && owns(distribs[1], dargs[1], gsizes[1], psizes[1], coords[1], i1)) {
                            assertEquals(linear, part[k++], what + ": element " + k + " of rank " + world.rank());
                        }
                    }
                    assertEquals(part.length, k, what + ": elements of rank " + world.rank());
                    mine.free();
                }
            }
            return null;
        });
    }

    private static boolean owns(Datatype.Distribution d, int darg, int g, int p, int coord, int i) {
        return switch (d) {
            case NONE -> true;
            case BLOCK -> i / (darg == Datatype.DEFAULT_DARG ? (g + p - 1) / p : darg) == coord;
            case CYCLIC -> (i / (darg == Datatype.DEFAULT_DARG ? 1 : darg)) % p == coord;
        };
    }

    /**
     * Invalid darray arguments are {@code ERR_ARG}: a grid that does not hold {@code size}
     * processes, a rank outside it, a distributed NONE dimension, blocks too small to cover a
     * dimension, a block size of 0, arrays of different lengths; the envelope gives the arguments back.
     */
    @Test
    public void darrayChecksItsArguments() {
        Datatype.Distribution b = Datatype.Distribution.BLOCK;
        Datatype.Distribution none = Datatype.Distribution.NONE;
        int dflt = Datatype.DEFAULT_DARG;
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(4, 0, new int[] {8}, new Datatype.Distribution[] {b}, new int[] {dflt},
                new int[] {3}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(2, 2, new int[] {8}, new Datatype.Distribution[] {b}, new int[] {dflt},
                new int[] {2}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(2, 0, new int[] {8}, new Datatype.Distribution[] {none},
                new int[] {dflt}, new int[] {2}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(2, 0, new int[] {8}, new Datatype.Distribution[] {b}, new int[] {3},
                new int[] {2}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(2, 0, new int[] {8}, new Datatype.Distribution[] {b}, new int[] {0},
                new int[] {2}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.darray(2, 0, new int[] {8, 2}, new Datatype.Distribution[] {b},
                new int[] {dflt}, new int[] {2}, Datatype.Order.C, Datatype.INT));
        assertMpiError(ErrorClass.ERR_TYPE, () -> Datatype.darray(1, 0, new int[] {8}, new Datatype.Distribution[] {b},
                new int[] {dflt}, new int[] {1}, Datatype.Order.C, null));
        Datatype d = Datatype.darray(2, 1, new int[] {8}, new Datatype.Distribution[] {Datatype.Distribution.CYCLIC}, new int[] {3},
                new int[] {2}, Datatype.Order.FORTRAN, Datatype.LONG);
        assertEquals(new TypeConstructor.Darray(2, 1, List.of(8), List.of(Datatype.Distribution.CYCLIC), List.of(3), List.of(2),
                Datatype.Order.FORTRAN, Datatype.LONG), d.constructor());
        assertEquals(3 * 8, d.size(), "rank 1 owns elements 3, 4, 5");
        assertEquals(0, d.lowerBound());
        assertEquals(8 * 8, d.extent(), "the whole array");
    }

    /**
     * Invalid use: an uncommitted or freed type in communication or packing ({@code ERR_TYPE}), a
     * negative count ({@code ERR_COUNT}), a negative block length or mismatched argument arrays
     * ({@code ERR_ARG}), elements that do not fit the memory ({@code ERR_COUNT}), packing into too
     * little memory ({@code ERR_TRUNCATE}).
     */
    @Test
    public void invalidUseHasTheRightErrorClass() {
        run(1, world -> {
            Datatype v = Datatype.vector(2, 1, 2, Datatype.INT);
            Buf b = Buf.of(new int[4]).withType(v, 1);
            assertFalse(v.isCommitted());
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.send(b, 0, 1));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.irecv(b, 0, 1));
            assertMpiError(ErrorClass.ERR_TYPE, () -> Packing.pack(b));
            v.commit();
            Request<Status> r = world.irecv(b, 0, 1);
            world.send(Buf.of(new int[] {4, 5}), 0, 1);
            assertEquals(1, r.await().count());
            v.free();
            assertTrue(v.isFreed());
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.send(b, 0, 1));
            assertMpiError(ErrorClass.ERR_TYPE, v::commit);
            assertMpiError(ErrorClass.ERR_TYPE, () -> Datatype.contiguous(2, v));
            assertMpiError(ErrorClass.ERR_COUNT, () -> Datatype.contiguous(-1, Datatype.INT));
            assertMpiError(ErrorClass.ERR_COUNT, () -> Datatype.vector(-1, 1, 1, Datatype.INT));
            assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.vector(1, -1, 1, Datatype.INT));
            assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.hindexed(new int[] {1, 1}, new long[] {0}, Datatype.INT));
            assertMpiError(ErrorClass.ERR_ARG, () -> Datatype.struct(new int[] {1}, new long[] {0}, new Datatype[2]));
            assertMpiError(ErrorClass.ERR_TYPE, () -> Datatype.struct(new int[] {1}, new long[] {0}, new Datatype[1]));
            Datatype w = Datatype.vector(3, 1, 3, Datatype.INT).commit();
            assertMpiError(ErrorClass.ERR_COUNT, () -> Buf.of(new int[6]).withType(w, 1));
            assertMpiError(ErrorClass.ERR_COUNT, () -> Buf.of(new int[9]).withType(w, -1));
            assertMpiError(ErrorClass.ERR_TRUNCATE, () -> Packing.pack(Buf.of(new int[7]).withType(w, 1), MemorySegment.ofArray(new byte[11]), 0));
            assertMpiError(ErrorClass.ERR_TYPE, Datatype.INT::free);
            return null;
        });
    }

    /**
     * A receive with a derived type that is shorter than the message fails with
     * {@code ERR_TRUNCATE}.
     */
    @Test
    public void truncatedDerivedReceive() {
        run(2, world -> {
            Datatype every2 = Datatype.vector(2, 1, 2, Datatype.INT).commit();
            if (world.rank() == 0) {
                world.send(Buf.of(new int[] {1, 2, 3}), 1, 4);
            } else {
                int[] got = new int[3];
                assertMpiError(ErrorClass.ERR_TRUNCATE, () -> world.recv(Buf.of(got).withType(every2, 1), 0, 4));
            }
            return null;
        });
    }

    /**
     * Derived types on one side and a predefined type on the other match by signature, with
     * nonblocking operations on heap arrays: two receives in flight at once into the interleaved
     * columns of one matrix each fill their own column and leave the other's (and the gaps) as
     * they are, whichever completes last; the reverse direction sends both columns from the
     * matrix to contiguous receives.
     */
    @Test
    public void concurrentDerivedReceivesIntoOneHeapArray() {
        run(2, world -> {
            int n = 6;
            Datatype column = Datatype.vector(n, 1, n, Datatype.INT).commit();
            if (world.rank() == 0) {
                int[] m = new int[n * n];
                Arrays.fill(m, -1);
                Request<Status> c1 = world.irecv(Buf.of(m, 1, n * n - 1).withType(column, 1), 1, 1);
                Request<Status> c3 = world.irecv(Buf.of(m, 3, n * n - 3).withType(column, 1), 1, 3);
                world.send(Buf.of(new int[0]), 1, 0); // both receives are posted
                assertEquals(1, c3.await().count(), "one column");
                assertEquals(n, c1.await().count(Datatype.INT));
                for (int i = 0; i < m.length; i++) {
                    int col = i % n;
                    int expected = col == 1 ? 100 + i / n : col == 3 ? 300 + i / n : -1;
                    assertEquals(expected, m[i], "matrix element " + i);
                }
                Request<Status> s1 = world.isend(Buf.of(m, 1, n * n - 1).withType(column, 1), 1, 4);
                Request<Status> s3 = world.isend(Buf.of(m, 3, n * n - 3).withType(column, 1), 1, 5);
                s1.await();
                s3.await();
            } else {
                int[] col1 = new int[n];
                int[] col3 = new int[n];
                for (int i = 0; i < n; i++) {
                    col1[i] = 100 + i;
                    col3[i] = 300 + i;
                }
                world.recv(Buf.of(new int[0]), 0, 0);
                // the later column first, so that the receive posted first completes last
                world.send(Buf.of(col3), 0, 3);
                world.send(Buf.of(col1), 0, 1);
                int[] back3 = new int[n];
                int[] back1 = new int[n];
                Request<Status> r3 = world.irecv(Buf.of(back3), 0, 5);
                Request<Status> r1 = world.irecv(Buf.of(back1), 0, 4);
                assertEquals(n, r1.await().count());
                assertEquals(n, r3.await().count());
                assertArrayEquals(col1, back1);
                assertArrayEquals(col3, back3);
            }
            column.free();
            return null;
        });
    }

    /**
     * Send-receive with derived types on both sides (a column out, a strided row in), and
     * send-receive-replace of a column in place: the data land where the types say, the gaps keep
     * their contents, and the statuses count elements of the receive type.
     */
    @Test
    public void sendrecvWithDerivedTypes() {
        run(2, world -> {
            int n = 4;
            int peer = 1 - world.rank();
            Datatype column = Datatype.vector(n, 1, n, Datatype.LONG).commit();
            Datatype everyOther = Datatype.vector(n, 1, 2, Datatype.LONG).commit();
            long[] m = new long[n * n];
            for (int i = 0; i < m.length; i++) {
                m[i] = 1000L * world.rank() + i;
            }
            long[] in = new long[2 * n];
            Arrays.fill(in, -7);
            Status st = world.sendrecv(Buf.of(m, 2, n * n - 2).withType(column, 1), peer, 8,
                    Buf.of(in).withType(everyOther, 1), peer, 8);
            assertEquals(1, st.count());
            assertEquals(n, st.count(Datatype.LONG));
            for (int i = 0; i < in.length; i++) {
                assertEquals(i % 2 == 0 ? 1000L * peer + (long) (i / 2) * n + 2 : -7, in[i], "element " + i);
            }
            Status rs = world.sendrecvReplace(Buf.of(m, 1, n * n - 1).withType(column, 1), peer, 9, peer, 9);
            assertEquals(1, rs.count());
            for (int i = 0; i < m.length; i++) {
                long expected = i % n == 1 ? 1000L * peer + i : 1000L * world.rank() + i;
                assertEquals(expected, m[i], "replaced matrix element " + i);
            }
            column.free();
            everyOther.free();
            return null;
        });
    }

    /**
     * A probed message sent with a derived type reports its size in bytes, which counts whole
     * elements of the type and of its element type; the matched message is received with the type
     * into a heap array, and persistent derived sends and receives deliver on every start.
     */
    @Test
    public void probeAndPersistentWithDerivedTypes() {
        run(2, world -> {
            Datatype pairs = Datatype.indexed(new int[] {2, 1}, new int[] {0, 4}, Datatype.SHORT).commit();
            if (world.rank() == 0) {
                short[] data = {1, 2, -1, -1, 3, -1, -1, -1, 4, 5, -1, -1, 6};
                Datatype stride8 = Datatype.resized(pairs, 0, 16).commit();
                world.send(Buf.of(data).withType(stride8, 2), 1, 6);
                try (var send = world.sendInit(Buf.of(data).withType(stride8, 2), 1, 7)) {
                    for (int k = 0; k < 2; k++) {
                        send.start();
                        send.await();
                    }
                }
                stride8.free();
            } else {
                Status probed = world.probe(0, 6);
                assertEquals(6 * Short.BYTES, probed.byteCount());
                assertEquals(2, probed.count(pairs));
                assertEquals(6, probed.count(Datatype.SHORT));
                short[] got = new short[12];
                Arrays.fill(got, (short) -9);
                Status st = world.mprobe(0, 6).recv(Buf.of(got).withType(pairs, 2));
                assertEquals(2, st.count());
                // pairs has extent 5 shorts: elements at 0 and 5, each {0, 1, 4}
                assertArrayEquals(new short[] {1, 2, -9, -9, 3, 4, 5, -9, -9, 6, -9, -9}, got);
                short[] flat = new short[6];
                try (var recv = world.recvInit(Buf.of(flat), 0, 7)) {
                    for (int k = 0; k < 2; k++) {
                        Arrays.fill(flat, (short) 0);
                        recv.start();
                        assertEquals(6, recv.await().count());
                        assertArrayEquals(new short[] {1, 2, 3, 4, 5, 6}, flat, "start " + k);
                    }
                }
            }
            pairs.free();
            return null;
        });
    }

    /**
     * A nonblocking receive with a derived type into a heap array that is shorter than the
     * message fails with {@code ERR_TRUNCATE} when completed, and the communicator stays usable.
     */
    @Test
    public void truncatedNonblockingDerivedReceive() {
        run(2, world -> {
            Datatype every3 = Datatype.vector(2, 1, 3, Datatype.DOUBLE).commit();
            if (world.rank() == 0) {
                world.send(Buf.of(new double[] {1, 2, 3}), 1, 4);
                world.send(Buf.of(new double[] {5, 6}), 1, 5);
            } else {
                double[] got = new double[4];
                Request<Status> r = world.irecv(Buf.of(got).withType(every3, 1), 0, 4);
                assertMpiError(ErrorClass.ERR_TRUNCATE, r::await);
                Status st = world.recv(Buf.of(got).withType(every3, 1), 0, 5);
                assertEquals(1, st.count());
                assertEquals(5, got[0]);
                assertEquals(6, got[3]);
            }
            every3.free();
            return null;
        });
    }

    // ---- properties over random nested types ----

    /**
     * For random nested types (up to three constructors deep), the layout matches the reference
     * model and pack then unpack is the identity on the data (leaving gaps alone).
     *
     * @param seed the seed of the random type
     */
    @Property(tries = 200)
    public void packThenUnpackIsIdentity(@ForAll long seed) {
        Random rnd = new Random(seed);
        Datatype t = DatatypeArbitraries.randomDerived(rnd, 3);
        checkLayout("type " + t + " (seed " + seed + ")", t, 1 + rnd.nextInt(3));
    }

    /**
     * For random nested types, sending {@code count} elements of the type and receiving the
     * message as contiguous bytes gives the type's pack; receiving those bytes with the type
     * restores the data.
     *
     * @param seed the seed of the random type
     */
    @Property(tries = 25)
    public void sendOfTypeEqualsItsPack(@ForAll long seed) {
        Random rnd = new Random(seed);
        Datatype t0 = DatatypeArbitraries.randomDerived(rnd, 3);
        // keep the data after the origin, as a Java buffer requires
        Datatype t = t0.extent() <= 0 || t0.trueLowerBound() < 0 ? Datatype.contiguous(2, Datatype.SHORT) : t0;
        t.commit();
        int count = 1 + rnd.nextInt(3);
        long bytes = Math.max(t.trueLowerBound() + t.trueExtent(), (count - 1) * t.extent() + t.trueLowerBound() + t.trueExtent());
        MemorySegment src = pattern(bytes);
        byte[] packed = Packing.pack(Buf.of(src).withType(t, count));
        boolean overlapping = overlaps(ref(t), count);
        run(2, world -> {
            if (world.rank() == 0) {
                world.send(Buf.of(src).withType(t, count), 1, 0);
                MemorySegment back = MemorySegment.ofArray(new byte[(int) bytes]);
                if (overlapping) {
                    // sending a type that names a byte twice is allowed; receiving into it is not
                    assertMpiError(ErrorClass.ERR_TYPE, () -> world.recv(Buf.of(back).withType(t, count), 1, 1));
                    byte[] got = new byte[packed.length];
                    world.recv(Buf.of(got), 1, 1);
                    assertArrayEquals(packed, got, "type " + t + " after a round trip as bytes");
                    return null;
                }
                world.recv(Buf.of(back).withType(t, count), 1, 1);
                byte[] again = Packing.pack(Buf.of(back).withType(t, count));
                assertArrayEquals(packed, again, "type " + t + " after a round trip");
            } else {
                byte[] got = new byte[packed.length];
                Status st = world.recv(Buf.of(got), 0, 0);
                assertEquals(packed.length, st.byteCount());
                assertArrayEquals(packed, got, "type " + t + " received as bytes");
                world.send(Buf.of(got), 0, 1);
            }
            return null;
        });
    }
}
