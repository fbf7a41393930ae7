package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.testkit.tck.TckOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reductions and broadcasts of more elements than an MPI int count on an intercommunicator
 * ({@link LargeInterCollectives}; the broadcasts there only under MPICH 4.0, the library's own
 * elsewhere), on 4 ranks in two groups of two: a reduce whose root's group has a {@code PROC_NULL}
 * rank (it knows nothing of the size, and makes its usual library call), a nonblocking reduce with
 * a non-commutative user operation in the other direction, a reduce-scatter-block, a nonblocking
 * reduce-scatter with blocks of 5 and 2^31 − 1, an allreduce with the user operation, a broadcast
 * from a root that is not its group's first rank, and a nonblocking one whose receivers count the
 * bytes as {@code int}s (fewer elements than an int counts: the call is large by its bytes). The operands are mostly untouched anonymous memory (no RAM
 * until written), with values every MiB and around every slice and block boundary.
 */
class NativeLargeInterCollectivesTest extends NativeJobTest {
    /** Elements of a reduce: three slices beyond 2^31. */
    private static final long ELEMENTS = (2L << 30) + 3;
    /** Elements a reduce-scatter reduces: 2 × (2^30 + 2). */
    private static final long TOTAL = ELEMENTS + 1;

    /** World rank {@code r}'s operand at position {@code i}: 0 at a third of the positions, small enough to add. */
    private static byte at(long i, int r) {
        return ((i >>> 20) + r) % 3 == 0 ? 0 : (byte) (((i * 31 + (i >>> 20)) & 0xf) + 1 + 8 * r);
    }

    /** Non-commutative and associative: the left operand where it is not 0, else the right one. */
    private static final Op FIRST_NONZERO = Op.create((in, inout, count, type) -> {
        long bytes = count * type.extent();
        long i = 0;
        for (; i + 8 <= bytes; i += 8) {
            if (in.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != 0) {
                for (long k = i; k < i + 8; k++) {
                    byte b = in.get(ValueLayout.JAVA_BYTE, k);
                    if (b != 0) {
                        inout.set(ValueLayout.JAVA_BYTE, k, b);
                    }
                }
            }
        }
        for (; i < bytes; i++) {
            byte b = in.get(ValueLayout.JAVA_BYTE, i);
            if (b != 0) {
                inout.set(ValueLayout.JAVA_BYTE, i, b);
            }
        }
    }, false);

    private static byte sum(long i, int r1, int r2) {
        return (byte) (at(i, r1) + at(i, r2));
    }

    private static byte first(long i, int r1, int r2) {
        return at(i, r1) != 0 ? at(i, r1) : at(i, r2);
    }

    /** The positions set and checked: every MiB, around slice and block boundaries, the last ones. */
    private static long[] positions() {
        TreeSet<Long> p = new TreeSet<>();
        for (long i = 0; i < TOTAL; i += 1 << 20) {
            p.add(i);
            p.add(i + 4099);
        }
        long slice = LargeInterCollectives.SLICE_BYTES;
        for (long b = slice; b <= TOTAL + slice; b += slice) {
            p.add(b - 1);
            p.add(b);
        }
        for (long b : new long[] {5, TOTAL / 2, Integer.MAX_VALUE, ELEMENTS, TOTAL}) {
            for (long i = b - 2; i < b + 2; i++) {
                p.add(i);
            }
        }
        p.removeIf(i -> i < 0 || i >= TOTAL);
        return p.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void intercommunicatorReductionsAndBroadcastsOverTwoGiBElementsArriveWhole() {
        // about 16 GiB move through shared memory, each byte copied twice: more than a TCK job's minute under load
        run(4, TckOptions.defaults().withTimeout(Duration.ofMinutes(3)), world -> {
            int me = world.rank();
            boolean low = me < 2;
            long[] positions = positions();
            try (Intracomm half = world.split(low ? 0 : 1, me).orElseThrow();
                 Intercomm inter = half.createIntercomm(0, world, low ? 2 : 0, 9);
                 Arena arena = Arena.ofShared()) {
                MemorySegment operands = untouched(TOTAL, arena);
                for (long i : positions) {
                    operands.set(ValueLayout.JAVA_BYTE, i, at(i, me));
                }
                Buf send = Buf.of(operands.asSlice(0, ELEMENTS));

                // reduce to world rank 2, with world rank 3 PROC_NULL
                try (Arena round = Arena.ofShared()) {
                    MemorySegment result = me == 2 ? untouched(ELEMENTS, round) : null;
                    if (low) {
                        inter.reduce(send, null, Op.SUM, 0);
                    } else {
                        inter.reduce(null, result == null ? null : Buf.of(result), Op.SUM, me == 2 ? Mpi.ROOT : Mpi.PROC_NULL);
                    }
                    if (me == 2) {
                        check(result, positions, 0, ELEMENTS, i -> sum(i, 0, 1), "reduce at world rank 2");
                    }
                }

                // nonblocking reduce to world rank 1 with the non-commutative operation, world rank 0 PROC_NULL
                try (Arena round = Arena.ofShared()) {
                    MemorySegment result = me == 1 ? untouched(ELEMENTS, round) : null;
                    if (low) {
                        inter.ireduce(null, result == null ? null : Buf.of(result), FIRST_NONZERO,
                                me == 1 ? Mpi.ROOT : Mpi.PROC_NULL).await();
                    } else {
                        inter.ireduce(send, null, FIRST_NONZERO, 1).await();
                    }
                    if (me == 1) {
                        check(result, positions, 0, ELEMENTS, i -> first(i, 2, 3), "ireduce at world rank 1 in rank order");
                    }
                }

                int[] remote = low ? new int[] {2, 3} : new int[] {0, 1};
                Buf all = Buf.of(operands);
                // reduce-scatter-block: blocks of 2^30 + 2 over each group
                try (Arena round = Arena.ofShared()) {
                    long block = TOTAL / 2;
                    MemorySegment result = untouched(block, round);
                    inter.reduceScatterBlock(all, Buf.of(result), Op.SUM);
                    check(result, positions, inter.rank() * block, block, i -> sum(i, remote[0], remote[1]),
                            "reduceScatterBlock at world rank " + me);
                }

                // nonblocking reduce-scatter, uneven in the low group
                try (Arena round = Arena.ofShared()) {
                    int[] counts = low ? new int[] {5, Integer.MAX_VALUE} : new int[] {(int) (TOTAL / 2), (int) (TOTAL / 2)};
                    long from = inter.rank() == 0 ? 0 : counts[0];
                    MemorySegment result = untouched(counts[inter.rank()], round);
                    inter.ireduceScatter(all, Buf.of(result), counts, FIRST_NONZERO).await();
                    check(result, positions, from, counts[inter.rank()], i -> first(i, remote[0], remote[1]),
                            "ireduceScatter " + Arrays.toString(counts) + " at world rank " + me);
                }

                // allreduce with the user operation (a predefined one splits into library calls)
                try (Arena round = Arena.ofShared()) {
                    MemorySegment result = untouched(ELEMENTS, round);
                    inter.allreduce(send, Buf.of(result), FIRST_NONZERO);
                    check(result, positions, 0, ELEMENTS, i -> first(i, remote[0], remote[1]), "allreduce at world rank " + me);
                }

                // broadcast from world rank 1 (not its group's first rank: MPICH 4.0's case), world rank 0 PROC_NULL
                try (Arena round = Arena.ofShared()) {
                    MemorySegment data = low ? null : untouched(ELEMENTS, round);
                    if (low) {
                        inter.bcast(me == 1 ? send : null, me == 1 ? Mpi.ROOT : Mpi.PROC_NULL);
                    } else {
                        inter.bcast(Buf.of(data), 1);
                        check(data, positions, 0, ELEMENTS, i -> at(i, 1), "bcast at world rank " + me);
                    }
                }

                // nonblocking broadcast from world rank 3 as bytes, received as ints, world rank 2 PROC_NULL
                try (Arena round = Arena.ofShared()) {
                    MemorySegment data = low ? untouched(TOTAL, round) : null;
                    if (low) {
                        inter.ibcast(Buf.of(data, Datatype.INT, TOTAL / 4), 1).await();
                        check(data, positions, 0, TOTAL, i -> at(i, 3), "ibcast at world rank " + me);
                    } else {
                        inter.ibcast(me == 3 ? all : null, me == 3 ? Mpi.ROOT : Mpi.PROC_NULL).await();
                    }
                }
            }
            return null;
        });
    }

    /** Checks {@code result[k] == expected(from + k)} at the positions within the block. */
    private static void check(MemorySegment result, long[] positions, long from, long count,
            java.util.function.LongFunction<Byte> expected, String how) {
        for (long i : positions) {
            if (i >= from && i < from + count) {
                assertEquals((byte) expected.apply(i), result.get(ValueLayout.JAVA_BYTE, i - from), how + ": element " + (i - from));
            }
        }
        if (count > 3 * 4096) {
            assertEquals((byte) 0, result.get(ValueLayout.JAVA_BYTE, 2 * 4096 + 7), how + ": an element no rank set");
        }
    }

    /**
     * Zeroed memory that takes no RAM until written: an anonymous private mapping, which reads as
     * the kernel's zero page (an arena's allocation would write every byte).
     */
    private static MemorySegment untouched(long bytes, Arena arena) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MethodHandle munmap = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            int protReadWrite = 0x3;
            int mapPrivateAnonymousNoReserve = 0x02 | 0x20 | 0x4000;
            MemorySegment at = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, bytes, protReadWrite,
                    mapPrivateAnonymousNoReserve, -1, 0L);
            if (at.address() == -1L) {
                throw new IllegalStateException("mmap of " + bytes + " bytes failed");
            }
            return at.reinterpret(bytes, arena, m -> {
                try {
                    int rc = (int) munmap.invokeExact(m, bytes);
                    assert rc == 0;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
