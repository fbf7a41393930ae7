package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Op;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import io.mpi4j.testkit.reference.Elements;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the reduction operations (MPI-4.1 §6.9): every predefined operation on every
 * datatype it applies to (§6.9.2) gives the reference result, every other combination raises
 * {@link ErrorClass#ERR_OP} and leaves the communicator usable, user operations (§6.9.5) of every
 * factory work, and {@code reduceLocal} (§6.9.7) agrees with the reference.
 */
public abstract class OperationsTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected OperationsTck() {
    }

    /** Operands whose reductions are exact in floating point: values from -2 to 2. */
    private static Object operand(Datatype t, int rank, int salt) {
        if (t == Datatype.FLOAT || t == Datatype.DOUBLE) {
            List<Long> l = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                l.add((long) ((rank * 3 + i + salt) % 5 - 2));
            }
            return toArray(t, l);
        }
        return data(t, 4, rank, salt);
    }

    private static List<Datatype> allTypes() {
        List<Datatype> types = new ArrayList<>(CollectiveArbitraries.PRIMITIVE_TYPES);
        types.addAll(CollectiveArbitraries.PAIR_TYPES);
        return types;
    }

    /**
     * MPI-4.1 §6.9.2: every predefined operation on every datatype it applies to (pair types for
     * MAXLOC and MINLOC) gives, through allreduce, the fold of the operands in rank order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void everyPredefinedOpOnEverySupportedType(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int salt = 0;
            for (Datatype t : allTypes()) {
                for (Op op : CollectiveArbitraries.opsSupporting(t)) {
                    salt++;
                    List<Object> all = new ArrayList<>();
                    for (int r = 0; r < n; r++) {
                        all.add(operand(t, r, salt));
                    }
                    Object init = sentinels(t, 4);
                    Buf recv = bufOf(init);
                    world.allreduce(bufOf(all.get(me)), recv, op);
                    assertSameContents(CollectiveReference.fold(all, op), contents(recv, init), op + " on " + t + " on rank " + me);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.2: an operation applied to a datatype it does not apply to (SUM on BOOLEAN, BAND
     * on DOUBLE, MAXLOC on INT, ...: every such combination) raises {@link ErrorClass#ERR_OP} on every
     * rank, in reduce, allreduce, reduceScatterBlock, scan, exscan and their nonblocking forms; after
     * each, an allreduce works.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void unsupportedCombinationsRaiseErrOp(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            for (Datatype t : allTypes()) {
                for (Op op : CollectiveArbitraries.opsRejecting(t)) {
                    Buf send = bufOf(data(t, n, world.rank(), 0));
                    Buf recv = bufOf(sentinels(t, n));
                    Buf block = bufOf(sentinels(t, 1));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.allreduce(send, recv, op));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.reduce(send, world.rank() == 0 ? recv : null, op, 0));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.reduceScatterBlock(send, block, op));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.scan(send, recv, op));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.exscan(send, recv, op));
                    assertMpiErrorStartingOrCompleting(ErrorClass.ERR_OP, () -> world.iallreduce(send, recv, op));
                    assertMpiError(ErrorClass.ERR_OP, () -> world.allreduceInit(send, recv, op));
                    assertMpiError(ErrorClass.ERR_OP, () -> op.reduceLocal(send, recv));
                }
                assertCollectiveWorks(world);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.5: user operations from every factory: {@link Op#ofInts}, {@link Op#ofLongs},
     * {@link Op#ofDoubles} (commutative and not) and {@link Op#create} on a pair type; each gives
     * the fold in rank order.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void userOperationsOfEveryFactory(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            // int: affine maps modulo 2^16 packed in 32 bits, non-commutative
            Op affine16 = Op.ofInts((l, r) -> {
                int a = ((l >>> 16) * (r >>> 16)) & 0xFFFF;
                int b = ((l & 0xFFFF) * (r >>> 16) + (r & 0xFFFF)) & 0xFFFF;
                return (a << 16) | b;
            }, false);
            List<int[]> ints = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                ints.add(new int[] {((r + 2) << 16) | (r * 5 + 1), ((2 * r + 3) << 16) | 7});
            }
            int[] gotInts = new int[2];
            world.allreduce(Buf.of(ints.get(me)), Buf.of(gotInts), affine16);
            assertArrayEquals(CollectiveReference.fold(ints, affine16), gotInts, "Op.ofInts non-commutative");

            Op maxAbs = Op.ofDoubles((a, b) -> Math.max(Math.abs(a), Math.abs(b)), true);
            List<double[]> doubles = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                doubles.add(new double[] {r - 3.5, -r, 0.25 * r});
            }
            double[] gotDoubles = doubles.get(me).clone();
            world.allreduce(Buf.IN_PLACE, Buf.of(gotDoubles), maxAbs);
            assertArrayEquals(CollectiveReference.fold(doubles, maxAbs), gotDoubles, "Op.ofDoubles commutative");

            Op affine = CollectiveArbitraries.affineComposition();
            List<long[]> longs = affineOperands(n, 3);
            long[] gotLongs = new long[3];
            world.allreduce(Buf.of(longs.get(me)), Buf.of(gotLongs), affine);
            assertArrayEquals(CollectiveReference.fold(longs, affine), gotLongs, "Op.ofLongs non-commutative");

            // Op.create on INT_INT: keep the pair with the larger index (non-commutative in general)
            Op laterIndex = Op.create((in, inout, count, type) -> {
                for (long i = 0; i < count; i++) {
                    int li = in.get(ValueLayout.JAVA_INT_UNALIGNED, i * 8 + 4);
                    int ri = inout.get(ValueLayout.JAVA_INT_UNALIGNED, i * 8 + 4);
                    if (li > ri) {
                        inout.set(ValueLayout.JAVA_LONG_UNALIGNED, i * 8, in.get(ValueLayout.JAVA_LONG_UNALIGNED, i * 8));
                    }
                }
            }, false);
            List<Object> pairs = dataOfAll(Datatype.INT_INT, 2, n, 5);
            Buf recv = bufOf(sentinels(Datatype.INT_INT, 2));
            world.allreduce(bufOf(pairs.get(me)), recv, laterIndex);
            assertSameContents(CollectiveReference.fold(pairs, laterIndex), contents(recv, pairs.get(me)), "Op.create on INT_INT");
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.2 and §12.3.4: REPLACE yields the operands of rank 0 and NO_OP those of the last
     * rank, in a reduction over ranks (both are non-commutative).
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7})
    public void replaceAndNoOp(int ranks) {
        run(ranks, OPTIONS, world -> {
            int[] got = new int[2];
            world.allreduce(Buf.of(new int[] {world.rank(), 10 + world.rank()}), Buf.of(got), Op.REPLACE);
            assertArrayEquals(new int[] {0, 10}, got, "REPLACE");
            world.allreduce(Buf.of(new int[] {world.rank(), 10 + world.rank()}), Buf.of(got), Op.NO_OP);
            assertArrayEquals(new int[] {world.size() - 1, 9 + world.size()}, got, "NO_OP");
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.7: reduceLocal computes {@code inout = in op inout} for every predefined operation
     * and supported type, like the reference, without communication.
     */
    @Test
    public void reduceLocalAgreesWithTheReference() {
        for (Datatype t : allTypes()) {
            for (Op op : CollectiveArbitraries.opsSupporting(t)) {
                Object in = operand(t, 1, 3);
                Object inout = operand(t, 2, 4);
                Object expected = CollectiveReference.fold(List.of(in, inout), op);
                Buf io = bufOf(inout);
                op.reduceLocal(bufOf(in), io);
                assertSameContents(expected, contents(io, inout), "reduceLocal " + op + " on " + t);
            }
        }
    }

    /**
     * MPI-4.1 §6.9.6 (MPI_Op_commutative): the predefined operations are commutative except REPLACE
     * and NO_OP; user operations report the flag they were made with; an {@link Op#ofInts} operation
     * applied to longs raises {@link ErrorClass#ERR_OP}.
     */
    @Test
    public void commutativityFlagsAndTypedUserOps() {
        for (Op op : CollectiveArbitraries.PREDEFINED_OPS) {
            assertEquals(op != Op.REPLACE && op != Op.NO_OP, op.isCommutative(), op + ".isCommutative()");
            assertTrue(op.isPredefined(), op + ".isPredefined()");
        }
        Op user = Op.ofInts(Integer::sum, false);
        assertFalse(user.isCommutative());
        assertFalse(user.isPredefined());
        assertMpiError(ErrorClass.ERR_OP, () -> user.reduceLocal(Buf.of(new long[] {1}), Buf.of(new long[] {2})));
        Elements e = Elements.pairs(Datatype.LONG_INT, new double[] {3}, new int[] {1});
        assertEquals(16, e.segment().byteSize(), "LONG_INT is 16 bytes");
    }

    /**
     * MPI-4.1 §6.9.5 leaves a user function that fails to the program; mpi4j's promise is that the
     * exception reaches the program: every rank whose function threw during {@code allreduce} or
     * {@code iallreduce} gets it, as the cause of an {@link io.mpi4j.MpiException} of class
     * {@link ErrorClass#ERR_OTHER} on every provider,
     * every rank returns from the call (no rank is left waiting, also where the function fails on
     * some ranks only), and the communicator stays usable for the next reduction. A rank whose own
     * function did not fail may get the failure too.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 4})
    public void userOperationThatThrowsReachesTheRanksThatRanIt(int ranks) {
        run(ranks, OPTIONS, world -> {
            for (int variant = 0; variant < 4; variant++) {
                boolean nonblocking = variant % 2 == 1;
                // selective: the function fails only on rank 1's operand, so on some ranks only
                boolean selective = variant >= 2;
                int mark = 1_000_000;
                AtomicBoolean ran = new AtomicBoolean();
                Op failing = Op.ofInts((a, b) -> {
                    if (!selective || a == mark || b == mark) {
                        ran.set(true);
                        throw new IllegalStateException("user operation fails on purpose");
                    }
                    return a + b;
                }, true);
                int[] mine = {selective && world.rank() == 1 ? mark : world.rank()};
                int[] result = new int[1];
                RuntimeException thrown = null;
                try {
                    if (nonblocking) {
                        world.iallreduce(Buf.of(mine), Buf.of(result), failing).await();
                    } else {
                        world.allreduce(Buf.of(mine), Buf.of(result), failing);
                    }
                } catch (RuntimeException e) {
                    thrown = e;
                }
                String call = (nonblocking ? "iallreduce" : "allreduce") + (selective ? " failing on some ranks" : "");
                // where the function did not run, the call may still fail (sim's shared-memory
                // reductions report one rank's failure to all) or succeed (MPI's)
                assertTrue(!ran.get() || thrown != null, call + ": the function threw here but the call did not");
                if (thrown != null) {
                    assertTrue(mentions(thrown, "user operation fails on purpose"), call + " threw " + thrown
                            + ", which does not carry the function's exception");
                    assertTrue(thrown instanceof io.mpi4j.MpiException m && m.errorClass() == ErrorClass.ERR_OTHER,
                            call + " threw " + thrown + ", not an MpiException of class ERR_OTHER");
                }
                int[] sum = new int[1];
                world.allreduce(Buf.of(new int[] {1}), Buf.of(sum), Op.SUM);
                assertEquals(world.size(), sum[0], "allreduce after a failed " + call);
            }
            return null;
        });
    }

    private static boolean mentions(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * MPI-4.1 §6.9.5 and §6.12: a non-commutative user operation is applied in rank order by the
     * nonblocking reductions too ({@code iallreduce}, {@code iscan}, {@code iexscan},
     * {@code ireduceScatterBlock}), started together and completed with {@code waitAll}; and a
     * commutative one with any order gives the same sum.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void nonCommutativeUserOperationInNonblockingReductions(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Op compose = CollectiveArbitraries.affineComposition();
            long[] maps = new long[n];
            for (int r = 0; r < n; r++) {
                maps[r] = ((2L * r + 3) << 32) | (5L * r + 1);
            }
            long[] prefix = new long[n];
            prefix[0] = maps[0];
            for (int r = 1; r < n; r++) {
                prefix[r] = CollectiveArbitraries.composeAffine(prefix[r - 1], maps[r]);
            }
            long[] all = new long[1];
            long[] scan = new long[1];
            long[] exscan = {-1};
            long[] blocks = new long[n];
            for (int i = 0; i < n; i++) {
                blocks[i] = CollectiveArbitraries.composeAffine(maps[me], (long) (i + 1) << 32);
            }
            long[] block = new long[1];
            long[] sum = new long[1];
            List<Request<Status>> started = List.of(
                    world.iallreduce(Buf.of(new long[] {maps[me]}), Buf.of(all), compose),
                    world.iscan(Buf.of(new long[] {maps[me]}), Buf.of(scan), compose),
                    world.iexscan(Buf.of(new long[] {maps[me]}), Buf.of(exscan), compose),
                    world.ireduceScatterBlock(Buf.of(blocks), Buf.of(block), compose),
                    world.iallreduce(Buf.of(new long[] {me + 1}), Buf.of(sum), Op.ofLongs(Long::sum, true)));
            Request.waitAll(started);
            assertEquals(prefix[n - 1], all[0], "iallreduce in rank order");
            assertEquals(prefix[me], scan[0], "iscan in rank order");
            if (me > 0) {
                assertEquals(prefix[me - 1], exscan[0], "iexscan in rank order");
            }
            long expectedBlock = CollectiveArbitraries.composeAffine(maps[0], (long) (me + 1) << 32);
            for (int r = 1; r < n; r++) {
                expectedBlock = CollectiveArbitraries.composeAffine(expectedBlock,
                        CollectiveArbitraries.composeAffine(maps[r], (long) (me + 1) << 32));
            }
            assertEquals(expectedBlock, block[0], "ireduceScatterBlock in rank order");
            assertEquals((long) n * (n + 1) / 2, sum[0], "iallreduce of a commutative user operation");
            return null;
        });
    }
}
