package io.mpi4j.run.programs;

import io.mpi4j.Mpi;

/** Test program: a static counter that every rank increments once; with a loader per rank each sees 1. */
public class StaticCounter {
    static int counter;

    public static void main(String[] args) {
        counter++;
        try (Mpi mpi = Mpi.init(args)) {
            boolean ownLoader = Thread.currentThread().getContextClassLoader() == StaticCounter.class.getClassLoader();
            System.out.println("counter=" + counter + " rank=" + mpi.world().rank() + " ownLoader=" + ownLoader);
        }
    }
}
