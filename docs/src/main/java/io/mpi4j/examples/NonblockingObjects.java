package io.mpi4j.examples;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Sending objects with nonblocking communication (the mpi4py tutorial's "Python objects with
 * non-blocking communication"): the operations return a {@link Request} at once; {@code await()}
 * completes it and yields the received object. A request can also be consumed as a
 * {@link CompletableFuture}, without calling wait.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 2 -cp docs/target/classes io.mpi4j.examples.NonblockingObjects
 * }
 */
public final class NonblockingObjects {
    private NonblockingObjects() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        // tag::nonblocking-objects[]
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int rank = comm.rank();

            if (rank == 0) {
                Map<String, Object> data = new TreeMap<>(Map.of("a", 7, "b", 3.14));
                Request<Status> req = comm.isendObject(data, 1, 11);
                req.await();
                System.out.println("sent " + data);
            } else if (rank == 1) {
                Request<Map<String, Object>> req = comm.irecvObject(0, 11);
                Map<String, Object> data = req.await();
                System.out.println("received " + data);
            }
            // end::nonblocking-objects[]

            // tag::future[]
            if (rank == 0) {
                comm.isendObject("no wait needed", 1, 12).await();
            } else if (rank == 1) {
                Request<String> req = comm.irecvObject(0, 12);
                CompletableFuture<Void> printed = req.toCompletableFuture()
                        .thenAccept(text -> System.out.println("future completed with '" + text + "'"));
                printed.join();                          // before MPI is finalized
            }
            // end::future[]
        }
    }
}
