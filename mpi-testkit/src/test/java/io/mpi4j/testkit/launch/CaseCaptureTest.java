package io.mpi4j.testkit.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mpi4j.Datatype;
import io.mpi4j.Op;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries.ReductionCase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The arguments of a TCK case or a jqwik try travel to the processes of an MPI job and come back
 * equal: through real Java serialization, as {@link TckWorker} receives them.
 */
class CaseCaptureTest {
    /** A serializable record holding something that does not serialize by itself. */
    record Holder(String name, Op op) implements Serializable {
    }

    private static Object travel(Object arg) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(CaseCapture.portable(arg));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return CaseCapture.restore(in.readObject());
        }
    }

    @Test
    void recordsWithConstantsListsAndArraysTravel() throws Exception {
        ReductionCase c = new ReductionCase(3, 1, CollectiveArbitraries.LONG_SUM, Datatype.LONG, 2,
                List.of(new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 6}));
        ReductionCase back = (ReductionCase) travel(c);
        assertSame(CollectiveArbitraries.LONG_SUM, back.op(), "a user operation constant of the generators");
        assertSame(Datatype.LONG, back.datatype(), "a predefined datatype");
        assertEquals(3, back.operands().size());
        assertArrayEquals(new long[] {3, 4}, (long[]) back.operands().get(1));
    }

    @Test
    void arraysOptionalsAndSerializableRecordsWithConstantsTravel() throws Exception {
        Datatype[] types = (Datatype[]) travel(new Datatype[] {Datatype.INT, Datatype.DOUBLE_INT});
        assertSame(Datatype.INT, types[0]);
        assertSame(Datatype.DOUBLE_INT, types[1]);
        assertSame(Op.MAXLOC, ((Optional<?>) travel(Optional.of(Op.MAXLOC))).orElseThrow());
        assertEquals(Optional.empty(), travel(Optional.empty()));
        Holder h = (Holder) travel(new Holder("x", Op.BXOR));
        assertEquals("x", h.name());
        assertSame(Op.BXOR, h.op());
        int[][] grid = (int[][]) travel(new int[][] {{1}, {2, 3}});
        assertArrayEquals(new int[] {2, 3}, grid[1]);
    }

    @Test
    void segmentsTravelAsTheirBytes() throws Exception {
        MemorySegment m = Arena.ofAuto().allocate(12, 8);
        for (int i = 0; i < 3; i++) {
            m.setAtIndex(ValueLayout.JAVA_INT, i, 7 * i + 1);
        }
        MemorySegment back = (MemorySegment) travel(m);
        assertEquals(12, back.byteSize());
        assertEquals(15, back.getAtIndex(ValueLayout.JAVA_INT, 2));
    }
}
