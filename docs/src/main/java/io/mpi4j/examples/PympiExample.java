package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Request;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pympi README's {@code example.py}, in Java: synchronization, object collectives,
 * point-to-point, a nonblocking reduction completed with {@code await}, and a buffer reduction in
 * place on a byte buffer.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.PympiExample
 * }
 */
public final class PympiExample {
    private PympiExample() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        // tag::pympi[]
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int size = comm.size();
            int rank = comm.rank();

            // Synchronization
            comm.barrier();

            // Collective
            String message = comm.bcastObject(rank == 0 ? "Hello, World!" : null, 0);
            List<Integer> ranks = comm.allgatherObject(rank);
            System.out.println("bcast: " + message + "; allgather: " + ranks);

            // Point-to-point
            switch (rank) {
                case 0 -> comm.sendObject("Hello, 1!", 1, 0);
                case 1 -> System.out.println("recv: " + comm.<String>recvObject(0, 0));
                default -> { }
            }

            // Nonblocking
            Request<Optional<Integer>> req = comm.ireduceObject(rank, Integer::sum, 0);
            Optional<Integer> result = req.await();       // the sum at the root, empty elsewhere
            System.out.println("ireduce: " + result);

            // Buffer-based: every rank contributes rank + 1 to each byte; the sum replaces them
            ByteBuffer buffer = ByteBuffer.allocate(10);
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.put(i, (byte) (rank + 1));
            }
            comm.allreduce(Buf.IN_PLACE, Buf.of(buffer), Op.SUM);
            System.out.println("allreduce: " + Arrays.toString(buffer.array()) + " on " + size + " ranks");
        }
        // end::pympi[]
    }
}
