package io.mpi4j.run.programs;

/** Test program: a class without a main method. */
public class NoMain {
    public static void notMain(String[] args) {
    }
}
