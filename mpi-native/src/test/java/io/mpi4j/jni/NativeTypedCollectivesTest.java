package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native provider's data-movement collectives, as the shared TCK cannot see them: a gather
 * into a derived column type goes through the column's cached MPI datatype (not a Java-packed
 * copy), predefined types travel as their byte-run MPI types, and a broadcast of more than
 * {@code Integer.MAX_VALUE} elements maps to one MPI_Bcast of a "big" datatype instead of the
 * provider-neutral algorithms.
 */
class NativeTypedCollectivesTest extends NativeJobTest {
    /** Just over 2^31 bytes: an element count no MPI int can hold. */
    private static final long BYTES = (2L << 30) + 4096 + 3;

    /** A gather into a column type builds and uses the column's MPI type; the ints elsewhere use INT's. */
    @Test
    void derivedGatherUsesTheMpiType() {
        run(3, world -> {
            TypeHandles types = JniSession.current().types;
            int n = world.size();
            Datatype column = Datatype.resized(Datatype.vector(2, 1, n, Datatype.INT), 0, Integer.BYTES).commit();
            assertFalse(types.cached(column).isPresent(), "no MPI type before the first use");
            int[] matrix = new int[2 * n];
            world.gather(Buf.of(new int[] {world.rank(), 10 + world.rank()}), world.rank() == 0
                    ? Buf.of(matrix).withType(column, n) : null, 0);
            assertTrue(types.cached(Datatype.INT).isPresent(), "the ints travelled as INT's MPI type");
            if (world.rank() == 0) {
                assertTrue(types.cached(column).isPresent(), "the gather built the column's MPI type");
                for (int r = 0; r < n; r++) {
                    assertEquals(r, matrix[r], "row 0, column " + r);
                    assertEquals(10 + r, matrix[n + r], "row 1, column " + r);
                }
            }
            column.free();
            return null;
        });
    }

    /** The byte at {@code i}: varies with the page and the offset, so a misplaced chunk shows. */
    private static byte at(long i) {
        return (byte) (i * 31 + (i >>> 12));
    }

    /** A broadcast of 2 GiB + 4 KiB + 3 bytes, from and into native memory, arrives whole. */
    @Test
    @Timeout(300)
    void bcastOfMoreThanIntMaxElements() throws IOException {
        long available = availableMemory();
        // two ranks of 2 GiB each, and room for MPI's shared-memory buffers and the JVMs
        Assumptions.assumeTrue(available >= 3 * BYTES, "skipped: needs about " + (3 * BYTES >> 30)
                + " GiB of available memory for 2 ranks of a " + BYTES + "-byte broadcast; MemAvailable is "
                + (available >> 20) + " MiB");
        run(2, world -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment m = arena.allocate(BYTES);
                if (world.rank() == 0) {
                    for (long i = 0; i < BYTES; i += 4096) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i));
                    }
                    for (long i = BYTES - 3; i < BYTES; i++) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i));
                    }
                }
                world.bcast(Buf.of(m), 0);
                for (long i = 0; i < BYTES; i += 4096) {
                    assertEquals(at(i), m.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
                for (long i = BYTES - 3; i < BYTES; i++) {
                    assertEquals(at(i), m.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
            }
            return null;
        });
    }

    /** MemAvailable of /proc/meminfo in bytes, or 0 where there is none. */
    private static long availableMemory() throws IOException {
        Path info = Path.of("/proc/meminfo");
        if (!Files.isReadable(info)) {
            return 0;
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
