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
 * comes after {@code close()}; with {@code early} rank 1 returns normally and closes; with
 * {@code earlyOk} (3 ranks) rank 0 closes early in a correct program.
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
                Mpi mpi = Mpi.init(options(args));
                body(mpi.world(), false, true);
                mpi.close();
            }
            case "try", "tryBarrier" -> {
                try (Mpi mpi = Mpi.init(options(args))) {
                    body(mpi.world(), mode.equals("tryBarrier"), true);
                }
            }
            case "tryWaitAll" -> {
                try (Mpi mpi = Mpi.init(options(args))) {
                    Intracomm world = mpi.world();
                    if (world.rank() == 1) {
                        throw new IllegalStateException("rank 1 gives up");
                    }
                    // two receives from rank 1, never matched, waited for together
                    Request.waitAll(List.of(world.irecv(Buf.of(new int[1]), 1, 0), world.irecv(Buf.of(new int[1]), 1, 1)));
                }
            }
            case "tryAllgatherv", "tryAlltoallv" -> {
                try (Mpi mpi = Mpi.init(options(args))) {
                    Intracomm world = mpi.world();
                    if (world.rank() == 1) {
                        throw new IllegalStateException("rank 1 gives up");
                    }
                    int n = world.size();
                    int[] ones = new int[n];
                    java.util.Arrays.fill(ones, 1);
                    if (mode.equals("tryAllgatherv")) {
                        world.allgatherv(Buf.of(new int[1]), io.mpi4j.VBuf.of(Buf.of(new int[n]), ones));
                    } else {
                        world.alltoallv(io.mpi4j.VBuf.of(Buf.of(new int[n]), ones), io.mpi4j.VBuf.of(Buf.of(new int[n]), ones));
                    }
                }
            }
            case "early" -> {
                try (Mpi mpi = Mpi.init(options(args))) {
                    body(mpi.world(), false, false);
                }
            }
            case "earlyOk" -> earlyButCorrect(args);
            default -> Mpi.run(options(args), mpi -> body(mpi.world(), false, true));
        }
    }

    /**
     * A correct program that a too eager watch would abort: rank 0 closes at once, and the others
     * then wait on each other longer than the grace periods (run with
     * {@code -Dmpi4j.native.closingGraceMillis=500}): a receive from a rank that sleeps first, a
     * barrier one rank reaches late, and a receive from any source on the world, where rank 0 has
     * closed but rank 2 has not.
     */
    private static void earlyButCorrect(String[] args) {
        try (Mpi mpi = Mpi.init(options(args))) {
            Intracomm world = mpi.world();
            int me = world.rank();
            java.util.Optional<Intracomm> rest = world.split(me == 0 ? Mpi.UNDEFINED : 1, me);
            if (me == 0) {
                return;
            }
            try (Intracomm others = rest.orElseThrow()) {
                if (others.rank() == 0) {
                    others.recv(new int[1], 1, 0);
                } else if (others.rank() == 1) {
                    sleep(1_500);
                    others.send(new int[] {1}, 0, 0);
                }
                if (others.rank() == 1) {
                    sleep(1_500);
                }
                others.barrier();
                if (me == 1) {
                    world.recv(new int[1], Mpi.ANY_SOURCE, 5);
                } else if (me == 2) {
                    sleep(1_500);
                    world.send(new int[] {2}, 1, 5);
                }
            }
            System.out.println("rank " + me + " done");
        }
    }

    /** The arguments, at the thread level {@code -Dmpi4j.tck.threadLevel} names (default MULTIPLE). */
    private static io.mpi4j.MpiOptions options(String[] args) {
        return io.mpi4j.MpiOptions.builder().args(args)
                .threadLevel(io.mpi4j.ThreadLevel.valueOf(System.getProperty("mpi4j.tck.threadLevel", "MULTIPLE"))).build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
