package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Op;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import io.mpi4j.testkit.reference.Elements;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
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
}
