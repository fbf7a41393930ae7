package io.mpi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatatypeTest {
    private static ErrorClass error(Runnable r) {
        return assertThrows(MpiException.class, r::run).errorClass();
    }

    @Test
    void predefinedTypesKeepTheirShape() {
        for (Datatype t : List.of(Datatype.BYTE, Datatype.INT, Datatype.DOUBLE, Datatype.LONG_INT, Datatype.INT_INT)) {
            assertEquals(t.size(), t.extent());
            assertEquals(0, t.lowerBound());
            assertEquals(0, t.trueLowerBound());
            assertEquals(t.size(), t.trueExtent());
            assertTrue(t.isContiguous());
            assertTrue(t.isCommitted());
            assertTrue(t.isPredefined());
            assertEquals(new TypeConstructor.Named(t), t.constructor());
        }
        assertEquals(16, Datatype.DOUBLE_INT.size());
        assertEquals("INT", Datatype.INT.name());
    }

    /** MPI_Get_elements: predefined elements inside derived ones, pairs as two, partial elements undefined. */
    @Test
    void statusElementsCountPredefinedElements() {
        Datatype triple = Datatype.contiguous(3, Datatype.INT);
        Status fiveInts = new Status(0, 0, 20, triple, false, ErrorClass.SUCCESS);
        assertEquals(Mpi.UNDEFINED, fiveInts.count(), "5 ints are not whole triples");
        assertEquals(5, fiveInts.elements());
        assertEquals(5, fiveInts.elements(Datatype.INT));
        assertEquals(Mpi.UNDEFINED, fiveInts.elements(Datatype.DOUBLE), "20 bytes end inside a double");
        Datatype intDouble = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.INT, Datatype.DOUBLE});
        assertEquals(3, new Status(0, 0, 16, intDouble, false, ErrorClass.SUCCESS).elements(), "int double | int");
        assertEquals(Mpi.UNDEFINED, new Status(0, 0, 14, intDouble, false, ErrorClass.SUCCESS).elements());
        assertEquals(4, new Status(0, 0, 2 * Datatype.DOUBLE_INT.size(), Datatype.DOUBLE_INT, false, ErrorClass.SUCCESS).elements(),
                "two pairs are four elements");
        assertEquals(0, new Status(0, 0, 0, Datatype.contiguous(0, Datatype.INT), false, ErrorClass.SUCCESS).elements());
    }

    @Test
    void vectorMapIsMergedAndBounded() {
        Datatype v = Datatype.vector(3, 2, 4, Datatype.INT);
        assertEquals(24, v.size());
        assertEquals(0, v.lowerBound());
        assertEquals(((2 * 4) + 2) * 4, v.extent()); // last block ends at element 10
        assertEquals(40, v.trueExtent());
        assertFalse(v.isContiguous());
        assertEquals(3, v.map.blocks);
        assertArrayEquals(new long[] {0, 16, 32}, java.util.Arrays.copyOf(v.map.offsets, 3));
        assertArrayEquals(new long[] {2, 2, 2}, java.util.Arrays.copyOf(v.map.counts, 3));
        Datatype dense = Datatype.vector(3, 2, 2, Datatype.INT);
        assertEquals(1, dense.map.blocks, "touching blocks merge");
        assertTrue(dense.isContiguous());
        assertTrue(Datatype.contiguous(5, Datatype.DOUBLE).isContiguous());
    }

    @Test
    void negativeStrideAndResizedBounds() {
        Datatype v = Datatype.hvector(2, 1, -8, Datatype.INT);
        assertEquals(-8, v.lowerBound());
        assertEquals(4, v.upperBound());
        assertEquals(-8, v.trueLowerBound());
        assertEquals(12, v.trueExtent());
        Datatype r = Datatype.resized(Datatype.INT, -4, 16);
        assertEquals(-4, r.lowerBound());
        assertEquals(16, r.extent());
        assertEquals(0, r.trueLowerBound());
        assertEquals(4, r.trueExtent());
        assertFalse(r.isContiguous());
    }

    @Test
    void structIsPaddedLikeC() {
        Datatype s = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT});
        assertEquals(12, s.size());
        assertEquals(16, s.extent());
        assertEquals(12, s.trueExtent());
        Datatype c = Datatype.struct(new int[] {1, 3}, new long[] {0, 1}, new Datatype[] {Datatype.BYTE, Datatype.BYTE});
        assertEquals(4, c.extent());
        assertTrue(c.isContiguous());
    }

    @Test
    void subarrayInBothOrders() {
        // 4x5 ints, the 2x3 block at (1,2)
        Datatype cOrder = Datatype.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 2}, Datatype.Order.C, Datatype.INT);
        assertEquals(0, cOrder.lowerBound());
        assertEquals(80, cOrder.extent());
        assertEquals(24, cOrder.size());
        assertEquals((1 * 5 + 2) * 4, cOrder.trueLowerBound());
        assertEquals(2, cOrder.map.blocks);
        assertEquals(28, cOrder.map.offsets[0]);
        assertEquals(48, cOrder.map.offsets[1]);
        Datatype f = Datatype.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 2}, Datatype.Order.FORTRAN, Datatype.INT);
        assertEquals(3, f.map.blocks);
        assertEquals((2 * 4 + 1) * 4, f.map.offsets[0]);
        assertEquals((3 * 4 + 1) * 4, f.map.offsets[1]);
    }

    @Test
    void packThenUnpackIsIdentityAndLeavesGaps() {
        Datatype v = Datatype.vector(3, 1, 3, Datatype.INT).commit();
        int[] src = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] packed = Packing.pack(Buf.of(src).withType(v, 1));
        assertEquals(12, packed.length);
        int[] dst = new int[9];
        java.util.Arrays.fill(dst, -1);
        assertEquals(12, Packing.unpack(MemorySegment.ofArray(packed), 0, Buf.of(dst).withType(v, 1)));
        assertArrayEquals(new int[] {0, -1, -1, 3, -1, -1, 6, -1, -1}, dst);
    }

    @Test
    void external32IsBigEndian() {
        byte[] out = new byte[(int) Packing.externalSize(Datatype.INT, 2)];
        Packing.packExternal(Buf.of(new int[] {1, 0x01020304}), MemorySegment.ofArray(out), 0);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 1, 2, 3, 4}, out);
        assertEquals(12, Packing.externalSize(Datatype.DOUBLE_INT, 1));
        int[] back = new int[2];
        Packing.unpackExternal(MemorySegment.ofArray(out), 0, Buf.of(back));
        assertArrayEquals(new int[] {1, 0x01020304}, back);
    }

    @Test
    void signatures() {
        Datatype v = Datatype.vector(2, 1, 2, Datatype.INT);
        assertTrue(Datatype.signaturesMatch(v, Datatype.INT, 8));
        assertFalse(Datatype.signaturesMatch(v, Datatype.FLOAT, 8));
        assertFalse(Datatype.signaturesMatch(Datatype.INT, Datatype.FLOAT, 0));
        Datatype s = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT});
        assertTrue(Datatype.signaturesMatch(s, Datatype.dup(s), 24));
        assertFalse(Datatype.signaturesMatch(s, Datatype.DOUBLE, 24));
    }

    @Test
    void lifecycleAndErrors() {
        Datatype v = Datatype.contiguous(2, Datatype.INT);
        assertFalse(v.isCommitted());
        assertEquals(ErrorClass.ERR_TYPE, error(() -> Packing.pack(Buf.of(new int[4]).withType(v, 1))));
        v.commit();
        assertTrue(v.isCommitted());
        Datatype d = Datatype.dup(v);
        assertTrue(d.isCommitted());
        assertEquals(new TypeConstructor.Dup(v), d.constructor());
        v.setName("pair");
        assertEquals("pair", v.toString());
        v.free();
        assertTrue(v.isFreed());
        assertEquals(ErrorClass.ERR_TYPE, error(v::free));
        assertEquals(ErrorClass.ERR_TYPE, error(() -> Datatype.vector(1, 1, 1, v)));
        assertEquals(ErrorClass.ERR_TYPE, error(Datatype.INT::free));
        assertEquals(ErrorClass.ERR_TYPE, error(() -> Datatype.INT.setName("x")));
        assertEquals(ErrorClass.ERR_COUNT, error(() -> Datatype.contiguous(-1, Datatype.INT)));
        assertEquals(ErrorClass.ERR_ARG, error(() -> Datatype.vector(1, -1, 1, Datatype.INT)));
        assertEquals(ErrorClass.ERR_ARG, error(() -> Datatype.indexed(new int[] {1}, new int[] {1, 2}, Datatype.INT)));
        assertEquals(ErrorClass.ERR_ARG, error(() -> Datatype.subarray(new int[] {4}, new int[] {3}, new int[] {2}, Datatype.Order.C, Datatype.INT)));
        assertEquals(ErrorClass.ERR_TYPE, error(() -> Datatype.contiguous(1, null)));
        Datatype col = Datatype.vector(3, 1, 3, Datatype.INT).commit();
        assertEquals(ErrorClass.ERR_COUNT, error(() -> Buf.of(new int[9], 1, 8).withType(col, 2)));
        assertEquals(ErrorClass.ERR_TRUNCATE, error(() -> Packing.pack(Buf.of(new int[9]).withType(col, 1), MemorySegment.ofArray(new byte[8]), 0)));
        assertEquals(ErrorClass.ERR_ARG, error(() -> Packing.pack(Buf.of(new int[9]).withType(col, 1), MemorySegment.ofArray(new byte[8]), 9)));
    }
}
