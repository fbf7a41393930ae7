package io.mpi4j.run.programs;

import io.mpi4j.Mpi;

/** Test program: prints lines in pieces, from a thread it starts, to stderr, and an unfinished last line. */
public class Hello {
    public static void main(String[] args) throws InterruptedException {
        try (Mpi mpi = Mpi.init(args)) {
            int rank = mpi.world().rank();
            for (int i = 0; i < 50; i++) {
                System.out.print("hello ");
                Thread.yield();
                System.out.print("from " + rank);
                Thread.yield();
                System.out.println(" of " + mpi.world().size() + " args=" + String.join(",", args));
            }
            Thread child = Thread.ofPlatform().start(() -> System.out.println("child of " + rank));
            child.join();
            System.err.println("err from " + rank);
            System.out.print("unfinished " + rank);
        }
    }
}
