package io.mpi4j;

import java.util.Objects;

/**
 * The status of a completed receive, probe or request (MPI-4.1 §3.2.5, MPI_Status).
 *
 * <p>It carries the envelope of the matched message (source rank and tag), its size in bytes, the
 * datatype of the receive so that {@link #count()} gives the element count directly, whether the
 * operation was cancelled, and the error class of the operation ({@link ErrorClass#SUCCESS} when it
 * succeeded).
 *
 * <p>After a truncated receive ({@link ErrorClass#ERR_TRUNCATE}) MPI defines only the error, and so
 * does this API: {@code byteCount} is what the provider knows — the bytes stored in the buffer
 * ({@code sim}, {@code shm}), the message's length ({@code native} over Open MPI, or wherever the
 * receive probed first), or the library's own figure (MPICH's is not meaningful).
 *
 * @param source the rank of the sender in the communicator, or {@link Mpi#PROC_NULL}
 * @param tag the tag of the message, or {@link Mpi#ANY_TAG} for a receive from {@code PROC_NULL}
 * @param byteCount the number of bytes received (or available, for a probe)
 * @param datatype the datatype used to count elements
 * @param cancelled whether the operation was cancelled (MPI_Test_cancelled)
 * @param error the error class of the operation
 */
public record Status(int source, int tag, long byteCount, Datatype datatype, boolean cancelled, ErrorClass error) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code datatype} or {@code error} is {@code null}
     */
    public Status {
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(error, "error");
    }

    /**
     * The status of an operation with {@link Mpi#PROC_NULL}: source {@code PROC_NULL}, tag
     * {@code ANY_TAG}, count 0 (MPI-4.1 §3.11).
     *
     * @param datatype the datatype of the receive
     * @return the empty status
     */
    public static Status procNull(Datatype datatype) {
        return new Status(Mpi.PROC_NULL, Mpi.ANY_TAG, 0, datatype, false, ErrorClass.SUCCESS);
    }

    /**
     * Returns the number of elements of this status' datatype (MPI_Get_count).
     *
     * @return the element count, or {@link Mpi#UNDEFINED} if the byte count is not a multiple of the
     *     datatype's size
     */
    public long count() {
        return count(datatype);
    }

    /**
     * Returns the number of elements of the given datatype (MPI_Get_count).
     *
     * @param type the datatype to count in
     * @return the element count, or {@link Mpi#UNDEFINED} if the byte count is not a multiple of
     *     {@code type.size()}
     */
    public long count(Datatype type) {
        long size = type.size();
        if (size == 0) {
            return byteCount == 0 ? 0 : Mpi.UNDEFINED;
        }
        return byteCount % size == 0 ? byteCount / size : Mpi.UNDEFINED;
    }

    /**
     * Returns the number of predefined elements received, in this status' datatype
     * (MPI_Get_elements_x).
     *
     * @return the element count, or {@link Mpi#UNDEFINED}
     * @see #elements(Datatype)
     */
    public long elements() {
        return elements(datatype);
    }

    /**
     * Returns the number of predefined elements received, reading the message as elements of
     * {@code type} (MPI_Get_elements_x). Where {@link #count(Datatype)} counts whole elements of
     * a derived type, this counts the predefined ones inside, so it is defined for a message that
     * ends partway through a derived element: 5 {@code int}s read as {@code contiguous(3, INT)}
     * have count {@link Mpi#UNDEFINED} but 5 elements. A pair type ({@link Datatype#DOUBLE_INT}
     * and the like) counts as its two members.
     *
     * @param type the datatype to count in
     * @return the element count, or {@link Mpi#UNDEFINED} if the bytes end inside a predefined
     *     element
     */
    public long elements(Datatype type) {
        return type.map.basicElements(byteCount);
    }

    /**
     * Returns this status with another datatype for counting.
     *
     * @param type the datatype
     * @return a status equal to this one except for its datatype
     */
    public Status withDatatype(Datatype type) {
        return new Status(source, tag, byteCount, type, cancelled, error);
    }
}
