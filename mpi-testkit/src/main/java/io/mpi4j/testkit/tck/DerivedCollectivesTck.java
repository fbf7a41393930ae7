package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Packing;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.WBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of collectives with derived datatypes (MPI-4.1 §6.1: what must match across ranks
 * is the type signature, not the datatype): rooted, all-to-all and reduction collectives on
 * intracommunicators, user-defined operations that see their own struct type, reduceScatter with
 * counts, alltoallw blocks, the intercommunicator and neighbourhood collectives; buffers keep the
 * values in their gaps, and a receive type that names a byte twice is refused with {@code ERR_TYPE}.
 */
public abstract class DerivedCollectivesTck extends AbstractTck {
    /** Creates the test instance. */
    protected DerivedCollectivesTck() {
    }

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    /** Two ints with a gap between them (extent three ints). */
    private static Datatype everyOther() {
        return Datatype.vector(2, 1, 2, Datatype.INT);
    }

    /** {@link #everyOther()} resized to four ints, so consecutive elements tile an int array. */
    private static Datatype everyOtherOf4() {
        return Datatype.resized(everyOther(), 0, 4L * Integer.BYTES).commit();
    }

    /**
     * Collectives take derived datatypes; what must match across ranks is the type signature, not
     * the datatype (MPI-4.1 §6.1). The root gathers each rank's contiguous ints into column
     * {@code rank} of a row-major matrix with a column type resized to one int, and scatters the
     * negated columns back the same way; alltoall transposes a matrix by receiving each rank's row
     * into a column; a strided vector is broadcast, allgathered and summed by allreduce while the
     * gaps between its elements keep their values; the nonblocking form unpacks on completion.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 4})
    public void collectivesTakeDerivedDatatypes(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            int rows = 3;
            Datatype column = Datatype.resized(Datatype.vector(rows, 1, n, Datatype.INT), 0, Integer.BYTES).commit();
            int[] mine = new int[rows];
            for (int i = 0; i < rows; i++) {
                mine[i] = 100 * me + i;
            }
            int[] matrix = new int[rows * n];
            Arrays.fill(matrix, -1);
            world.gather(Buf.of(mine), Buf.of(matrix).withType(column, n), 0);
            if (me == 0) {
                for (int i = 0; i < rows; i++) {
                    for (int r = 0; r < n; r++) {
                        assertEquals(100 * r + i, matrix[i * n + r], "gathered matrix[" + i + "][" + r + "]");
                    }
                }
                for (int k = 0; k < matrix.length; k++) {
                    matrix[k] = -matrix[k];
                }
            }
            int[] back = new int[rows];
            world.scatter(Buf.of(matrix).withType(column, n), Buf.of(back), 0);
            for (int i = 0; i < rows; i++) {
                assertEquals(-(100 * me + i), back[i], "scattered column element " + i);
            }

            // transpose: row j of my n×n matrix goes to rank j, whose block from me lands in its column `me`
            Datatype nColumn = Datatype.resized(Datatype.vector(n, 1, n, Datatype.INT), 0, Integer.BYTES).commit();
            int[] local = new int[n * n];
            for (int k = 0; k < local.length; k++) {
                local[k] = 1000 * me + k;
            }
            int[] transposed = new int[n * n];
            world.alltoall(Buf.of(local), Buf.of(transposed).withType(nColumn, n));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(1000 * j + me * n + i, transposed[i * n + j], "transposed[" + i + "][" + j + "]");
                }
            }

            Datatype everyOther = Datatype.vector(4, 1, 2, Datatype.INT).commit();
            int[] data = new int[8];
            Arrays.fill(data, -7);
            if (me == 0) {
                for (int k = 0; k < 4; k++) {
                    data[2 * k] = 10 + k;
                }
            }
            world.bcast(Buf.of(data).withType(everyOther, 1), 0);
            for (int k = 0; k < 4; k++) {
                assertEquals(10 + k, data[2 * k], "broadcast element " + k);
                assertEquals(-7, data[2 * k + 1], "gap " + k + " after the broadcast");
            }

            int[] v = new int[8];
            Arrays.fill(v, -7);
            for (int k = 0; k < 4; k++) {
                v[2 * k] = me + k;
            }
            int[] sum = new int[8];
            Arrays.fill(sum, -9);
            world.allreduce(Buf.of(v).withType(everyOther, 1), Buf.of(sum).withType(everyOther, 1), Op.SUM);
            for (int k = 0; k < 4; k++) {
                assertEquals(n * k + n * (n - 1) / 2, sum[2 * k], "sum of element " + k);
                assertEquals(-9, sum[2 * k + 1], "gap " + k + " after the allreduce");
            }

            // the vector's extent ends at its last element (7 ints): resized to 8, instances tile the array
            Datatype everyOtherOf8 = Datatype.resized(everyOther, 0, 8L * Integer.BYTES).commit();
            int[] all = new int[8 * n];
            Arrays.fill(all, -5);
            Request<Status> r = world.iallgather(Buf.of(v).withType(everyOther, 1), Buf.of(all).withType(everyOtherOf8, n));
            r.await();
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(q + k, all[8 * q + 2 * k], "allgathered element " + k + " of rank " + q);
                    assertEquals(-5, all[8 * q + 2 * k + 1], "gap " + k + " of rank " + q + " after the allgather");
                }
            }
            column.free();
            nColumn.free();
            everyOther.free();
            everyOtherOf8.free();
            return null;
        });
    }


    /**
     * A user-defined operation on a non-contiguous struct ({@code struct { double sum; int n; }},
     * padded to 16 bytes) sees its own datatype and reads the fields at their offsets, as in C
     * MPI; allreduce, reduce, scan, exscan, reduceScatterBlock, the nonblocking and the persistent
     * forms all combine the fields and leave the padding alone. Every rank builds its own type and
     * operation: they match by signature.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    public void userOperationsSeeTheirStructType(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype pair = pair();
            assertEquals(16, pair.extent());
            Op add = sumOfPairs();
            Op combine = Op.create((in, inout, count, type) -> {
                // the struct itself (some rank's: which rank's function runs is the provider's choice), not its packed form
                assertEquals(pair.constructor(), type.constructor(), "the user function sees the struct type");
                assertEquals(16, type.extent(), "the user function sees the struct's padding");
                add.apply(in, inout, count, type);
            }, true);
            int count = 3;
            MemorySegment mine = pairs(count, me);
            MemorySegment sum = padded(count);
            world.allreduce(Buf.of(mine, pair, count), Buf.of(sum, pair, count), combine);
            checkPairs("allreduce", sum, count, 0, n);
            MemorySegment atRoot = padded(count);
            int root = n - 1;
            world.reduce(Buf.of(mine, pair, count), Buf.of(atRoot, pair, count), combine, root);
            if (me == root) {
                checkPairs("reduce", atRoot, count, 0, n);
            }
            MemorySegment prefix = padded(count);
            world.scan(Buf.of(mine, pair, count), Buf.of(prefix, pair, count), combine);
            checkPairs("scan", prefix, count, 0, me + 1);
            MemorySegment before = padded(count);
            world.exscan(Buf.of(mine, pair, count), Buf.of(before, pair, count), combine);
            if (me > 0) {
                checkPairs("exscan", before, count, 0, me);
            }
            // reduceScatterBlock: n blocks of one pair each; rank r gets block r summed
            MemorySegment blocks = pairs(n, me);
            MemorySegment block = padded(1);
            world.reduceScatterBlock(Buf.of(blocks, pair, n), Buf.of(block, pair, 1), combine);
            checkPairs("reduceScatterBlock", block, 1, me, n);
            MemorySegment async = padded(count);
            world.iallreduce(Buf.of(mine, pair, count), Buf.of(async, pair, count), combine).await();
            checkPairs("iallreduce", async, count, 0, n);
            MemorySegment again = padded(count);
            try (PersistentRequest<Status> p = world.allreduceInit(Buf.of(mine, pair, count), Buf.of(again, pair, count), combine)) {
                for (int round = 0; round < 2; round++) {
                    p.start();
                    p.await();
                    checkPairs("allreduceInit, round " + round, again, count, 0, n);
                }
            }
            pair.free();
            return null;
        });
    }

    /** {@code struct { double sum; int n; }}: 12 bytes of data, padded to 16 (not contiguous). */
    private static Datatype pair() {
        return Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT}).commit();
    }

    /** A user operation adding {@link #pair()}s field by field, reading the fields at their offsets. */
    private static Op sumOfPairs() {
        return Op.create((in, inout, count, type) -> {
            for (long i = 0; i < count; i++) {
                long at = i * type.extent();
                inout.set(D, at, in.get(D, at) + inout.get(D, at));
                inout.set(I, at + 8, in.get(I, at + 8) + inout.get(I, at + 8));
            }
        }, true);
    }

    /** {@code count} pairs whose element {@code i} is {@code (rank + i + 0.5, rank * 10 + i)}, padding -1. */
    private static MemorySegment pairs(int count, int rank) {
        MemorySegment m = padded(count);
        for (int i = 0; i < count; i++) {
            m.set(D, 16L * i, rank + i + 0.5);
            m.set(I, 16L * i + 8, rank * 10 + i);
        }
        return m;
    }

    /** Memory for {@code count} padded pairs, every byte -1. */
    private static MemorySegment padded(int count) {
        MemorySegment m = MemorySegment.ofArray(new byte[16 * count]);
        m.fill((byte) -1);
        return m;
    }

    /** Checks that pair {@code i} holds the sum over ranks {@code 0..ranks-1} of pair {@code first + i}, padding untouched. */
    private static void checkPairs(String what, MemorySegment m, int count, int first, int ranks) {
        for (int i = 0; i < count; i++) {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < ranks; r++) {
                sum += r + first + i + 0.5;
                n += r * 10 + first + i;
            }
            assertEquals(sum, m.get(D, 16L * i), what + ": the double of pair " + i);
            assertEquals(n, m.get(I, 16L * i + 8), what + ": the int of pair " + i);
            assertEquals(-1, m.get(I, 16L * i + 12), what + ": the padding of pair " + i);
        }
    }

    /**
     * A non-commutative user operation on a non-contiguous type combines in rank order: each rank
     * contributes the affine map {@code x -> 2x + rank} as {@code struct { int a; int b @ 8; }}, and
     * the reduction is their composition, rank 0 applied first.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 4})
    public void nonCommutativeUserOperationOnAStructGoesInRankOrder(int ranks) {
        run(ranks, world -> {
            Datatype affine = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.INT, Datatype.INT})
                    .commit();
            // inout = inout o in: apply the lower ranks' map (in) first
            Op compose = Op.create((in, inout, count, type) -> {
                for (long i = 0; i < count; i++) {
                    long at = i * type.extent();
                    int a1 = in.get(I, at);
                    int b1 = in.get(I, at + 8);
                    int a2 = inout.get(I, at);
                    int b2 = inout.get(I, at + 8);
                    inout.set(I, at, a2 * a1);
                    inout.set(I, at + 8, a2 * b1 + b2);
                }
            }, false);
            MemorySegment mine = MemorySegment.ofArray(new int[3]);
            mine.set(I, 0, 2);
            mine.set(I, 4, -3);
            mine.set(I, 8, world.rank());
            MemorySegment all = MemorySegment.ofArray(new int[3]);
            world.allreduce(Buf.of(mine, affine, 1), Buf.of(all, affine, 1), compose);
            int n = world.size();
            int b = 0;
            for (int r = 0; r < n; r++) {
                b = 2 * b + r;
            }
            assertEquals(1 << n, all.get(I, 0), "the slope of the composition");
            assertEquals(b, all.get(I, 8), "the offset of the composition, rank 0 first");
            assertEquals(0, all.get(I, 4), "the gap");
            affine.free();
            return null;
        });
    }

    /**
     * A user operation on a contiguous derived type (a complex number as two doubles) sees that
     * type; an {@code Op.ofInts} operation on a strided vector works element by element, like a
     * predefined one.
     */
    @Test
    public void userOperationsOnContiguousAndElementwiseTypes() {
        run(3, world -> {
            Datatype complex = Datatype.contiguous(2, Datatype.DOUBLE).commit();
            Op multiply = Op.create((in, inout, count, type) -> {
                assertEquals(complex.constructor(), type.constructor(), "the user function sees the complex type");
                for (long i = 0; i < count; i++) {
                    double a = in.get(D, 16 * i);
                    double b = in.get(D, 16 * i + 8);
                    double c = inout.get(D, 16 * i);
                    double d = inout.get(D, 16 * i + 8);
                    inout.set(D, 16 * i, a * c - b * d);
                    inout.set(D, 16 * i + 8, a * d + b * c);
                }
            }, true);
            double[] z = {0, 1}; // i, on every rank
            double[] product = new double[2];
            world.allreduce(Buf.of(z).withType(complex, 1), Buf.of(product).withType(complex, 1), multiply);
            assertEquals(0.0, product[0] + 0.0, "i^3 has no real part");
            assertEquals(-1.0, product[1], "i^3 = -i");
            Datatype everyOther = everyOther().commit();
            int[] v = {world.rank(), -7, 10 * world.rank(), -7};
            int[] max = {-9, -9, -9, -9};
            world.allreduce(Buf.of(v).withType(everyOther, 1), Buf.of(max).withType(everyOther, 1), Op.ofInts(Math::max, true));
            assertEquals(world.size() - 1, max[0]);
            assertEquals(10 * (world.size() - 1), max[2]);
            assertEquals(-9, max[1], "the gap keeps its value");
            complex.free();
            everyOther.free();
            return null;
        });
    }

    /**
     * reduceLocal (MPI_Reduce_local) on derived types behaves as the collectives: SUM on a strided
     * vector element by element, a user function on a padded struct at its fields' offsets.
     */
    @Test
    public void reduceLocalOnDerivedTypes() {
        run(1, world -> {
            Datatype everyOther = everyOther().commit();
            int[] in = {1, -1, 2};
            int[] inout = {10, -9, 20};
            Op.SUM.reduceLocal(Buf.of(in).withType(everyOther, 1), Buf.of(inout).withType(everyOther, 1));
            assertEquals(Arrays.toString(new int[] {11, -9, 22}), Arrays.toString(inout));
            Datatype pair = pair();
            Op combine = Op.create((a, b, count, type) -> {
                for (long i = 0; i < count; i++) {
                    long at = i * type.extent();
                    b.set(D, at, a.get(D, at) * b.get(D, at));
                    b.set(I, at + 8, a.get(I, at + 8) - b.get(I, at + 8));
                }
            }, false);
            MemorySegment x = pairs(2, 1);
            MemorySegment y = pairs(2, 2);
            combine.reduceLocal(Buf.of(x, pair, 2), Buf.of(y, pair, 2));
            assertEquals(1.5 * 2.5, y.get(D, 0));
            assertEquals(10 - 20, y.get(I, 8));
            assertEquals(2.5 * 3.5, y.get(D, 16));
            assertEquals(11 - 21, y.get(I, 24));
            assertEquals(-1, y.get(I, 12), "padding");
            everyOther.free();
            pair.free();
            return null;
        });
    }

    /**
     * reduceScatter with counts on a strided type (MPI-4.1 §6.10.1): the counts are in elements of
     * the type, rank {@code i} gets {@code i + 1} of them, and the gaps keep their values.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void reduceScatterWithCountsOnADerivedType(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype t = everyOtherOf4();
            int[] counts = new int[n];
            int total = 0;
            int first = 0;
            for (int i = 0; i < n; i++) {
                counts[i] = i + 1;
                if (i < me) {
                    first += counts[i];
                }
                total += counts[i];
            }
            int[] send = new int[4 * total];
            for (int e = 0; e < total; e++) {
                send[4 * e] = me + 10 * e;
                send[4 * e + 1] = -1;
                send[4 * e + 2] = me + 10 * e + 1;
                send[4 * e + 3] = -1;
            }
            int[] recv = new int[4 * counts[me]];
            Arrays.fill(recv, -9);
            world.reduceScatter(Buf.of(send).withType(t, total), Buf.of(recv).withType(t, counts[me]), counts, Op.SUM);
            for (int e = 0; e < counts[me]; e++) {
                int g = first + e;
                assertEquals(n * (n - 1) / 2 + n * 10 * g, recv[4 * e], "element " + e + ", first int");
                assertEquals(n * (n - 1) / 2 + n * (10 * g + 1), recv[4 * e + 2], "element " + e + ", second int");
                assertEquals(-9, recv[4 * e + 1], "gap");
                assertEquals(-9, recv[4 * e + 3], "gap");
            }
            t.free();
            return null;
        });
    }

    /**
     * alltoallw with a derived type per block (MPI-4.1 §6.8): each rank sends row {@code j} of its
     * matrix as a contiguous block to rank {@code j} and receives rank {@code i}'s row into column
     * {@code i}, described by a vector type at byte displacement {@code 4i}: a transpose.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void alltoallwTransposesWithColumnTypes(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype row = Datatype.contiguous(n, Datatype.INT).commit();
            Datatype column = Datatype.vector(n, 1, n, Datatype.INT).commit();
            int[] local = new int[n * n];
            for (int k = 0; k < local.length; k++) {
                local[k] = 1000 * me + k;
            }
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            long[] rowDispls = new long[n];
            long[] colDispls = new long[n];
            Datatype[] rows = new Datatype[n];
            Datatype[] columns = new Datatype[n];
            for (int j = 0; j < n; j++) {
                rowDispls[j] = 4L * n * j;
                colDispls[j] = 4L * j;
                rows[j] = row;
                columns[j] = column;
            }
            int[] transposed = new int[n * n];
            world.alltoallw(new WBuf(MemorySegment.ofArray(local), ones, rowDispls, rows),
                    new WBuf(MemorySegment.ofArray(transposed), ones, colDispls, columns));
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    assertEquals(1000 * i + me * n + k, transposed[k * n + i], "transposed[" + k + "][" + i + "]");
                }
            }
            row.free();
            column.free();
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.5: a user function reads its operands with the aligned layouts
     * ({@code JAVA_LONG}) whatever memory the provider staged them in: on a contiguous type of two
     * longs, in allreduce, reduce and scan.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void userFunctionsGetAlignedOperands(int ranks) {
        run(ranks, world -> {
            Datatype twoLongs = Datatype.contiguous(2, Datatype.LONG).commit();
            Op add = Op.create((in, inout, count, type) -> {
                for (long i = 0; i < 2 * count; i++) {
                    inout.setAtIndex(ValueLayout.JAVA_LONG, i, in.getAtIndex(ValueLayout.JAVA_LONG, i)
                            + inout.getAtIndex(ValueLayout.JAVA_LONG, i));
                }
            }, true);
            int n = world.size();
            long me = world.rank();
            long[] mine = {me, 10 * me, 1, 2};
            long[] sum = new long[4];
            world.allreduce(Buf.of(mine).withType(twoLongs, 2), Buf.of(sum).withType(twoLongs, 2), add);
            long total = (long) n * (n - 1) / 2;
            assertArrayEquals(new long[] {total, 10 * total, n, 2L * n}, sum, "allreduce");
            long[] atRoot = new long[4];
            world.reduce(Buf.of(mine).withType(twoLongs, 2), Buf.of(atRoot).withType(twoLongs, 2), add, 0);
            if (me == 0) {
                assertArrayEquals(sum, atRoot, "reduce");
            }
            long[] prefix = new long[4];
            world.scan(Buf.of(mine).withType(twoLongs, 2), Buf.of(prefix).withType(twoLongs, 2), add);
            long upTo = me * (me + 1) / 2;
            assertArrayEquals(new long[] {upTo, 10 * upTo, me + 1, 2 * (me + 1)}, prefix, "scan");
            twoLongs.free();
            return null;
        });
    }

    /**
     * MPI-4.1 §6.9.2: the predefined operations apply to predefined types (and to derived types of
     * one predefined type); on a struct of a double and an int, MAX and SUM raise ERR_OP (combining
     * its bytes one by one would be wrong numbers), and the communicator stays usable. A
     * user-defined operation on the same struct is fine.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2})
    public void predefinedOperationsRefuseMixedStructs(int ranks) {
        run(ranks, world -> {
            Datatype pair = pair();
            int me = world.rank();
            MemorySegment mine = pairs(2, me);
            assertMpiError(ErrorClass.ERR_OP, () -> world.allreduce(Buf.of(mine, pair, 2), Buf.of(padded(2), pair, 2), Op.MAX));
            assertMpiError(ErrorClass.ERR_OP, () -> world.reduce(Buf.of(mine, pair, 2), Buf.of(padded(2), pair, 2), Op.SUM, 0));
            assertMpiError(ErrorClass.ERR_OP, () -> Op.SUM.reduceLocal(Buf.of(mine, pair, 2), Buf.of(padded(2), pair, 2)));
            MemorySegment sum = padded(2);
            world.allreduce(Buf.of(mine, pair, 2), Buf.of(sum, pair, 2), sumOfPairs());
            checkPairs("allreduce with a user operation after the refusals", sum, 2, 0, world.size());
            pair.free();
            return null;
        });
    }

    /**
     * MPI-4.1 §6.1: collectives match type signatures, so one instance of a derived type may hold
     * the blocks of several ranks: a gather, an allgather and an alltoall into {@code size / 2}
     * instances of "every other int of three" (two ranks' blocks each), a scatter out of them, and
     * the same across an intercommunicator between two groups of {@code size / 2}.
     *
     * @param ranks the number of ranks, even
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 4})
    public void oneInstanceMayHoldSeveralRanksBlocks(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype pairs = Datatype.vector(2, 1, 2, Datatype.INT).commit(); // ints 0 and 2 of three
            int[] gathered = filled(3 * n / 2, -5);
            world.gather(Buf.of(new int[] {me + 10}), Buf.of(gathered).withType(pairs, n / 2), 0);
            if (me == 0) {
                assertArrayEquals(spread(n, r -> r + 10, -5), gathered, "gather into instances of two blocks");
            }
            int[] all = filled(3 * n / 2, -5);
            world.allgather(Buf.of(new int[] {me + 20}), Buf.of(all).withType(pairs, n / 2));
            assertArrayEquals(spread(n, r -> r + 20, -5), all, "allgather");
            int[] got = {-1};
            world.scatter(Buf.of(spread(n, r -> r + 30, 0)).withType(pairs, n / 2), Buf.of(got), 0);
            assertEquals(me + 30, got[0], "scatter out of instances of two blocks");
            int[] out = new int[n];
            for (int j = 0; j < n; j++) {
                out[j] = 100 * me + j;
            }
            int[] in = filled(3 * n / 2, -5);
            world.alltoall(Buf.of(out), Buf.of(in).withType(pairs, n / 2));
            assertArrayEquals(spread(n, r -> 100 * r + me, -5), in, "alltoall");
            int half = n / 2;
            boolean low = me < half;
            try (Intracomm local = world.split(low ? 0 : 1, me).orElseThrow();
                    Intercomm inter = local.createIntercomm(0, world, low ? half : 0, 41)) {
                int[] remote = inter.remoteGroup().processIds();
                int[] theirs = filled(3 * ((half + 1) / 2), -5);
                if (half % 2 == 0) {
                    inter.allgather(Buf.of(new int[] {me + 40}), Buf.of(theirs).withType(pairs, half / 2));
                    assertArrayEquals(spread(half, j -> remote[j] + 40, -5), theirs, "intercommunicator allgather");
                    int[] from = filled(3 * half / 2, -5);
                    int[] to = new int[half];
                    for (int j = 0; j < half; j++) {
                        to[j] = 100 * me + j;
                    }
                    inter.alltoall(Buf.of(to), Buf.of(from).withType(pairs, half / 2));
                    int lr = inter.rank();
                    assertArrayEquals(spread(half, j -> 100 * remote[j] + lr, -5), from, "intercommunicator alltoall");
                } else {
                    // one block per remote rank and a single remote rank: an instance of two blocks
                    // cannot be, so a gather of pairs into one instance from a group of one
                    int root = low ? Mpi.ROOT : 0;
                    int[] pair = filled(3, -5);
                    inter.gather(Buf.of(new int[] {me, me + 1}), low ? Buf.of(pair).withType(pairs, 1) : null, root);
                    if (low) {
                        assertArrayEquals(new int[] {remote[0], -5, remote[0] + 1}, pair, "intercommunicator gather of a pair");
                    }
                }
            }
            pairs.free();
            return null;
        });
    }

    /** {@code n} values laid out as instances of "every other int of three", two per instance, gaps filled. */
    private static int[] spread(int n, java.util.function.IntUnaryOperator value, int gap) {
        int[] a = filled(3 * ((n + 1) / 2), gap);
        for (int r = 0; r < n; r++) {
            a[3 * (r / 2) + 2 * (r % 2)] = value.applyAsInt(r);
        }
        return a;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * The intercommunicator collectives take derived types (MPI-4.1 §6.2.2): between the even and
     * the odd ranks, allgather strided pairs into tiles, broadcast into a strided buffer, allreduce
     * a padded struct with a user operation, and alltoall tiles; the gaps keep their values.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 5})
    public void intercommunicatorCollectivesTakeDerivedTypes(int ranks) {
        run(ranks, world -> {
            int me = world.rank();
            int color = me % 2;
            try (Intracomm local = world.split(color, me).orElseThrow();
                    Intercomm inter = local.createIntercomm(0, world, 1 - color, 31)) {
                int remote = inter.remoteSize();
                Datatype two = everyOther().commit();
                Datatype tile = everyOtherOf4();
                int[] pairOfMine = {me * 10, -1, me * 10 + 1};
                int[] theirs = new int[4 * remote];
                Arrays.fill(theirs, -5);
                inter.allgather(Buf.of(pairOfMine).withType(two, 1), Buf.of(theirs).withType(tile, remote));
                for (int j = 0; j < remote; j++) {
                    int g = 2 * j + (1 - color); // remote rank j's world rank
                    assertEquals(g * 10, theirs[4 * j], "allgather: first int from remote rank " + j);
                    assertEquals(g * 10 + 1, theirs[4 * j + 2], "allgather: second int from remote rank " + j);
                    assertEquals(-5, theirs[4 * j + 1], "allgather: gap");
                    assertEquals(-5, theirs[4 * j + 3], "allgather: gap");
                }

                int[] data = {-7, -7, -7};
                if (color == 0) {
                    int root = local.rank() == 0 ? Mpi.ROOT : Mpi.PROC_NULL;
                    inter.bcast(Buf.of(new int[] {41, 0, 42}).withType(two, 1), root);
                } else {
                    inter.bcast(Buf.of(data).withType(two, 1), 0);
                    assertEquals(41, data[0]);
                    assertEquals(-7, data[1], "bcast: gap");
                    assertEquals(42, data[2]);
                }

                Datatype pair = pair();
                Op combine = sumOfPairs();
                MemorySegment mine = MemorySegment.ofArray(new byte[16]);
                mine.set(D, 0, me + 0.5);
                mine.set(I, 8, me);
                MemorySegment sum = padded(1);
                inter.allreduce(Buf.of(mine, pair, 1), Buf.of(sum, pair, 1), combine);
                double d = 0;
                int k = 0;
                for (int j = 0; j < remote; j++) {
                    d += 2 * j + (1 - color) + 0.5;
                    k += 2 * j + (1 - color);
                }
                assertEquals(d, sum.get(D, 0), "allreduce: the remote group's doubles");
                assertEquals(k, sum.get(I, 8), "allreduce: the remote group's ints");
                assertEquals(-1, sum.get(I, 12), "allreduce: padding");

                int[] out = new int[4 * remote];
                for (int j = 0; j < remote; j++) {
                    out[4 * j] = 100 * me + j;
                    out[4 * j + 2] = -(100 * me + j);
                }
                int[] in = new int[4 * remote];
                Arrays.fill(in, -3);
                inter.alltoall(Buf.of(out).withType(tile, remote), Buf.of(in).withType(tile, remote));
                for (int j = 0; j < remote; j++) {
                    int g = 2 * j + (1 - color);
                    assertEquals(100 * g + inter.rank(), in[4 * j], "alltoall: block from remote rank " + j);
                    assertEquals(-(100 * g + inter.rank()), in[4 * j + 2], "alltoall: block from remote rank " + j);
                    assertEquals(-3, in[4 * j + 1], "alltoall: gap");
                }
                two.free();
                tile.free();
                pair.free();
            }
            return null;
        });
    }

    /**
     * The neighbourhood collectives take derived types (MPI-4.1 §8.6): on a periodic ring each
     * rank allgathers its left and right neighbours' strided pairs into tiles, and exchanges
     * tiles with them by neighbour alltoall; the gaps keep their values.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void neighbourhoodCollectivesTakeDerivedTypes(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            try (CartComm ring = world.createCart(new int[] {n}, new boolean[] {true}, false).orElseThrow()) {
                Datatype two = everyOther().commit();
                Datatype tile = everyOtherOf4();
                int left = (me + n - 1) % n;
                int right = (me + 1) % n;
                int[] got = new int[8];
                Arrays.fill(got, -5);
                ring.neighborAllgather(Buf.of(new int[] {me, -1, -me}).withType(two, 1), Buf.of(got).withType(tile, 2));
                assertEquals(left, got[0], "from the left");
                assertEquals(-left, got[2], "from the left");
                assertEquals(right, got[4], "from the right");
                assertEquals(-right, got[6], "from the right");
                assertEquals(-5, got[1], "gap");
                assertEquals(-5, got[5], "gap");
                // block 0 goes left, block 1 right; block 0 comes from the left (its block 1)
                int[] out = {10 * me, -1, 10 * me + 1, -1, 20 * me, -1, 20 * me + 1, -1};
                int[] in = new int[8];
                Arrays.fill(in, -3);
                ring.ineighborAlltoall(Buf.of(out).withType(tile, 2), Buf.of(in).withType(tile, 2)).await();
                assertEquals(20 * left, in[0], "the left neighbour's right block");
                assertEquals(20 * left + 1, in[2], "the left neighbour's right block");
                assertEquals(10 * right, in[4], "the right neighbour's left block");
                assertEquals(10 * right + 1, in[6], "the right neighbour's left block");
                assertEquals(-3, in[3], "gap");
                two.free();
                tile.free();
            }
            return null;
        });
    }

    /**
     * A receive type that names a byte twice (MPI-4.1 §5.1.11) is refused with {@code ERR_TYPE}
     * by receives, collectives and unpack; sending from it is allowed.
     */
    @Test
    public void overlappingReceiveTypesAreRefused() {
        run(2, world -> {
            // two ints, but the next element starts one int later: element 1's first int is element 0's second
            Datatype overlapping = Datatype.resized(Datatype.contiguous(2, Datatype.INT), 0, 4).commit();
            int[] memory = {1, 2, 3};
            Buf twice = Buf.of(memory).withType(overlapping, 2);
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.irecv(twice, 0, 1));
            assertMpiError(ErrorClass.ERR_TYPE, () -> Packing.unpack(MemorySegment.ofArray(new byte[16]), 0, twice));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.allgather(Buf.of(new int[2]), Buf.of(new int[3 + 2 * world.size()])
                    .withType(overlapping, 2 * world.size())));
            int peer = 1 - world.rank();
            Request<Status> r = world.isend(twice, peer, 2);
            int[] got = new int[4];
            world.recv(Buf.of(got), peer, 2);
            r.await();
            assertEquals(Arrays.toString(new int[] {1, 2, 2, 3}), Arrays.toString(got), "sent as packed: 1 2, then 2 3");
            overlapping.free();
            return null;
        });
    }

    /**
     * A type whose data lies partly below its lower bound (a struct that takes its bounds from a
     * resized member, MPI-4.1 §5.1.7: lower bound 26, extent 20, a DOUBLE at 0), sent as three
     * overlapping elements by every rank of a gather and an allgather: what arrives is each rank's
     * pack. Found by the derived-collectives properties: Open MPI 4.1's MPI_Gather moved such a
     * type wrongly (the native provider packs it there).
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 4})
    public void typeWithDataBelowItsLowerBoundIsGatheredAsItsPack(int ranks) {
        run(ranks, world -> {
            int me = world.rank();
            int n = world.size();
            Datatype inner = Datatype.resized(Datatype.hindexedBlock(1, new long[] {26, 14}, Datatype.SHORT), 0, 20);
            Datatype t = Datatype.struct(new int[] {1, 1}, new long[] {0, 26}, new Datatype[] {Datatype.DOUBLE, inner}).commit();
            byte[] mem = new byte[128];
            for (int i = 0; i < mem.length; i++) {
                mem[i] = (byte) (i * 7 + 3 + 31 * me);
            }
            byte[] mine = Packing.pack(Buf.of(mem).withType(t, 3));
            java.util.List<byte[]> packs = world.allgatherObject(mine);
            byte[] expected = new byte[n * mine.length];
            for (int r = 0; r < n; r++) {
                System.arraycopy(packs.get(r), 0, expected, r * mine.length, mine.length);
            }
            byte[] gathered = new byte[expected.length];
            world.gather(Buf.of(mem).withType(t, 3), me == n - 1 ? Buf.of(gathered) : null, n - 1);
            if (me == n - 1) {
                assertArrayEquals(expected, gathered, "gather");
            }
            byte[] all = new byte[expected.length];
            world.allgather(Buf.of(mem).withType(t, 3), Buf.of(all));
            assertArrayEquals(expected, all, "allgather");
            t.free();
            return null;
        });
    }

    /**
     * What must match across ranks is the type signature (MPI-4.1 §6.1), so ranks may describe the
     * same data with different datatypes in one call: the root gathers plain ints into every other
     * int of its buffer (an INT resized to two ints) with gatherv and scatters them back with
     * iscatterv; a contiguous broadcast lands in a strided vector elsewhere; alltoallv receives
     * plain ints into strided blocks; allgatherv sends a vector and receives ints. The gaps keep
     * their values.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void ranksMixDerivedAndPredefinedDatatypes(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype stride2 = Datatype.resized(Datatype.INT, 0, 2L * Integer.BYTES).commit();
            int[] counts = new int[n];
            int[] displs = new int[n];
            int total = 0;
            for (int r = 0; r < n; r++) {
                counts[r] = r + 1;
                displs[r] = total;
                total += r + 1;
            }
            int[] mine = new int[me + 1];
            for (int i = 0; i <= me; i++) {
                mine[i] = 100 * me + i;
            }
            int[] spread = new int[2 * total];
            Arrays.fill(spread, -1);
            int root = n - 1;
            world.gatherv(Buf.of(mine), me == root ? io.mpi4j.VBuf.of(Buf.of(spread).withType(stride2, total), counts, displs) : null,
                    root);
            if (me == root) {
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i <= r; i++) {
                        assertEquals(100 * r + i, spread[2 * (displs[r] + i)], "gathered element " + i + " of rank " + r);
                        assertEquals(-1, spread[2 * (displs[r] + i) + 1], "gap after element " + i + " of rank " + r);
                    }
                }
                for (int k = 0; k < spread.length; k += 2) {
                    spread[k] = -spread[k];
                }
            }
            int[] back = new int[me + 1];
            world.iscatterv(me == root ? io.mpi4j.VBuf.of(Buf.of(spread).withType(stride2, total), counts, displs) : null,
                    Buf.of(back), root).await();
            for (int i = 0; i <= me; i++) {
                assertEquals(-(100 * me + i), back[i], "scattered element " + i);
            }

            Datatype everyOther = Datatype.vector(4, 1, 2, Datatype.INT).commit();
            int[] data = new int[8];
            Arrays.fill(data, -7);
            if (me == 0) {
                world.bcast(Buf.of(new int[] {10, 11, 12, 13}), 0);
            } else {
                world.bcast(Buf.of(data).withType(everyOther, 1), 0);
                for (int k = 0; k < 4; k++) {
                    assertEquals(10 + k, data[2 * k], "broadcast element " + k);
                    assertEquals(-7, data[2 * k + 1], "gap " + k + " after the broadcast");
                }
            }

            // alltoallv: rank r gets (r + 1) ints from every rank, into every other int of its buffer
            int[] out = new int[total];
            int[] sendCounts = counts.clone();
            int[] sendDispls = displs.clone();
            for (int k = 0; k < out.length; k++) {
                out[k] = 1000 * me + k;
            }
            int[] recvCounts = new int[n];
            int[] recvDispls = new int[n];
            for (int r = 0; r < n; r++) {
                recvCounts[r] = me + 1;
                recvDispls[r] = r * (me + 1);
            }
            int[] in = new int[2 * n * (me + 1)];
            Arrays.fill(in, -2);
            world.alltoallv(io.mpi4j.VBuf.of(Buf.of(out), sendCounts, sendDispls),
                    io.mpi4j.VBuf.of(Buf.of(in).withType(stride2, n * (me + 1)), recvCounts, recvDispls));
            for (int r = 0; r < n; r++) {
                for (int i = 0; i <= me; i++) {
                    assertEquals(1000 * r + displs[me] + i, in[2 * (r * (me + 1) + i)], "element " + i + " from rank " + r);
                    assertEquals(-2, in[2 * (r * (me + 1) + i) + 1], "gap after element " + i + " from rank " + r);
                }
            }

            int[] v = {me, -9, me + 1, -9, me + 2, -9, me + 3};
            int[] all = new int[4 * n];
            int[] fours = new int[n];
            int[] at = new int[n];
            for (int r = 0; r < n; r++) {
                fours[r] = 4;
                at[r] = 4 * (n - 1 - r);
            }
            world.allgatherv(Buf.of(v).withType(everyOther, 1), io.mpi4j.VBuf.of(Buf.of(all), fours, at));
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(r + k, all[4 * (n - 1 - r) + k], "allgathered element " + k + " of rank " + r);
                }
            }
            stride2.free();
            everyOther.free();
            return null;
        });
    }

    /**
     * alltoallw with derived block types on heap arrays, nonblocking and in place (MPI-4.1 §6.8):
     * each rank sends its strided row pairs (an INT resized to two ints) to every rank and
     * receives them as plain ints; in place, the blocks go out of and come back into the same
     * strided slots, while the gaps keep their values.
     *
     * @param ranks the number of ranks
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void alltoallwMixesDerivedAndPredefinedBlocks(int ranks) {
        run(ranks, world -> {
            int n = world.size();
            int me = world.rank();
            Datatype stride2 = Datatype.resized(Datatype.INT, 0, 2L * Integer.BYTES).commit();
            int[] twos = new int[n];
            long[] sendDispls = new long[n];
            long[] recvDispls = new long[n];
            Datatype[] sendTypes = new Datatype[n];
            Datatype[] recvTypes = new Datatype[n];
            int[] recvCounts = new int[n];
            Datatype pair = Datatype.contiguous(2, Datatype.INT).commit();
            int[] strided = new int[4 * n];
            for (int j = 0; j < n; j++) {
                twos[j] = 2;
                sendDispls[j] = 16L * j;
                recvDispls[j] = 8L * j;
                sendTypes[j] = stride2;
                // the same signature as two ints, whatever the type: odd blocks arrive as one pair
                recvTypes[j] = j % 2 == 0 ? Datatype.INT : pair;
                recvCounts[j] = j % 2 == 0 ? 2 : 1;
                strided[4 * j] = 100 * me + 10 * j;
                strided[4 * j + 1] = -1;
                strided[4 * j + 2] = 100 * me + 10 * j + 1;
                strided[4 * j + 3] = -1;
            }
            int[] plain = new int[2 * n];
            world.ialltoallw(new WBuf(MemorySegment.ofArray(strided), twos, sendDispls, sendTypes),
                    new WBuf(MemorySegment.ofArray(plain), recvCounts, recvDispls, recvTypes)).await();
            for (int i = 0; i < n; i++) {
                assertEquals(100 * i + 10 * me, plain[2 * i], "first int from rank " + i);
                assertEquals(100 * i + 10 * me + 1, plain[2 * i + 1], "second int from rank " + i);
            }

            world.alltoallw(null, new WBuf(MemorySegment.ofArray(strided), twos, sendDispls, sendTypes));
            for (int i = 0; i < n; i++) {
                assertEquals(100 * i + 10 * me, strided[4 * i], "in place: first int from rank " + i);
                assertEquals(-1, strided[4 * i + 1], "in place: gap");
                assertEquals(100 * i + 10 * me + 1, strided[4 * i + 2], "in place: second int from rank " + i);
                assertEquals(-1, strided[4 * i + 3], "in place: gap");
            }
            stride2.free();
            pair.free();
            return null;
        });
    }
}
