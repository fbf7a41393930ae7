package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Collectives on buffers, the fast way (the mpi4py tutorial's "Broadcasting a NumPy array",
 * "Scattering NumPy arrays" and "Gathering NumPy arrays"): the elements move as raw memory, the
 * datatype inferred from the array type. A two-dimensional NumPy array of {@code size} rows of 100
 * becomes one {@code int[]} of {@code size * 100} elements, row {@code i} at {@code i * 100}.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.CollectiveArrays
 * }
 */
public final class CollectiveArrays {
    private CollectiveArrays() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int size = comm.size();
            int rank = comm.rank();

            // tag::bcast-array[]
            // broadcasting an array: the root's 100 ints overwrite everybody else's
            int[] data = new int[100];
            if (rank == 0) {
                Arrays.setAll(data, i -> i);
            }
            comm.bcast(Buf.of(data), 0);
            for (int i = 0; i < 100; i++) {
                assert data[i] == i;
            }
            System.out.println("bcast: " + data[0] + ", " + data[1] + ", ..., " + data[99]
                    + " (sum " + Arrays.stream(data).sum() + ")");
            // end::bcast-array[]

            // tag::scatter-array[]
            // scattering an array: row i of the root's size x 100 matrix goes to rank i
            int[] sendbuf = null;
            if (rank == 0) {
                sendbuf = new int[size * 100];
                for (int row = 0; row < size; row++) {
                    Arrays.fill(sendbuf, row * 100, (row + 1) * 100, row);
                }
            }
            int[] recvbuf = new int[100];
            comm.scatter(rank == 0 ? Buf.of(sendbuf) : null, Buf.of(recvbuf), 0);
            System.out.println("scatter: 100 ints, distinct values " + distinct(recvbuf, 0, 100));
            // end::scatter-array[]

            // tag::gather-array[]
            // gathering arrays: rank i's 100 ints become row i of the root's matrix
            int[] mine = new int[100];
            Arrays.fill(mine, rank);
            int[] all = rank == 0 ? new int[size * 100] : null;
            comm.gather(Buf.of(mine), rank == 0 ? Buf.of(all) : null, 0);
            if (rank == 0) {
                for (int row = 0; row < size; row++) {
                    System.out.println("gather: row " + row + " holds " + distinct(all, row * 100, 100));
                }
            }
            // end::gather-array[]
        }
    }

    /** The distinct values of a slice, in order of first appearance, as {@code [a, b]}. */
    private static String distinct(int[] a, int from, int count) {
        return IntStream.range(from, from + count).map(i -> a[i]).distinct()
                .mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
