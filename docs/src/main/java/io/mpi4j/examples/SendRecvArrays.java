package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * Sending buffers, the fast way (the mpi4py tutorial's "NumPy arrays"): the elements move as raw
 * memory, without serialization. The datatype is given explicitly for a {@link ByteBuffer}, and
 * inferred from the array type for a {@code double[]}.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 2 -cp docs/target/classes io.mpi4j.examples.SendRecvArrays
 * }
 */
public final class SendRecvArrays {
    private SendRecvArrays() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            int rank = comm.rank();

            // tag::explicit[]
            // passing MPI datatypes explicitly: 1000 INTs in a direct ByteBuffer (native byte order!)
            if (rank == 0) {
                ByteBuffer data = ByteBuffer.allocateDirect(1000 * Integer.BYTES).order(ByteOrder.nativeOrder());
                for (int i = 0; i < 1000; i++) {
                    data.putInt(i * Integer.BYTES, i);
                }
                comm.send(Buf.of(data, Datatype.INT, 1000), 1, 77);
            } else if (rank == 1) {
                ByteBuffer data = ByteBuffer.allocateDirect(1000 * Integer.BYTES).order(ByteOrder.nativeOrder());
                comm.recv(Buf.of(data, Datatype.INT, 1000), 0, 77);
                IntBuffer ints = data.asIntBuffer();
                System.out.println("received ints " + ints.get(0) + ", " + ints.get(1) + ", ..., " + ints.get(999));
            }
            // end::explicit[]

            // tag::automatic[]
            // automatic MPI datatype discovery: a double[] is 100 DOUBLEs
            if (rank == 0) {
                double[] data = new double[100];
                Arrays.setAll(data, i -> i);
                comm.send(Buf.of(data), 1, 13);
            } else if (rank == 1) {
                double[] data = new double[100];
                comm.recv(Buf.of(data), 0, 13);
                System.out.println("received doubles " + data[0] + ", " + data[1] + ", ..., " + data[99]
                        + " (sum " + Arrays.stream(data).sum() + ")");
            }
            // end::automatic[]
        }
    }
}
