package io.mpi4j.run.programs;

import io.mpi4j.Mpi;

/** Test program: sleeps for a minute, to be stopped by the launcher's time limit. */
public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        try (Mpi mpi = Mpi.init(args)) {
            Thread.sleep(60_000);
        }
    }
}
