package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every collective through the provider-neutral algorithms of
 * {@link io.mpi4j.spi.coll.DefaultCollectives} ({@link CollectiveAlgorithms#POINT_TO_POINT}) and
 * compares each result with a sequential computation: sizes 1 to 16, every root, {@code IN_PLACE}
 * and not, short and long messages (so that every algorithm branch runs), every operation class
 * including non-commutative ones, nonblocking and persistent forms.
 */
class DefaultCollectivesOnSimTest {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private static Sim sim(int n) {
        return Sim.builder().ranks(n).collectives(CollectiveAlgorithms.POINT_TO_POINT).timeout(Duration.ofSeconds(60)).build();
    }

    // ---- data ----

    /** An 8-byte aligned segment of {@code bytes} bytes. */
    private static MemorySegment alloc(long bytes) {
        return MemorySegment.ofArray(new long[(int) ((bytes + 7) / 8)]).asSlice(0, bytes);
    }

    private static Buf buf(Datatype type, long count) {
        return Buf.of(alloc(count * type.extent()), type, count);
    }

    /** Distinct ints for rank {@code r}, element {@code i}. */
    private static int val(int r, long i) {
        return r * 100_003 + (int) i * 7 + 1;
    }

    private static int[] ints(int r, int count) {
        int[] a = new int[count];
        for (int i = 0; i < count; i++) {
            a[i] = val(r, i);
        }
        return a;
    }

    private static void assertSame(MemorySegment expected, MemorySegment actual, String what) {
        long m = expected.mismatch(actual);
        if (m >= 0) {
            fail(what + ": first difference at byte " + m + " of " + expected.byteSize());
        }
    }

    // ---- operations ----

    /** Writes rank {@code r}'s operands. */
    @FunctionalInterface
    interface Gen {
        void fill(MemorySegment seg, int rank, long count);
    }

    record OpCase(String name, Op op, Datatype type, int unit, Gen gen) {
        Buf operands(int rank, long count) {
            Buf b = buf(type, count);
            gen.fill(b.segment(), rank, count);
            return b;
        }

        /** {@code x(from) op ... op x(to - 1)}, folded sequentially in rank order. */
        MemorySegment fold(int from, int to, long count) {
            MemorySegment acc = operands(from, count).segment();
            for (int r = from + 1; r < to; r++) {
                MemorySegment next = operands(r, count).segment();
                if (count > 0) {
                    op.apply(acc, next, count, type);
                }
                acc = next;
            }
            return acc;
        }
    }

    /** 2x2 integer matrix product, four INTs per matrix: associative and not commutative. */
    private static final Op MATMUL = Op.create((in, inout, count, type) -> {
        for (long m = 0; m < count / 4; m++) {
            long o = m * 16;
            int a = in.get(INT, o), b = in.get(INT, o + 4), c = in.get(INT, o + 8), d = in.get(INT, o + 12);
            int e = inout.get(INT, o), f = inout.get(INT, o + 4), g = inout.get(INT, o + 8), h = inout.get(INT, o + 12);
            inout.set(INT, o, a * e + b * g);
            inout.set(INT, o + 4, a * f + b * h);
            inout.set(INT, o + 8, c * e + d * g);
            inout.set(INT, o + 12, c * f + d * h);
        }
    }, false);

    private static final List<OpCase> OPS = List.of(
            new OpCase("SUM int", Op.SUM, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> val(r, i))),
            new OpCase("SUM double", Op.SUM, Datatype.DOUBLE, 1, (s, r, n) -> fillDoubles(s, n, i -> (r * 31 + i) % 1000 - 300)),
            new OpCase("PROD long", Op.PROD, Datatype.LONG, 1, (s, r, n) -> fillLongs(s, n, i -> (r + i) % 3 + 1)),
            new OpCase("MAX double", Op.MAX, Datatype.DOUBLE, 1, (s, r, n) -> fillDoubles(s, n, i -> Math.sin(r * 7 + i))),
            new OpCase("MIN int", Op.MIN, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> (int) ((r * 37 + i * 11) % 101))),
            new OpCase("LAND int", Op.LAND, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> (int) ((r + i) % 5))),
            new OpCase("LOR int", Op.LOR, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> (r * i) % 7 == 3 ? 2 : 0)),
            new OpCase("LXOR int", Op.LXOR, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> (int) ((r + i) % 3))),
            new OpCase("BAND long", Op.BAND, Datatype.LONG, 1, (s, r, n) -> fillLongs(s, n, i -> ~(1L << ((r + i) % 64)))),
            new OpCase("BOR long", Op.BOR, Datatype.LONG, 1, (s, r, n) -> fillLongs(s, n, i -> 1L << ((r * 3 + i) % 64))),
            new OpCase("BXOR long", Op.BXOR, Datatype.LONG, 1, (s, r, n) -> fillLongs(s, n, i -> (r + 1) * 0x9E3779B97F4A7C15L + i)),
            new OpCase("REPLACE int", Op.REPLACE, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> val(r, i))),
            new OpCase("NO_OP int", Op.NO_OP, Datatype.INT, 1, (s, r, n) -> fillInts(s, n, i -> val(r, i))),
            new OpCase("MAXLOC double_int", Op.MAXLOC, Datatype.DOUBLE_INT, 1, DefaultCollectivesOnSimTest::fillLoc),
            new OpCase("MINLOC double_int", Op.MINLOC, Datatype.DOUBLE_INT, 1, DefaultCollectivesOnSimTest::fillLoc),
            new OpCase("user first (non-commutative)", Op.ofInts((l, r) -> l, false), Datatype.INT, 1,
                    (s, r, n) -> fillInts(s, n, i -> val(r, i))),
            new OpCase("user matmul (non-commutative)", MATMUL, Datatype.INT, 4,
                    (s, r, n) -> fillInts(s, n, i -> (int) ((r * 5 + i * 3) % 7) - 2)),
            new OpCase("user absmax (commutative)", Op.ofDoubles((a, b) -> Math.max(Math.abs(a), Math.abs(b)), true), Datatype.DOUBLE, 1,
                    (s, r, n) -> fillDoubles(s, n, i -> Math.cos(r + i * 0.5) * (r + 1))));

    @FunctionalInterface
    interface LongToInt {
        int at(long i);
    }

    @FunctionalInterface
    interface LongToLong {
        long at(long i);
    }

    @FunctionalInterface
    interface LongToDouble {
        double at(long i);
    }

    private static void fillInts(MemorySegment s, long n, LongToInt f) {
        for (long i = 0; i < n; i++) {
            s.setAtIndex(INT, i, f.at(i));
        }
    }

    private static void fillLongs(MemorySegment s, long n, LongToLong f) {
        for (long i = 0; i < n; i++) {
            s.setAtIndex(LONG, i, f.at(i));
        }
    }

    private static void fillDoubles(MemorySegment s, long n, LongToDouble f) {
        for (long i = 0; i < n; i++) {
            s.setAtIndex(DOUBLE, i, f.at(i));
        }
    }

    /** DOUBLE_INT pairs: value at 0, index at 8; few distinct values, so ties pick the lowest index. */
    private static void fillLoc(MemorySegment s, int r, long n) {
        for (long i = 0; i < n; i++) {
            s.set(DOUBLE, i * 16, (double) ((r * 3 + i) % 4));
            s.set(INT, i * 16 + 8, r);
            s.set(INT, i * 16 + 12, 0);
        }
    }

    private static long roundDown(long count, int unit) {
        return count / unit * unit;
    }

    // ---- barrier ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(60)
    void barrier(int n) {
        AtomicInteger arrived = new AtomicInteger();
        sim(n).exec(world -> {
            for (int round = 1; round <= 5; round++) {
                arrived.incrementAndGet();
                world.barrier();
                assertTrue(arrived.get() >= round * n, "a rank left barrier " + round + " before all arrived");
                world.barrier();
            }
        });
    }

    // ---- bcast ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void bcast(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            // 5000 ints = 20000 bytes: scatter + ring all-gather from 8 ranks on; 25001 an uneven split.
            for (int count : new int[] {0, 1, 10, 3071, 5000, 25001}) {
                for (int root = 0; root < n; root++) {
                    int[] data = rank == root ? ints(root, count) : new int[count];
                    world.bcast(Buf.of(data), root);
                    assertArrayEquals(ints(root, count), data, "bcast count=" + count + " root=" + root);
                }
            }
            // Bytes whose count is not a multiple of the size.
            for (int count : new int[] {12289, 100_003}) {
                byte[] b = new byte[count];
                if (rank == n - 1) {
                    for (int i = 0; i < count; i++) {
                        b[i] = (byte) (i * 31 + 7);
                    }
                }
                world.bcast(Buf.of(b), n - 1);
                for (int i = 0; i < count; i++) {
                    assertEquals((byte) (i * 31 + 7), b[i], "bcast bytes count=" + count + " at " + i);
                }
            }
        });
    }

    // ---- gather / scatter ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void gatherAndScatter(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (int count : new int[] {0, 1, 7, 3000}) {
                for (int root = 0; root < n; root++) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = " count=" + count + " root=" + root + " inPlace=" + inPlace;
                        // gather
                        int[] all = rank == root ? new int[n * count] : null;
                        if (rank == root && inPlace) {
                            System.arraycopy(ints(rank, count), 0, all, rank * count, count);
                        }
                        Buf send = rank == root && inPlace ? Buf.IN_PLACE : Buf.of(ints(rank, count));
                        world.gather(send, rank == root ? Buf.of(all) : null, root);
                        if (rank == root) {
                            for (int r = 0; r < n; r++) {
                                assertArrayEquals(ints(r, count), Arrays.copyOfRange(all, r * count, (r + 1) * count), "gather" + what);
                            }
                        }
                        // scatter
                        int[] src = null;
                        if (rank == root) {
                            src = new int[n * count];
                            for (int r = 0; r < n; r++) {
                                System.arraycopy(ints(r + 50, count), 0, src, r * count, count);
                            }
                        }
                        int[] mine = new int[count];
                        world.scatter(rank == root ? Buf.of(src) : null, rank == root && inPlace ? Buf.IN_PLACE : Buf.of(mine), root);
                        int[] got = rank == root && inPlace ? Arrays.copyOfRange(src, rank * count, (rank + 1) * count) : mine;
                        assertArrayEquals(ints(rank + 50, count), got, "scatter" + what);
                    }
                }
            }
        });
    }

    /** Counts of the v collectives: some zero, all different. */
    private static int vcount(int r, int salt) {
        return (r * 3 + salt) % 5;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void gathervAndScatterv(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (int salt = 0; salt < 3; salt++) {
                int[] counts = new int[n];
                int[] displs = new int[n];
                int next = 2;
                for (int r = n - 1; r >= 0; r--) { // blocks in reverse order, with gaps
                    counts[r] = vcount(r, salt);
                    displs[r] = next;
                    next += counts[r] + 1;
                }
                for (int root = 0; root < n; root++) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = " salt=" + salt + " root=" + root + " inPlace=" + inPlace;
                        int[] all = new int[next];
                        if (rank == root && inPlace) {
                            System.arraycopy(ints(rank, counts[rank]), 0, all, displs[rank], counts[rank]);
                        }
                        Buf send = rank == root && inPlace ? Buf.IN_PLACE : Buf.of(ints(rank, vcount(rank, salt)));
                        world.gatherv(send, rank == root ? VBuf.of(Buf.of(all), counts, displs) : null, root);
                        if (rank == root) {
                            for (int r = 0; r < n; r++) {
                                assertArrayEquals(ints(r, counts[r]), Arrays.copyOfRange(all, displs[r], displs[r] + counts[r]),
                                        "gatherv" + what);
                            }
                        }
                        int[] src = new int[next];
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(ints(r + 9, counts[r]), 0, src, displs[r], counts[r]);
                        }
                        int[] mine = new int[vcount(rank, salt)];
                        world.scatterv(rank == root ? VBuf.of(Buf.of(src), counts, displs) : null,
                                rank == root && inPlace ? Buf.IN_PLACE : Buf.of(mine), root);
                        if (!(rank == root && inPlace)) {
                            assertArrayEquals(ints(rank + 9, mine.length), mine, "scatterv" + what);
                        }
                    }
                }
            }
        });
    }

    // ---- allgather ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void allgather(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            // 30000 ints per block: the ring; the others: Bruck.
            for (int count : new int[] {0, 1, 5, 1000, 30000}) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    int[] all = new int[n * count];
                    Buf send = Buf.of(ints(rank, count));
                    if (inPlace) {
                        System.arraycopy(ints(rank, count), 0, all, rank * count, count);
                        send = Buf.IN_PLACE;
                    }
                    world.allgather(send, Buf.of(all));
                    for (int r = 0; r < n; r++) {
                        assertArrayEquals(ints(r, count), Arrays.copyOfRange(all, r * count, (r + 1) * count),
                                "allgather count=" + count + " inPlace=" + inPlace);
                    }
                }
            }
            for (int salt = 0; salt < 3; salt++) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    int[] counts = new int[n];
                    for (int r = 0; r < n; r++) {
                        counts[r] = vcount(r, salt) * (salt == 2 ? 1000 : 1);
                    }
                    VBuf v = VBuf.of(Buf.of(new int[Arrays.stream(counts).sum()]), counts);
                    int[] all = (int[]) v.buf().base();
                    Buf send = Buf.of(ints(rank, counts[rank]));
                    if (inPlace) {
                        System.arraycopy(ints(rank, counts[rank]), 0, all, v.displ(rank), counts[rank]);
                        send = Buf.IN_PLACE;
                    }
                    world.allgatherv(send, v);
                    for (int r = 0; r < n; r++) {
                        assertArrayEquals(ints(r, counts[r]), Arrays.copyOfRange(all, v.displ(r), v.displ(r) + counts[r]),
                                "allgatherv salt=" + salt + " inPlace=" + inPlace);
                    }
                }
            }
        });
    }

    // ---- alltoall ----

    private static int a2a(int from, int to, int i) {
        return from * 1_000_000 + to * 10_000 + i;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void alltoall(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            // 8200 ints = 32800 bytes per block: pairwise; the others: batches of direct messages.
            for (int count : new int[] {0, 1, 3, 700, 8200}) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    int[] send = new int[n * count];
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < count; i++) {
                            send[j * count + i] = a2a(rank, j, i);
                        }
                    }
                    int[] recv = inPlace ? send : new int[n * count];
                    world.alltoall(inPlace ? Buf.IN_PLACE : Buf.of(send), Buf.of(recv));
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < count; i++) {
                            if (recv[j * count + i] != a2a(j, rank, i)) {
                                fail("alltoall count=" + count + " inPlace=" + inPlace + " block " + j + " element " + i);
                            }
                        }
                    }
                }
            }
            // alltoallv: rank i sends (i + j) % 4 elements to rank j, blocks at shuffled displacements.
            for (boolean inPlace : new boolean[] {false, true}) {
                int[] sc = new int[n];
                int[] rc = new int[n];
                for (int j = 0; j < n; j++) {
                    sc[j] = (rank + j) % 4;
                    rc[j] = (j + rank) % 4;
                }
                VBuf rv = VBuf.of(Buf.of(new int[Arrays.stream(rc).sum() + n]), rc, reverseDispls(rc));
                int[] recv = (int[]) rv.buf().base();
                VBuf sv = inPlace ? null : VBuf.of(Buf.of(new int[Arrays.stream(sc).sum() + n]), sc, reverseDispls(sc));
                VBuf fill = inPlace ? rv : sv;
                int[] sendArr = (int[]) fill.buf().base();
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < fill.count(j); i++) {
                        sendArr[fill.displ(j) + i] = a2a(rank, j, i);
                    }
                }
                world.alltoallv(sv, rv);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < rc[j]; i++) {
                        assertEquals(a2a(j, rank, i), recv[rv.displ(j) + i], "alltoallv inPlace=" + inPlace);
                    }
                }
            }
            // alltoallw: block (i -> j) has (i + j) % 3 + 1 elements, LONG when i + j is even, else INT.
            for (boolean inPlace : new boolean[] {false, true}) {
                int[] counts = new int[n];
                long[] displs = new long[n];
                Datatype[] types = new Datatype[n];
                long at = 8;
                for (int j = n - 1; j >= 0; j--) {
                    counts[j] = (rank + j) % 3 + 1;
                    types[j] = (rank + j) % 2 == 0 ? Datatype.LONG : Datatype.INT;
                    displs[j] = at;
                    at += counts[j] * types[j].extent() + 8;
                }
                MemorySegment recvMem = alloc(at);
                MemorySegment sendMem = inPlace ? recvMem : alloc(at);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < counts[j]; i++) {
                        if (types[j] == Datatype.LONG) {
                            sendMem.set(LONG, displs[j] + 8L * i, a2a(rank, j, i) * 3L);
                        } else {
                            sendMem.set(INT, displs[j] + 4L * i, a2a(rank, j, i));
                        }
                    }
                }
                WBuf rw = new WBuf(recvMem, counts, displs, types);
                world.alltoallw(inPlace ? null : new WBuf(sendMem, counts, displs, types), rw);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < counts[j]; i++) {
                        long got = types[j] == Datatype.LONG ? recvMem.get(LONG, displs[j] + 8L * i) : recvMem.get(INT, displs[j] + 4L * i);
                        long want = types[j] == Datatype.LONG ? a2a(j, rank, i) * 3L : a2a(j, rank, i);
                        assertEquals(want, got, "alltoallw inPlace=" + inPlace + " from " + j + " element " + i);
                    }
                }
            }
        });
    }

    /** Displacements placing the blocks in reverse order with a gap of one element after each. */
    private static int[] reverseDispls(int[] counts) {
        int[] d = new int[counts.length];
        int at = 0;
        for (int j = counts.length - 1; j >= 0; j--) {
            d[j] = at;
            at += counts[j] + 1;
        }
        return d;
    }

    // ---- reductions ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(300)
    void reduce(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (OpCase oc : OPS) {
                for (long count0 : new long[] {0, 1, 8, 1000}) {
                    long count = roundDown(count0, oc.unit()) == 0 && count0 > 0 ? oc.unit() : roundDown(count0, oc.unit());
                    MemorySegment expected = oc.fold(0, n, count);
                    for (int root = 0; root < n; root++) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            String what = "reduce " + oc.name() + " count=" + count + " root=" + root + " inPlace=" + inPlace;
                            Buf mine = oc.operands(rank, count);
                            Buf recv = rank == root ? (inPlace ? mine : buf(oc.type(), count)) : null;
                            world.reduce(rank == root && inPlace ? Buf.IN_PLACE : mine, recv, oc.op(), root);
                            if (rank == root) {
                                assertSame(expected, recv.segment(), what);
                            }
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(300)
    void allreduce(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (OpCase oc : OPS) {
                // Up to 2048 bytes: recursive doubling; beyond: Rabenseifner for predefined operations.
                for (long count0 : new long[] {0, 1, 8, 127, 256, 3001, 20000}) {
                    long count = Math.max(roundDown(count0, oc.unit()), count0 > 0 ? oc.unit() : 0);
                    MemorySegment expected = oc.fold(0, n, count);
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = "allreduce " + oc.name() + " count=" + count + " inPlace=" + inPlace;
                        Buf mine = oc.operands(rank, count);
                        Buf recv = inPlace ? mine : buf(oc.type(), count);
                        world.allreduce(inPlace ? Buf.IN_PLACE : mine, recv, oc.op());
                        assertSame(expected, recv.segment(), what);
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(300)
    void reduceScatter(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (OpCase oc : OPS) {
                int unit = oc.unit();
                for (int salt = 0; salt < 3; salt++) {
                    int[] counts = new int[n];
                    for (int r = 0; r < n; r++) {
                        counts[r] = unit * ((r + salt) % 3) * (salt == 2 ? 100 : 1);
                    }
                    long total = Arrays.stream(counts).asLongStream().sum();
                    long myDispl = 0;
                    for (int r = 0; r < rank; r++) {
                        myDispl += counts[r];
                    }
                    MemorySegment expected = oc.fold(0, n, total);
                    MemorySegment mineExpected = expected.asSlice(myDispl * oc.type().extent(), counts[rank] * oc.type().extent());
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = "reduceScatter " + oc.name() + " salt=" + salt + " inPlace=" + inPlace;
                        Buf mine = oc.operands(rank, total);
                        if (inPlace) {
                            world.reduceScatter(Buf.IN_PLACE, mine, counts, oc.op());
                            assertSame(mineExpected, mine.segment().asSlice(0, mineExpected.byteSize()), what);
                        } else {
                            Buf recv = buf(oc.type(), counts[rank]);
                            world.reduceScatter(mine, recv, counts, oc.op());
                            assertSame(mineExpected, recv.segment(), what);
                        }
                    }
                }
                for (long block : new long[] {0, unit, 50L * unit}) {
                    MemorySegment expected = oc.fold(0, n, block * n);
                    long ext = oc.type().extent();
                    MemorySegment mineExpected = expected.asSlice(rank * block * ext, block * ext);
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = "reduceScatterBlock " + oc.name() + " block=" + block + " inPlace=" + inPlace;
                        Buf mine = oc.operands(rank, block * n);
                        if (inPlace) {
                            world.reduceScatterBlock(Buf.IN_PLACE, mine, oc.op());
                            assertSame(mineExpected, mine.segment().asSlice(0, block * ext), what);
                        } else {
                            Buf recv = buf(oc.type(), block);
                            world.reduceScatterBlock(mine, recv, oc.op());
                            assertSame(mineExpected, recv.segment(), what);
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(300)
    void scanAndExscan(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            for (OpCase oc : OPS) {
                for (long count0 : new long[] {0, 1, 8, 1000}) {
                    long count = Math.max(roundDown(count0, oc.unit()), count0 > 0 ? oc.unit() : 0);
                    MemorySegment inclusive = oc.fold(0, rank + 1, count);
                    for (boolean inPlace : new boolean[] {false, true}) {
                        String what = oc.name() + " count=" + count + " inPlace=" + inPlace;
                        Buf mine = oc.operands(rank, count);
                        Buf recv = inPlace ? mine : buf(oc.type(), count);
                        world.scan(inPlace ? Buf.IN_PLACE : mine, recv, oc.op());
                        assertSame(inclusive, recv.segment(), "scan " + what);

                        mine = oc.operands(rank, count);
                        recv = inPlace ? mine : buf(oc.type(), count);
                        MemorySegment before = alloc(recv.segment().byteSize()).copyFrom(recv.segment());
                        world.exscan(inPlace ? Buf.IN_PLACE : mine, recv, oc.op());
                        MemorySegment want = rank == 0 ? before : oc.fold(0, rank, count);
                        assertSame(want, recv.segment(), "exscan " + what);
                    }
                }
            }
        });
    }

    @Test
    @Timeout(60)
    void maxlocPicksTheLowestIndexOfTies() {
        sim(5).exec(world -> {
            int rank = world.rank();
            MemorySegment in = alloc(32);
            in.set(DOUBLE, 0, rank % 2 == 1 ? 9.0 : 1.0); // ranks 1 and 3 hold the maximum
            in.set(INT, 8, rank);
            in.set(DOUBLE, 16, rank == 4 ? -3.0 : 2.0);   // rank 4 holds the minimum
            in.set(INT, 24, rank);
            MemorySegment max = alloc(32);
            MemorySegment min = alloc(32);
            world.allreduce(Buf.of(in, Datatype.DOUBLE_INT, 2), Buf.of(max, Datatype.DOUBLE_INT, 2), Op.MAXLOC);
            world.allreduce(Buf.of(in, Datatype.DOUBLE_INT, 2), Buf.of(min, Datatype.DOUBLE_INT, 2), Op.MINLOC);
            assertEquals(9.0, max.get(DOUBLE, 0));
            assertEquals(1, max.get(INT, 8));
            assertEquals(2.0, max.get(DOUBLE, 16));
            assertEquals(0, max.get(INT, 24));
            assertEquals(1.0, min.get(DOUBLE, 0));
            assertEquals(0, min.get(INT, 8));
            assertEquals(-3.0, min.get(DOUBLE, 16));
            assertEquals(4, min.get(INT, 24));
        });
    }

    // ---- object collectives ----

    private static String word(int r) {
        return "r" + r + "-" + "x".repeat(r * 37 % 200);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 16})
    @Timeout(120)
    void objects(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            List<String> words = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                words.add(word(r));
            }
            for (int root = 0; root < n; root++) {
                assertEquals(word(root) + "!", world.bcastObject(rank == root ? word(root) + "!" : null, root));
                List<String> gathered = world.gatherObject(word(rank), root);
                assertEquals(rank == root ? words : List.of(), gathered, "gatherObject root=" + root);
                assertEquals(word(rank), world.scatterObject(rank == root ? words : null, root), "scatterObject root=" + root);
                assertEquals(words.stream().reduce("", String::concat),
                        world.reduceObject(word(rank), String::concat, root).orElse(words.stream().reduce("", String::concat)));
            }
            assertEquals(words, world.allgatherObject(word(rank)));
            List<String> out = new ArrayList<>();
            List<String> in = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                out.add(rank + "->" + j + "#".repeat((rank + j) % 5));
                in.add(j + "->" + rank + "#".repeat((rank + j) % 5));
            }
            assertEquals(in, world.alltoallObject(out));
            assertEquals(words.stream().reduce("", String::concat), world.allreduceObject(word(rank), String::concat));
            assertEquals(words.subList(0, rank + 1).stream().reduce("", String::concat), world.scanObject(word(rank), String::concat));
            // Nonblocking object collectives, several at once.
            Request<String> b = world.ibcastObject(rank == 0 ? "hello" : null, 0);
            Request<List<String>> a = world.iallgatherObject(word(rank));
            Request<List<String>> t = world.ialltoallObject(out);
            assertEquals(in, settle(t));
            assertEquals(words, settle(a));
            assertEquals("hello", settle(b));
        });
    }

    // ---- nonblocking and persistent ----

    /**
     * Waits for a request by polling {@link Request#isComplete()} first, then takes its result.
     *
     * <p>Workaround: sim's deadlock check does not know the virtual thread that
     * {@code DefaultCollectives.start} runs a nonblocking collective on until that thread has parked
     * once in a sim wait, so a rank parked in {@code await()} while its collective's thread is still
     * running can be reported as deadlocked (see {@link #awaitRightAfterStart}). Polling keeps the
     * rank's thread out of sim's waits; the result is still taken with {@code await()}.
     */
    static <T> T settle(Request<T> r) {
        untilComplete(r);
        return r.await();
    }

    /** Sleeps until the request has completed, without taking its result (see {@link #settle}). */
    static void untilComplete(Request<?> r) {
        while (!r.isComplete()) {
            try {
                Thread.sleep(0, 200_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 16})
    @Timeout(120)
    void severalNonblockingAtOnce(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            Random random = new Random(42 + rank); // a different order of waiting on each rank
            for (int round = 0; round < 6; round++) {
                int count = round % 2 == 0 ? 10 : 5000;
                int[] b = rank == round % n ? ints(round, count) : new int[count];
                int[] sum = new int[count];
                int[] all = new int[n * count];
                int[] g = rank == 0 ? new int[n * count] : null;
                int[] scan = new int[count];
                int[] rs = new int[count];
                int[] a2a = new int[n];
                int[] a2aIn = new int[n];
                for (int j = 0; j < n; j++) {
                    a2aIn[j] = a2a(rank, j, round);
                }
                List<Request<Status>> reqs = new ArrayList<>();
                reqs.add(world.ibcast(Buf.of(b), round % n));
                reqs.add(world.iallreduce(Buf.of(ints(rank, count)), Buf.of(sum), Op.SUM));
                reqs.add(world.ibarrier());
                reqs.add(world.iallgather(Buf.of(ints(rank, count)), Buf.of(all)));
                reqs.add(world.igather(Buf.of(ints(rank + 1, count)), g == null ? null : Buf.of(g), 0));
                reqs.add(world.iscan(Buf.of(ints(rank, count)), Buf.of(scan), Op.ofInts((l, r) -> l, false)));
                reqs.add(world.ireduceScatterBlock(Buf.of(ints(rank, n * count)), Buf.of(rs), Op.MAX));
                reqs.add(world.ialltoall(Buf.of(a2aIn), Buf.of(a2a)));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < reqs.size(); i++) {
                    order.add(i);
                }
                switch (round % 3) {
                    case 0 -> Collections.reverse(order);
                    case 1 -> Collections.shuffle(order, random);
                    default -> { }
                }
                if (round == 5) {
                    reqs.forEach(DefaultCollectivesOnSimTest::untilComplete);
                    Request.waitAll(reqs);
                } else {
                    for (int i : order) {
                        Status s = settle(reqs.get(i));
                        assertEquals(ErrorClass.SUCCESS, s.error());
                    }
                }
                String what = " round=" + round;
                assertArrayEquals(ints(round, count), b, "ibcast" + what);
                for (int i = 0; i < count; i++) {
                    int want = 0;
                    for (int r = 0; r < n; r++) {
                        want += val(r, i);
                    }
                    assertEquals(want, sum[i], "iallreduce" + what);
                    assertEquals(val(0, i), scan[i], "iscan" + what);
                    int max = Integer.MIN_VALUE;
                    for (int r = 0; r < n; r++) {
                        max = Math.max(max, val(r, rank * count + i));
                    }
                    assertEquals(max, rs[i], "ireduceScatterBlock" + what);
                }
                for (int r = 0; r < n; r++) {
                    assertArrayEquals(ints(r, count), Arrays.copyOfRange(all, r * count, (r + 1) * count), "iallgather" + what);
                    if (rank == 0) {
                        assertArrayEquals(ints(r + 1, count), Arrays.copyOfRange(g, r * count, (r + 1) * count), "igather" + what);
                    }
                    assertEquals(a2a(r, rank, round), a2a[r], "ialltoall" + what);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7, 16})
    @Timeout(120)
    void persistentRestarted(int n) {
        sim(n).exec(world -> {
            int rank = world.rank();
            int count = 600; // 2400 bytes: Rabenseifner
            int[] in = new int[count];
            int[] out = new int[count];
            int[] bc = new int[3];
            int[] ex = new int[1];
            int[] exIn = new int[1];
            try (PersistentRequest<Status> ar = world.allreduceInit(Buf.of(in), Buf.of(out), Op.SUM);
                 PersistentRequest<Status> b = world.bcastInit(Buf.of(bc), n - 1);
                 PersistentRequest<Status> e = world.exscanInit(Buf.of(exIn), Buf.of(ex), Op.SUM);
                 PersistentRequest<Status> bar = world.barrierInit()) {
                for (int k = 0; k < 5; k++) {
                    for (int i = 0; i < count; i++) {
                        in[i] = val(rank, i) * (k + 1);
                    }
                    if (rank == n - 1) {
                        bc[0] = k;
                        bc[1] = k * k;
                        bc[2] = -k;
                    }
                    exIn[0] = rank + k;
                    if (k % 2 == 0) {
                        PersistentRequest.startAll(List.of(ar, b, e, bar));
                        List.of(bar, e, b, ar).forEach(DefaultCollectivesOnSimTest::untilComplete);
                        Request.waitAll(List.of(bar, e, b, ar));
                    } else {
                        e.start();
                        b.start();
                        ar.start();
                        bar.start();
                        settle(ar);
                        settle(bar);
                        settle(b);
                        settle(e);
                    }
                    for (int i = 0; i < count; i++) {
                        int want = 0;
                        for (int r = 0; r < n; r++) {
                            want += val(r, i) * (k + 1);
                        }
                        assertEquals(want, out[i], "persistent allreduce k=" + k);
                    }
                    assertArrayEquals(new int[] {k, k * k, -k}, bc, "persistent bcast k=" + k);
                    if (rank > 0) {
                        assertEquals(rank * (rank - 1) / 2 + rank * k, ex[0], "persistent exscan k=" + k);
                    }
                }
            }
        });
    }

    // ---- buffering, errors ----

    @Test
    @Timeout(120)
    void everyCollectiveWithoutBuffering() {
        // Every standard send synchronous: the algorithms must not rely on buffering.
        for (int n : new int[] {3, 8}) {
            Sim.builder().ranks(n).collectives(CollectiveAlgorithms.POINT_TO_POINT).buffering(Buffering.zero())
                    .timeout(Duration.ofSeconds(60)).build().exec(world -> {
                        int rank = world.rank();
                        for (int count : new int[] {1, 5000}) {
                            world.barrier();
                            int[] b = rank == 1 ? ints(1, count) : new int[count];
                            world.bcast(Buf.of(b), 1);
                            assertArrayEquals(ints(1, count), b);
                            int[] all = new int[n * count];
                            world.allgather(Buf.of(ints(rank, count)), Buf.of(all));
                            world.gather(Buf.of(ints(rank, count)), rank == 2 ? Buf.of(all) : null, 2);
                            world.scatter(rank == 2 ? Buf.of(all) : null, Buf.of(new int[count]), 2);
                            world.alltoall(Buf.of(all), Buf.of(new int[n * count]));
                            int[] s = new int[count];
                            world.allreduce(Buf.of(ints(rank, count)), Buf.of(s), Op.SUM);
                            world.allreduce(Buf.of(ints(rank, count)), Buf.of(s), Op.ofInts((l, r) -> l, false));
                            assertArrayEquals(ints(0, count), s);
                            world.reduce(Buf.of(ints(rank, count)), rank == 1 ? Buf.of(s) : null, MATMUL_FREE_FIRST, 1);
                            world.reduceScatterBlock(Buf.of(all), Buf.of(s), Op.SUM);
                            world.reduceScatterBlock(Buf.of(all), Buf.of(s), MATMUL_FREE_FIRST);
                            world.scan(Buf.of(ints(rank, count)), Buf.of(s), Op.SUM);
                            world.exscan(Buf.of(ints(rank, count)), Buf.of(s), Op.SUM);
                            assertEquals(word(0), world.bcastObject(rank == 0 ? word(0) : null, 0));
                            world.allgatherObject(word(rank));
                            world.gatherObject(word(rank), 1);
                        }
                    });
        }
    }

    private static final Op MATMUL_FREE_FIRST = Op.ofInts((l, r) -> l, false);

    @Test
    @Timeout(60)
    void truncationIsReported() {
        sim(4).exec(world -> {
            int rank = world.rank();
            // Rank 3 expects fewer elements than the root sends.
            int count = rank == 3 ? 2 : 4;
            MpiException e = null;
            try {
                world.bcast(Buf.of(new int[count]), 0);
            } catch (MpiException x) {
                e = x;
            }
            if (rank == 3) {
                assertTrue(e != null && e.errorClass() == ErrorClass.ERR_TRUNCATE, "bcast: expected ERR_TRUNCATE, got " + e);
            } else {
                assertEquals(null, e);
            }
            Request<Status> r = world.ibcast(Buf.of(new int[count]), 0);
            if (rank == 3) {
                MpiException x = assertThrows(MpiException.class, () -> settle(r));
                assertEquals(ErrorClass.ERR_TRUNCATE, x.errorClass());
            } else {
                settle(r);
            }
            world.barrier(); // the communicator stays usable
        });
    }

    @Test
    @Timeout(60)
    void failedUserOperationFailsTheRequest() {
        sim(3).exec(world -> {
            Op broken = Op.ofInts((l, r) -> {
                throw new MpiException(ErrorClass.ERR_OP, "broken");
            }, true);
            int rank = world.rank();
            Request<Status> r = world.ireduce(Buf.of(new int[] {rank}), rank == 0 ? Buf.of(new int[1]) : null, broken, 0);
            if (rank == 0) {
                assertEquals(ErrorClass.ERR_OP, assertThrows(MpiException.class, () -> settle(r)).errorClass());
            } else {
                settle(r);
            }
        });
    }

    @Test
    @Timeout(60)
    void requestDescribesTheCall() {
        sim(2).exec(world -> {
            Request<Status> r = world.ibcast(Buf.of(new int[1]), 1);
            settle(r);
            Intracomm dup = world.dup();
            dup.barrier();
            dup.close();
        });
    }

    @Test
    @Timeout(60)
    void confinedSegmentsInBlockingCollectives() {
        sim(3).exec(world -> {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment in = arena.allocate(4 * 1000L);
                MemorySegment out = arena.allocate(4 * 1000L);
                fillInts(in, 1000, i -> val(world.rank(), i));
                world.allreduce(Buf.of(in, Datatype.INT), Buf.of(out, Datatype.INT), Op.SUM);
                for (int i = 0; i < 1000; i++) {
                    assertEquals(val(0, i) + val(1, i) + val(2, i), out.getAtIndex(INT, i));
                }
                world.bcast(Buf.of(in, Datatype.INT), 2);
                assertEquals(val(2, 999), in.getAtIndex(INT, 999));
            }
        });
    }

    /**
     * Regression: a rank parked in {@code await()} right after starting a nonblocking collective was
     * sometimes declared deadlocked, because the deadlock check ignored the collective's thread
     * until it first parked, and nothing woke the rank when that thread completed the request. The
     * collective channel's {@code spawn} now registers the thread with sim.
     */
    @org.junit.jupiter.api.RepeatedTest(50)
    @Timeout(60)
    void awaitRightAfterStart() {
        Sim.builder().ranks(2).collectives(CollectiveAlgorithms.POINT_TO_POINT).build().exec(w -> w.ibarrier().await());
    }

    /**
     * Regression: a nonblocking collective on memory of a confined arena failed with
     * {@code WrongThreadException}, because the algorithm runs on another thread; the API now stages
     * such buffers for nonblocking calls, as it does {@code boolean[]}.
     */
    @Test
    @Timeout(60)
    void confinedSegmentsInNonblockingCollectives() {
        sim(2).exec(w -> {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment a = arena.allocate(64);
                MemorySegment b = arena.allocate(64);
                settle(w.iallreduce(Buf.of(a, Datatype.INT), Buf.of(b, Datatype.INT), Op.SUM));
            }
        });
    }
}
