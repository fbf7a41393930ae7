package io.mpi4j.jni;

/**
 * The native methods of the C glue for MPI derived datatypes ({@code src/main/c/datatypes.c}).
 * Handles are 64-bit integers; every method returning {@code int} returns the MPI error code and
 * writes its results into {@code out}. The constructors return uncommitted types;
 * {@link #fit} gives one mpi4j's bounds and commits it.
 */
final class JniTypes {
    private JniTypes() {
    }

    // constructors: out = {new handle}
    static native int bytes(int size, long[] out);

    static native int contiguous(int count, long old, long[] out);

    static native int vector(int count, int blocklength, int stride, long old, long[] out);

    static native int hvector(int count, int blocklength, long stride, long old, long[] out);

    /** MPI_Type_indexed, or MPI_Type_create_hindexed when {@code byteDispls} is not {@code null}. */
    static native int indexed(int[] blocklengths, int[] displs, long[] byteDispls, long old, long[] out);

    /** MPI_Type_create_indexed_block, or its h variant when {@code byteDispls} is not {@code null}. */
    static native int indexedBlock(int blocklength, int[] displs, long[] byteDispls, long old, long[] out);

    static native int struct(int[] blocklengths, long[] displs, long[] types, long[] out);

    static native int subarray(int[] sizes, int[] subsizes, int[] starts, boolean fortran, long old, long[] out);

    /** {@code distribs}: ordinals of {@link io.mpi4j.Datatype.Distribution}; {@code dargs}: -1 for the default. */
    static native int darray(int size, int rank, int[] gsizes, int[] distribs, int[] dargs, int[] psizes, boolean fortran,
            long old, long[] out);

    static native int resized(long old, long lb, long extent, long[] out);

    static native int dup(long old, long[] out);

    /**
     * Gives the type these bounds (replacing it by a resized copy if MPI's differ, or always with
     * {@code pinBounds}: a struct with an empty member, which Open MPI 4.1 moves wrongly otherwise)
     * and commits it: out = {handle}.
     */
    static native int fit(long type, long lb, long extent, boolean pinBounds, long[] out);

    static native int free(long type);

    /** out = {size, lb, extent, true lb, true extent} as MPI reports them. */
    static native int describe(long type, long[] out);

    // point-to-point with count elements of a committed type
    static native int isend(long comm, long address, long count, long type, int dest, int tag, int mode, long[] out);

    static native int irecv(long comm, long address, long count, long type, int source, int tag, long[] out);

    static native int imrecv(long message, long address, long count, long type, long[] out);

    /** Copies the data of {@code count} elements of {@code type} from staged memory into a Java array (byte offset {@code offset}). */
    static native int copyOut(long from, Object array, long offset, long count, long type);
}
