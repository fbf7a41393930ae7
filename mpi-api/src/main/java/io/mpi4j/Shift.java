package io.mpi4j;

/**
 * The neighbours of a Cartesian shift (MPI_Cart_shift): where to send and where to receive from,
 * for use with {@link Comm#sendrecv}.
 *
 * @param source the rank to receive from, or {@link Mpi#PROC_NULL} past a non-periodic edge
 * @param dest the rank to send to, or {@link Mpi#PROC_NULL} past a non-periodic edge
 */
public record Shift(int source, int dest) {
}
