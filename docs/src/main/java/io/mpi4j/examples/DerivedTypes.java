package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Derived datatypes in four classic uses: a matrix column exchanged as a contiguous array (a
 * vector type), a record of mixed fields gathered and reduced (a struct type with a user
 * operation that reads its fields), a matrix transposed by {@code alltoall} into columns (a vector
 * resized to one element), and an array dealt over a process grid ({@code darray}). Each rank
 * prints what it received; the output does not depend on timing.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.DerivedTypes
 * }
 */
public final class DerivedTypes {
    private DerivedTypes() {
    }

    /**
     * Runs the four uses on every rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            column(world);
            particles(world);
            transpose(world);
            darray(world);
        }
    }

    private static void column(Intracomm world) {
        int rank = world.rank();
        int size = world.size();
        // tag::column[]
        // each rank owns an n x n row-major matrix and sends its column `rank` to the next rank,
        // which receives it as a plain array: the vector type picks one element from each row
        int n = 4;
        double[] matrix = new double[n * n];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = 100 * rank + i;
        }
        Datatype column = Datatype.vector(n, 1, n, Datatype.DOUBLE).commit(); // n blocks of 1, stride n
        int j = rank % n;
        Buf myColumn = Buf.of(matrix, j, matrix.length - j).withType(column, 1); // origin at matrix[j]
        double[] received = new double[n];
        world.sendrecv(myColumn, (rank + 1) % size, 0, Buf.of(received), (rank + size - 1) % size, 0);
        column.free();
        // end::column[]
        System.out.println("column from rank " + (rank + size - 1) % size + ": " + Arrays.toString(received));
    }

    private static void particles(Intracomm world) {
        int rank = world.rank();
        int size = world.size();
        // tag::struct[]
        // C's struct { double x; double y; int id; }: 20 bytes of data, padded to 24 like C
        StructLayout particle = MemoryLayout.structLayout(ValueLayout.JAVA_DOUBLE.withName("x"),
                ValueLayout.JAVA_DOUBLE.withName("y"), ValueLayout.JAVA_INT.withName("id"), MemoryLayout.paddingLayout(4));
        Datatype type = Datatype.struct(new int[] {2, 1}, new long[] {0, 16}, new Datatype[] {Datatype.DOUBLE, Datatype.INT})
                .commit();
        MemorySegment mine = MemorySegment.ofArray(new long[3]); // one particle, 8-byte aligned
        mine.set(ValueLayout.JAVA_DOUBLE, 0, rank + 0.5);
        mine.set(ValueLayout.JAVA_DOUBLE, 8, -rank);
        mine.set(ValueLayout.JAVA_INT, 16, 1000 + rank);
        // the root gathers every rank's particle into an array of structs
        MemorySegment all = MemorySegment.ofArray(new long[3 * size]);
        world.gather(Buf.of(mine, type, 1), Buf.of(all, type, size), 0);
        // a user operation reads the fields at their offsets: the particle furthest right wins
        Op rightmost = Op.create((in, inout, count, t) -> {
            for (long i = 0; i < count; i++) {
                long at = i * t.extent();
                if (in.get(ValueLayout.JAVA_DOUBLE, at) > inout.get(ValueLayout.JAVA_DOUBLE, at)) {
                    MemorySegment.copy(in, at, inout, at, t.extent());
                }
            }
        }, true);
        MemorySegment winner = MemorySegment.ofArray(new long[3]);
        world.allreduce(Buf.of(mine, type, 1), Buf.of(winner, type, 1), rightmost);
        type.free();
        // end::struct[]
        if (rank == 0) {
            StringBuilder ids = new StringBuilder();
            for (int r = 0; r < size; r++) {
                ids.append(r == 0 ? "" : " ").append(all.get(ValueLayout.JAVA_INT, r * particle.byteSize() + 16));
            }
            System.out.println("gathered particles " + ids + "; rightmost is particle " + winner.get(ValueLayout.JAVA_INT, 16)
                    + " at x=" + winner.get(ValueLayout.JAVA_DOUBLE, 0));
        }
    }

    private static void transpose(Intracomm world) {
        int rank = world.rank();
        int n = world.size();
        // tag::transpose[]
        // rank r holds row r of an n x n matrix; alltoall sends element j of the row to rank j,
        // which stores what rank i sent at position i of its own row: that row is column `rank`
        // of the matrix. With a column type resized to one element the same call transposes a
        // whole matrix held by one rank: block i lands in column i.
        int[] row = new int[n];
        for (int j = 0; j < n; j++) {
            row[j] = 10 * rank + j;
        }
        int[] local = new int[n * n];
        for (int k = 0; k < local.length; k++) {
            local[k] = 10 * (k / n) + k % n + 100 * rank; // my own matrix: element [i][j] = 10i + j + 100 rank
        }
        Datatype column = Datatype.resized(Datatype.vector(n, 1, n, Datatype.INT), 0, Integer.BYTES).commit();
        int[] transposed = new int[n * n];
        world.alltoall(Buf.of(local), Buf.of(transposed).withType(column, n));
        column.free();
        // end::transpose[]
        System.out.println("transposed row 0: " + Arrays.toString(Arrays.copyOf(transposed, n)));
    }

    private static void darray(Intracomm world) {
        int rank = world.rank();
        int size = world.size();
        // tag::darray[]
        // an 8-element array dealt over the ranks cyclically in blocks of 2; rank 0 holds the whole
        // array and sends every rank its part, described by that rank's darray type
        int[] gsizes = {8};
        Datatype.Distribution[] cyclic = {Datatype.Distribution.CYCLIC};
        int[] blocksOf2 = {2};
        int[] grid = {size};
        Datatype mine = Datatype.darray(size, rank, gsizes, cyclic, blocksOf2, grid, Datatype.Order.C, Datatype.INT).commit();
        int[] part = new int[(int) (mine.size() / Integer.BYTES)];
        var request = world.irecv(Buf.of(part), 0, 7);
        if (rank == 0) {
            int[] whole = {0, 1, 2, 3, 4, 5, 6, 7};
            for (int r = 0; r < size; r++) {
                Datatype theirs = Datatype.darray(size, r, gsizes, cyclic, blocksOf2, grid, Datatype.Order.C, Datatype.INT).commit();
                world.send(Buf.of(whole).withType(theirs, 1), r, 7);
                theirs.free();
            }
        }
        request.await();
        mine.free();
        // end::darray[]
        System.out.println("my part of the array: " + Arrays.toString(part));
    }
}
