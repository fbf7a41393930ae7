package io.mpi4j.examples;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/**
 * Hello, World: every rank prints its rank, the size of the job and the name of its processor.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.HelloWorld
 * }
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        // tag::hello[]
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            System.out.printf("Hello, World! I am process %d of %d on %s.%n",
                    world.rank(), world.size(), mpi.processorName());
        }
        // end::hello[]
    }
}
