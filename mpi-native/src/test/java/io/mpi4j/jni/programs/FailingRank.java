package io.mpi4j.jni.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;

/**
 * Test program: rank 1 throws while rank 0 waits for a message from it that never comes. With
 * {@code run} as the first argument the program uses {@code Mpi.run}; with {@code plain} it calls
 * {@code Mpi.init} without closing, so the exception is uncaught in main.
 */
public final class FailingRank {
    private FailingRank() {
    }

    /**
     * Runs the failing job.
     *
     * @param args {@code run} or {@code plain}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plain")) {
            Mpi mpi = Mpi.init(args);
            body(mpi.world());
            mpi.close();
            return;
        }
        Mpi.run(args, mpi -> body(mpi.world()));
    }

    private static void body(Intracomm world) {
        if (world.rank() == 1) {
            throw new IllegalStateException("rank 1 gives up");
        }
        if (world.rank() == 0) {
            world.recv(new int[1], 1, 0); // never matched
        }
    }
}
