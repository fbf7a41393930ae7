package io.mpi4j.run.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/** Test program: rank 0 receives one message from every other rank with ANY_SOURCE and prints the order. */
public class WildcardOrder {
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            if (world.rank() == 0) {
                StringBuilder order = new StringBuilder("order");
                for (int i = 1; i < world.size(); i++) {
                    int[] from = new int[1];
                    world.recv(from, Mpi.ANY_SOURCE, 0);
                    order.append(' ').append(from[0]);
                }
                System.out.println(order);
            } else {
                world.send(new int[] {world.rank()}, 0, 0);
            }
        }
    }
}
