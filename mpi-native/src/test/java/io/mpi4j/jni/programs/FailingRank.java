package io.mpi4j.jni.programs;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import java.util.List;

/**
 * Test program: rank 1 throws while rank 0 waits for a message from it that never comes. With
 * {@code run} as the first argument the program uses {@code Mpi.run}; with {@code plain} it calls
 * {@code Mpi.init} without closing, so the exception is uncaught in main; with {@code try} (and
 * {@code tryBarrier}, rank 0 waiting in a barrier, and {@code tryWaitAll}, in a wait for two
 * receives) it uses try-with-resources, so the exception
 * comes after {@code close()}; with {@code early} rank 1 returns normally and closes.
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
        String mode = args.length > 0 ? args[0] : "run";
        switch (mode) {
            case "plain" -> {
                Mpi mpi = Mpi.init(args);
                body(mpi.world(), false, true);
                mpi.close();
            }
            case "try", "tryBarrier" -> {
                try (Mpi mpi = Mpi.init(args)) {
                    body(mpi.world(), mode.equals("tryBarrier"), true);
                }
            }
            case "tryWaitAll" -> {
                try (Mpi mpi = Mpi.init(args)) {
                    Intracomm world = mpi.world();
                    if (world.rank() == 1) {
                        throw new IllegalStateException("rank 1 gives up");
                    }
                    // two receives from rank 1, never matched, waited for together
                    Request.waitAll(List.of(world.irecv(Buf.of(new int[1]), 1, 0), world.irecv(Buf.of(new int[1]), 1, 1)));
                }
            }
            case "early" -> {
                try (Mpi mpi = Mpi.init(args)) {
                    body(mpi.world(), false, false);
                }
            }
            default -> Mpi.run(args, mpi -> body(mpi.world(), false, true));
        }
    }

    /**
     * Rank 1 leaves (throwing, or returning if not {@code fails}) while rank 0 waits for it in a
     * receive or in a barrier.
     */
    private static void body(Intracomm world, boolean barrier, boolean fails) {
        if (world.rank() == 1) {
            if (fails) {
                throw new IllegalStateException("rank 1 gives up");
            }
            return;
        }
        if (barrier) {
            world.barrier(); // rank 1 never comes
        } else {
            world.recv(new int[1], 1, 0); // never matched
        }
    }
}
