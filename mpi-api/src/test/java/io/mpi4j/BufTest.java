package io.mpi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufTest {
    @Test
    void arraysInferTheirDatatype() {
        assertEquals(Datatype.INT, Buf.of(new int[3]).datatype());
        assertEquals(Datatype.DOUBLE, Buf.of(new double[3]).datatype());
        assertEquals(Datatype.BOOLEAN, Buf.of(new boolean[3]).datatype());
        assertEquals(Datatype.CHAR, Buf.of(new char[3]).datatype());
        assertEquals(24, Buf.of(new long[3]).byteSize());
        assertEquals(12, Buf.of(new int[10], 2, 3).segment().byteSize());
    }

    @Test
    void badSlicesHaveTheRightErrorClass() {
        assertEquals(ErrorClass.ERR_COUNT, assertThrows(MpiException.class, () -> Buf.of(new int[4], 0, -1)).errorClass());
        assertEquals(ErrorClass.ERR_COUNT, assertThrows(MpiException.class, () -> Buf.of(new int[4], 2, 3)).errorClass());
        assertEquals(ErrorClass.ERR_BUFFER, assertThrows(MpiException.class, () -> Buf.of(new int[4], -1, 1)).errorClass());
        assertEquals(ErrorClass.ERR_BUFFER, assertThrows(MpiException.class, () -> Buf.of((int[]) null)).errorClass());
        assertEquals(ErrorClass.ERR_BUFFER, assertThrows(MpiException.class, () -> Buf.of((ByteBuffer) null)).errorClass());
        assertEquals(ErrorClass.ERR_TYPE, assertThrows(MpiException.class,
                () -> Buf.of(ByteBuffer.allocate(8), null)).errorClass());
        assertEquals(ErrorClass.ERR_COUNT, assertThrows(MpiException.class,
                () -> Buf.of(ByteBuffer.allocate(8), Datatype.INT, 3)).errorClass());
    }

    @Test
    void byteBuffersCoverTheirRemainingBytes() {
        ByteBuffer bb = ByteBuffer.allocateDirect(20);
        bb.position(4);
        Buf b = Buf.of(bb, Datatype.INT);
        assertEquals(4, b.count());
        assertTrue(b.segment().isNative());
        assertTrue(Buf.of(ByteBuffer.allocate(4).asReadOnlyBuffer()).isReadOnly());
    }

    @Test
    void segmentsMayExceedTwoGigabytesInCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64);
            Buf b = Buf.of(seg, Datatype.LONG);
            assertEquals(8, b.count());
            assertEquals(3, b.slice(5, 3).count());
            assertEquals(ErrorClass.ERR_COUNT, assertThrows(MpiException.class, () -> b.slice(6, 3)).errorClass());
        }
    }

    @Test
    void inPlaceIsAMarker() {
        assertTrue(Buf.IN_PLACE.isInPlace());
        assertFalse(Buf.IN_PLACE.hasSegment());
        assertThrows(UnsupportedOperationException.class, Buf.IN_PLACE::segment);
    }

    @Test
    void statusCountsInAnyDatatype() {
        Status s = new Status(1, 2, 12, Datatype.INT, false, ErrorClass.SUCCESS);
        assertEquals(3, s.count());
        assertEquals(12, s.count(Datatype.BYTE));
        assertEquals(Mpi.UNDEFINED, s.count(Datatype.LONG));
        assertEquals(Mpi.PROC_NULL, Status.procNull(Datatype.INT).source());
    }

    @Test
    void errorClassesRoundTripTheirCodes() {
        for (ErrorClass c : ErrorClass.values()) {
            assertEquals(c, ErrorClass.ofCode(c.code()));
        }
        assertEquals(0, ErrorClass.SUCCESS.code());
        assertEquals(ErrorClass.ERR_ARG, assertThrows(MpiException.class, () -> ErrorClass.ofCode(-5)).errorClass());
    }

    @Test
    void codecRoundTripsAndRejectsGarbage() {
        JavaSerializationCodec codec = new JavaSerializationCodec();
        byte[] bytes = codec.encode(java.util.List.of(1, "two", 3.0));
        assertEquals(java.util.List.of(1, "two", 3.0), codec.decode(bytes, bytes.length));
        assertEquals(ErrorClass.ERR_TYPE, assertThrows(MpiException.class, () -> codec.decode(new byte[] {1, 2, 3}, 3)).errorClass());
        assertEquals(ErrorClass.ERR_ARG, assertThrows(MpiException.class, () -> codec.encode(new Object())).errorClass());
    }

    @Test
    void aFilterRejectionNamesWhatWasRejected() {
        JavaSerializationCodec strict = new JavaSerializationCodec(
                java.io.ObjectInputFilter.Config.createFilter("!java.util.HashMap;maxdepth=5"), null);
        byte[] map = strict.encode(new java.util.HashMap<>(java.util.Map.of("a", 1)));
        MpiException e = assertThrows(MpiException.class, () -> strict.decode(map, map.length));
        assertEquals(ErrorClass.ERR_TYPE, e.errorClass());
        assertTrue(e.getMessage().contains("class java.util.HashMap"), e.getMessage());
        java.util.List<Object> deep = new java.util.ArrayList<>();
        java.util.List<Object> at = deep;
        for (int i = 0; i < 10; i++) {
            java.util.List<Object> inner = new java.util.ArrayList<>();
            at.add(inner);
            at = inner;
        }
        byte[] nested = strict.encode(deep);
        MpiException tooDeep = assertThrows(MpiException.class, () -> strict.decode(nested, nested.length));
        assertTrue(tooDeep.getMessage().contains("depth 6"), tooDeep.getMessage());
    }
}
