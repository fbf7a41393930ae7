package io.mpi4j;

import java.util.List;

/**
 * How a datatype was built: the combiner and the arguments of its constructor (MPI_Type_get_envelope
 * and MPI_Type_get_contents, MPI-4.1 §5.1.13), as returned by {@link Datatype#constructor()}.
 *
 * <p>The argument lists are immutable copies; datatypes in them are the very objects passed to the
 * constructor, so a nested type can be inspected in turn.
 */
public sealed interface TypeConstructor {
    /**
     * A predefined datatype (MPI_COMBINER_NAMED).
     *
     * @param type the predefined datatype itself
     */
    record Named(Datatype type) implements TypeConstructor {
    }

    /**
     * {@link Datatype#dup(Datatype)} (MPI_COMBINER_DUP).
     *
     * @param oldType the duplicated type
     */
    record Dup(Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#contiguous(int, Datatype)} (MPI_COMBINER_CONTIGUOUS).
     *
     * @param count the number of elements
     * @param oldType the element type
     */
    record Contiguous(int count, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#vector(int, int, int, Datatype)} (MPI_COMBINER_VECTOR).
     *
     * @param count the number of blocks
     * @param blocklength elements per block
     * @param stride distance between block starts, in elements of {@code oldType}
     * @param oldType the element type
     */
    record Vector(int count, int blocklength, int stride, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#hvector(int, int, long, Datatype)} (MPI_COMBINER_HVECTOR).
     *
     * @param count the number of blocks
     * @param blocklength elements per block
     * @param stride distance between block starts, in bytes
     * @param oldType the element type
     */
    record HVector(int count, int blocklength, long stride, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#indexed(int[], int[], Datatype)} (MPI_COMBINER_INDEXED).
     *
     * @param blocklengths elements per block
     * @param displacements block starts, in extents of {@code oldType}
     * @param oldType the element type
     */
    record Indexed(List<Integer> blocklengths, List<Integer> displacements, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#hindexed(int[], long[], Datatype)} (MPI_COMBINER_HINDEXED).
     *
     * @param blocklengths elements per block
     * @param displacements block starts, in bytes
     * @param oldType the element type
     */
    record HIndexed(List<Integer> blocklengths, List<Long> displacements, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#indexedBlock(int, int[], Datatype)} (MPI_COMBINER_INDEXED_BLOCK).
     *
     * @param blocklength elements per block
     * @param displacements block starts, in extents of {@code oldType}
     * @param oldType the element type
     */
    record IndexedBlock(int blocklength, List<Integer> displacements, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#hindexedBlock(int, long[], Datatype)} (MPI_COMBINER_HINDEXED_BLOCK).
     *
     * @param blocklength elements per block
     * @param displacements block starts, in bytes
     * @param oldType the element type
     */
    record HIndexedBlock(int blocklength, List<Long> displacements, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#struct(int[], long[], Datatype[])} (MPI_COMBINER_STRUCT).
     *
     * @param blocklengths elements per block
     * @param displacements block starts, in bytes
     * @param types the element type of each block
     */
    record Struct(List<Integer> blocklengths, List<Long> displacements, List<Datatype> types) implements TypeConstructor {
    }

    /**
     * {@link Datatype#subarray(int[], int[], int[], Datatype.Order, Datatype)} (MPI_COMBINER_SUBARRAY).
     *
     * @param sizes the full array's extent in each dimension
     * @param subsizes the subarray's extent in each dimension
     * @param starts the subarray's first index in each dimension
     * @param order the storage order
     * @param oldType the element type
     */
    record Subarray(List<Integer> sizes, List<Integer> subsizes, List<Integer> starts, Datatype.Order order,
            Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#darray(int, int, int[], Datatype.Distribution[], int[], int[], Datatype.Order, Datatype)}
     * (MPI_COMBINER_DARRAY).
     *
     * @param size the processes in the grid
     * @param rank this process's rank in the grid
     * @param gsizes the whole array's length in each dimension
     * @param distribs how each dimension is distributed
     * @param dargs each dimension's block size, or {@link Datatype#DEFAULT_DARG}
     * @param psizes the grid's length in each dimension
     * @param order the storage order
     * @param oldType the element type
     */
    record Darray(int size, int rank, List<Integer> gsizes, List<Datatype.Distribution> distribs, List<Integer> dargs,
            List<Integer> psizes, Datatype.Order order, Datatype oldType) implements TypeConstructor {
    }

    /**
     * {@link Datatype#resized(Datatype, long, long)} (MPI_COMBINER_RESIZED).
     *
     * @param oldType the resized type
     * @param lowerBound the new lower bound, in bytes
     * @param extent the new extent, in bytes
     */
    record Resized(Datatype oldType, long lowerBound, long extent) implements TypeConstructor {
    }
}
