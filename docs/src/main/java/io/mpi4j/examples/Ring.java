package io.mpi4j.examples;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/**
 * A token passed around a ring: rank 0 sends it to rank 1, every rank adds one and passes it on to
 * the next, and the last rank sends it back to rank 0, which prints the final value (the initial
 * value plus the number of ranks minus one).
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.Ring 100
 * }
 */
public final class Ring {
    private static final int TOKEN_TAG = 1;

    private Ring() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args optionally the initial value of the token (default 0)
     */
    public static void main(String[] args) {
        // tag::ring[]
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            int rank = world.rank();
            int size = world.size();
            int next = (rank + 1) % size;
            int previous = (rank + size - 1) % size;
            int[] token = new int[1];
            if (rank == 0) {
                token[0] = args.length > 0 ? Integer.parseInt(args[0]) : 0;
                world.send(token, next, TOKEN_TAG);          // datatype (INT) and count (1) inferred
                world.recv(token, previous, TOKEN_TAG);
                System.out.println("received token " + token[0] + " from rank " + previous);
                System.out.println("final value " + token[0]);
            } else {
                world.recv(token, previous, TOKEN_TAG);
                System.out.println("received token " + token[0] + " from rank " + previous);
                token[0]++;
                world.send(token, next, TOKEN_TAG);
            }
        }
        // end::ring[]
    }
}
