package io.mpi4j.examples;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sending objects (the mpi4py tutorial's "Python objects"): rank 0 sends a map to rank 1. Any
 * {@code Serializable} object can be sent; the receiver always gets a copy.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 2 -cp docs/target/classes io.mpi4j.examples.SendRecvObjects
 * }
 */
public final class SendRecvObjects {
    private SendRecvObjects() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        // tag::objects[]
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int rank = comm.rank();

            if (rank == 0) {
                Map<String, Object> data = new TreeMap<>(Map.of("a", 7, "b", 3.14));
                comm.sendObject(data, 1, 11);
                System.out.println("sent " + data);
            } else if (rank == 1) {
                Map<String, Object> data = comm.recvObject(0, 11);
                System.out.println("received " + data);
            }
        }
        // end::objects[]
    }
}
