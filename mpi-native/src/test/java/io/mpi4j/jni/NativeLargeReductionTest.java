package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Op;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Reductions of more elements than an MPI int count on native ({@link ChunkedReductions}): an
 * allreduce, a nonblocking allreduce and a reduce of 2^31 + 3 bytes (three slices: two of 2^30
 * elements and one of 3) in place in native segments, summed over two ranks. Each result is
 * checked at every 4 KiB, around the slice boundaries and at the end; a misplaced or missing slice
 * shows there. Then reduce-scatters of 2^31 + 4 bytes: each block is one MPI_Reduce to its rank,
 * sliced when over {@link ChunkedReductions#CHUNK}, and with IN_PLACE moved to the front.
 */
class NativeLargeReductionTest extends NativeJobTest {
    private static final long ELEMENTS = (2L << 30) + 3;

    /**
     * Rank {@code r}'s element {@code i} at the checked positions (0 elsewhere): varies with page and
     * offset, and two of them add up without overflow (Open MPI 4.1's vectorized MPI_SUM on 8-bit
     * integers saturates where Java's byte arithmetic wraps; MPI leaves overflow undefined).
     */
    private static byte at(long i, int r) {
        return (byte) (((i * 31 + (i >>> 12)) & 0x1f) + 17 * r);
    }

    /** The positions set and checked: every 4 KiB, around each slice boundary, and the last bytes. */
    private static long[] positions() {
        java.util.TreeSet<Long> p = new java.util.TreeSet<>();
        for (long i = 0; i < ELEMENTS; i += 4096) {
            p.add(i);
        }
        for (long b : new long[] {ChunkedReductions.CHUNK, 2 * ChunkedReductions.CHUNK, ELEMENTS}) {
            for (long i = b - 3; i < b + 3 && i < ELEMENTS; i++) {
                p.add(i);
            }
        }
        return p.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void reductionsOverTwoGiBElementsArriveWhole() {
        run(2, world -> {
            long[] positions = positions();
            // shared memory: the API reduces it in place (confined memory would be staged in a copy)
            try (Arena arena = Arena.ofShared()) {
                MemorySegment m = arena.allocate(ELEMENTS);
                for (int round = 0; round < 3; round++) {
                    m.fill((byte) 0);
                    for (long i : positions) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i, world.rank()));
                    }
                    String how = switch (round) {
                        case 0 -> {
                            world.allreduce(Buf.IN_PLACE, Buf.of(m), Op.SUM);
                            yield "allreduce";
                        }
                        case 1 -> {
                            world.iallreduce(Buf.IN_PLACE, Buf.of(m), Op.SUM).await();
                            yield "iallreduce";
                        }
                        default -> {
                            if (world.rank() == 0) {
                                world.reduce(Buf.IN_PLACE, Buf.of(m), Op.SUM, 0);
                            } else {
                                world.reduce(Buf.of(m), null, Op.SUM, 0);
                            }
                            yield "reduce";
                        }
                    };
                    if (round < 2 || world.rank() == 0) {
                        for (long i : positions) {
                            assertEquals((byte) (at(i, 0) + at(i, 1)), m.get(ValueLayout.JAVA_BYTE, i), how + ": element " + i);
                        }
                        assertEquals((byte) 0, m.get(ValueLayout.JAVA_BYTE, 4095), how + ": an element both ranks left 0");
                    }
                }
            }
            return null;
        });
    }

    /** The operands of a reduce-scatter: two blocks of 2^30 + 2, or of 5 and {@code Integer.MAX_VALUE}. */
    private static final long SCATTERED = ELEMENTS + 1;

    @Test
    void reduceScattersOverTwoGiBElementsArriveWhole() {
        run(2, world -> {
            long[] positions = positions();
            long half = SCATTERED / 2;
            int[][] countsOf = {{(int) half, (int) half}, {5, Integer.MAX_VALUE}, {Integer.MAX_VALUE, 5}};
            try (Arena arena = Arena.ofShared()) {
                MemorySegment m = arena.allocate(SCATTERED);
                for (int round = 0; round < 4; round++) {
                    m.fill((byte) 0);
                    for (long i : positions) {
                        m.set(ValueLayout.JAVA_BYTE, i, at(i, world.rank()));
                    }
                    int[] counts = countsOf[Math.max(0, round - 1)];
                    long mine = counts[world.rank()];
                    long from = world.rank() == 0 ? 0 : counts[0];
                    MemorySegment result = m;
                    String how = switch (round) {
                        case 0 -> {
                            world.reduceScatterBlock(Buf.IN_PLACE, Buf.of(m), Op.SUM);
                            yield "reduceScatterBlock in place";
                        }
                        case 1 -> {
                            world.ireduceScatterBlock(Buf.IN_PLACE, Buf.of(m), Op.SUM).await();
                            yield "ireduceScatterBlock in place";
                        }
                        case 2 -> {
                            world.reduceScatter(Buf.IN_PLACE, Buf.of(m), counts, Op.SUM);
                            yield "reduceScatter in place, counts " + java.util.Arrays.toString(counts);
                        }
                        default -> {
                            result = arena.allocate(mine);
                            result.fill((byte) 0x55);
                            world.ireduceScatter(Buf.of(m), Buf.of(result), counts, Op.SUM).await();
                            yield "ireduceScatter, counts " + java.util.Arrays.toString(counts);
                        }
                    };
                    for (long i : positions) {
                        if (i >= from && i < from + mine) {
                            assertEquals((byte) (at(i, 0) + at(i, 1)), result.get(ValueLayout.JAVA_BYTE, i - from),
                                    how + ": rank " + world.rank() + "'s element " + (i - from));
                        }
                    }
                }
            }
            return null;
        });
    }
}
