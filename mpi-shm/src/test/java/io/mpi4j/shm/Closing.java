package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Request;

/**
 * The program of {@link ShmClosingTest}: {@code Closing MODE GRACE_MILLIS MARKER}.
 *
 * <p>Jobs that cannot finish, because a rank closes MPI normally while rank 0 still waits for it
 * (they must fail within seconds, naming the closed rank): {@code recv}, {@code barrier} (rank 0
 * alone), {@code outOfStep} (rank 1's bcast fails its argument check locally, rank 0's waits for
 * it), {@code waitAll} (two receives), {@code ssend} (never received), {@code probe},
 * {@code anySourceAllClosed} (a wildcard receive once every other rank has closed).
 *
 * <p>Correct programs in which a rank closes while others have not yet received what it sent
 * (they must run to the end): {@code sendThenClose} (an inline and a side-band message),
 * {@code bcastRootCloses} (3 ranks), {@code anySource} (3 ranks: rank 0 closes, rank 1 receives
 * from any source what rank 2 sends late). Ranks wait three grace periods before receiving.
 *
 * <p>{@code initTwice}: a second {@code Mpi.init} while the first handle is open, and one after
 * closing it, are refused; messages sent meanwhile arrive once each.
 */
public final class Closing {
    private Closing() {
    }

    /**
     * Runs the mode.
     *
     * @param args the mode, the grace period the job runs with (ms), and a marker naming the job's processes
     * @throws InterruptedException if interrupted while sleeping
     */
    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        long late = 3 * Long.parseLong(args[1]);
        if (mode.equals("initTwice")) {
            initTwice();
            return;
        }
        try (Mpi mpi = Mpi.init()) {
            Intracomm w = mpi.world();
            int me = w.rank();
            switch (mode) {
                case "recv" -> {
                    if (me == 0) {
                        w.recv(new int[1], 1, 0);
                    }
                }
                case "barrier" -> {
                    if (me == 0) {
                        w.barrier();
                    }
                }
                case "outOfStep" -> {
                    if (me == 1) {
                        try {
                            w.bcast(Buf.of(new int[1]), w.size()); // no such root: fails here, before any message
                            throw new AssertionError("bcast with root " + w.size() + " did not fail");
                        } catch (MpiException e) {
                            System.out.println("rank 1 failed locally: " + e.errorClass());
                        }
                    } else {
                        w.bcast(Buf.of(new int[1]), 1);
                    }
                }
                case "waitAll" -> {
                    if (me == 0) {
                        Request.waitAll(w.irecv(new int[1], 1, 0), w.irecv(new int[1], 1, 1));
                    }
                }
                case "ssend" -> {
                    if (me == 0) {
                        w.ssend(Buf.of(new int[] {1}), 1, 0);
                    }
                }
                case "probe" -> {
                    if (me == 0) {
                        w.probe(1, 0);
                    }
                }
                case "anySourceAllClosed" -> {
                    if (me == 0) {
                        w.recv(new int[1], Mpi.ANY_SOURCE, 0);
                    }
                }
                case "sendThenClose" -> sendThenClose(w, late);
                case "bcastRootCloses" -> {
                    int[] v = {me == 2 ? 42 : 0};
                    if (me != 2) {
                        Thread.sleep(late);
                    }
                    w.bcast(Buf.of(v), 2);
                    check(v[0] == 42, "bcast delivered " + v[0]);
                }
                case "anySource" -> {
                    if (me == 1) {
                        int[] v = new int[1];
                        w.recv(v, Mpi.ANY_SOURCE, 0);
                        check(v[0] == 2, "received " + v[0]);
                    } else if (me == 2) {
                        Thread.sleep(late);
                        w.send(new int[] {2}, 1, 0);
                    }
                }
                default -> throw new IllegalArgumentException(mode);
            }
            System.out.println("rank " + me + " done");
        }
    }

    /** Rank 1 sends a short and a long message and closes at once; rank 0 receives them late. */
    private static void sendThenClose(Intracomm w, long late) throws InterruptedException {
        int n = 1 << 18; // 1 MiB of ints: a side-band segment
        if (w.rank() == 1) {
            int[] big = new int[n];
            for (int i = 0; i < n; i++) {
                big[i] = i;
            }
            w.send(new int[] {7}, 0, 0);
            w.send(big, 0, 1);
        } else if (w.rank() == 0) {
            Thread.sleep(late);
            int[] small = new int[1];
            int[] big = new int[n];
            w.recv(small, 1, 0);
            w.recv(big, 1, 1);
            check(small[0] == 7 && big[n - 1] == n - 1 && big[12345] == 12345, "wrong data");
        }
    }

    private static void initTwice() {
        try (Mpi mpi = Mpi.init()) {
            Intracomm w = mpi.world();
            refused("already initialized");
            if (w.rank() == 1) {
                w.send(new int[] {1}, 0, 0);
                w.send(new int[] {2}, 0, 0);
            } else if (w.rank() == 0) {
                int[] a = new int[1];
                int[] b = new int[1];
                w.recv(a, 1, 0);
                w.recv(b, 1, 0);
                check(a[0] == 1 && b[0] == 2, "received " + a[0] + ", " + b[0]);
                check(w.iprobe(1, 0).isEmpty(), "a message arrived twice");
            }
            w.barrier();
        }
        refused("cannot be initialized again");
        System.out.println("both refused");
    }

    private static void refused(String what) {
        try {
            Mpi again = Mpi.init();
            again.close();
            throw new AssertionError("Mpi.init succeeded; expected it to fail with '" + what + "'");
        } catch (MpiException e) {
            check(e.errorClass() == ErrorClass.ERR_OTHER && e.getMessage().contains(what), e.toString());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
