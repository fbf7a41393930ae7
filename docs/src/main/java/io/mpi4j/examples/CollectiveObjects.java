package io.mpi4j.examples;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collectives on objects (the mpi4py tutorial's "Broadcasting a Python dictionary", "Scattering
 * Python objects" and "Gathering Python objects"). Object collectives return their result: the
 * broadcast value, this rank's element of the scattered list, the gathered list at the root.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.CollectiveObjects
 * }
 */
public final class CollectiveObjects {
    private CollectiveObjects() {
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

            // tag::bcast-object[]
            // broadcasting a map: the root's value, every other rank gets a copy
            Map<String, List<Object>> data = null;
            if (rank == 0) {
                data = new TreeMap<>(Map.of(
                        "key1", List.of(7, 2.72, "2+3j"),
                        "key2", List.of("abc", "xyz")));
            }
            data = comm.bcastObject(data, 0);
            System.out.println("bcast: " + data);
            // end::bcast-object[]

            // tag::scatter-object[]
            // scattering objects: element i of the root's list goes to rank i
            List<Integer> squares = null;
            if (rank == 0) {
                squares = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    squares.add((i + 1) * (i + 1));
                }
            }
            int mine = comm.scatterObject(squares, 0);
            assert mine == (rank + 1) * (rank + 1);
            System.out.println("scatter: " + mine);
            // end::scatter-object[]

            // tag::gather-object[]
            // gathering objects: the root gets one per rank, in rank order; the others an empty list
            int square = (rank + 1) * (rank + 1);
            List<Integer> gathered = comm.gatherObject(square, 0);
            if (rank == 0) {
                for (int i = 0; i < size; i++) {
                    assert gathered.get(i) == (i + 1) * (i + 1);
                }
            } else {
                assert gathered.isEmpty();
            }
            System.out.println("gather: " + gathered);
            // end::gather-object[]
        }
    }
}
