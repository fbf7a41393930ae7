package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The native provider's own side of derived datatypes, which the shared TCK cannot see: a
 * non-contiguous send really goes through a cached MPI datatype (not a Java-packed copy), the MPI
 * type of every constructor has exactly mpi4j's size, bounds and true bounds as MPI itself reports
 * them (so element strides and data agree between the two), and a freed datatype's MPI type is
 * released.
 */
class NativeDerivedTypeHandlesTest extends NativeJobTest {
    /** A column sent from native memory builds and caches its MPI type; freeing it releases the MPI type. */
    @Test
    void derivedSendUsesACachedMpiType() {
        run(2, world -> {
            TypeHandles types = JniSession.current().types;
            int n = 4;
            Datatype column = Datatype.vector(n, 1, n, Datatype.INT).commit();
            if (world.rank() == 0) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment m = arena.allocate(4L * n * n);
                    for (int i = 0; i < n * n; i++) {
                        m.setAtIndex(ValueLayout.JAVA_INT, i, i);
                    }
                    assertFalse(types.cached(column).isPresent(), "no MPI type before the first use");
                    world.send(Buf.of(m, column, 1), 1, 0);
                    assertTrue(types.cached(column).isPresent(), "the send built the column's MPI type");
                    assertTrue(types.cached(Datatype.INT).isPresent(), "and the one of its element type");
                }
            } else {
                int[] got = new int[n];
                world.recv(Buf.of(got), 0, 0);
                assertArrayEquals(new int[] {0, 4, 8, 12}, got);
            }
            column.free();
            // the next type built sweeps the freed one out
            Datatype other = Datatype.vector(2, 1, 3, Datatype.LONG).commit();
            types.handle(other);
            assertFalse(types.cached(column).isPresent(), "the freed column's MPI type was released");
            other.free();
            return null;
        });
    }

    /** MPI's view of the type of every constructor equals mpi4j's: size, lower bound, extent, true bounds. */
    @Test
    void mpiTypesHaveMpi4jBounds() {
        run(1, world -> {
            TypeHandles types = JniSession.current().types;
            Datatype pair = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT});
            Map<String, Datatype> cases = new LinkedHashMap<>();
            cases.put("contiguous", Datatype.contiguous(3, Datatype.SHORT));
            cases.put("vector", Datatype.vector(3, 2, 5, Datatype.INT));
            cases.put("vector with a negative stride", Datatype.vector(3, 1, -2, Datatype.DOUBLE));
            cases.put("hvector", Datatype.hvector(2, 3, 40, Datatype.FLOAT));
            cases.put("indexed", Datatype.indexed(new int[] {2, 1}, new int[] {3, 0}, Datatype.LONG));
            cases.put("hindexed", Datatype.hindexed(new int[] {1, 2}, new long[] {16, 2}, Datatype.CHAR));
            cases.put("indexedBlock", Datatype.indexedBlock(2, new int[] {4, 0, 9}, Datatype.INT));
            cases.put("hindexedBlock", Datatype.hindexedBlock(1, new long[] {24, 8}, Datatype.DOUBLE));
            cases.put("struct with padding", pair);
            cases.put("struct of pairs", Datatype.struct(new int[] {2, 1}, new long[] {0, 40},
                    new Datatype[] {Datatype.LONG_INT, Datatype.BYTE}));
            cases.put("vector of structs", Datatype.vector(2, 1, 3, pair));
            cases.put("resized", Datatype.resized(Datatype.vector(3, 1, 4, Datatype.INT), -4, 8));
            cases.put("contiguous of resized", Datatype.contiguous(3, Datatype.resized(Datatype.INT, 0, 12)));
            cases.put("subarray C", Datatype.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 2}, Datatype.Order.C,
                    Datatype.INT));
            cases.put("subarray Fortran", Datatype.subarray(new int[] {4, 5, 2}, new int[] {2, 3, 1}, new int[] {1, 0, 1},
                    Datatype.Order.FORTRAN, Datatype.DOUBLE));
            cases.put("darray", Datatype.darray(4, 3, new int[] {7, 5}, new Datatype.Distribution[] {Datatype.Distribution.CYCLIC,
                Datatype.Distribution.BLOCK}, new int[] {2, Datatype.DEFAULT_DARG}, new int[] {2, 2}, Datatype.Order.C, Datatype.INT));
            cases.put("dup", Datatype.dup(Datatype.vector(2, 1, 2, Datatype.SHORT)));
            cases.put("empty", Datatype.contiguous(0, Datatype.INT));
            for (Map.Entry<String, Datatype> c : cases.entrySet()) {
                Datatype t = c.getValue().commit();
                long[] mpi = new long[5];
                Errors.check(JniTypes.describe(types.handle(t), mpi), "describe");
                String what = c.getKey() + " " + t;
                assertEquals(t.size(), mpi[0], what + ": size");
                assertEquals(t.lowerBound(), mpi[1], what + ": lower bound");
                assertEquals(t.extent(), mpi[2], what + ": extent");
                if (t.size() > 0) {
                    assertEquals(t.trueLowerBound(), mpi[3], what + ": true lower bound");
                    assertEquals(t.trueExtent(), mpi[4], what + ": true extent");
                }
            }
            return null;
        });
    }
}
