package io.mpi4j.jni.programs;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiOptions;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.ThreadLevel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test program for 2 ranks at the thread level named by the first argument: below MULTIPLE the
 * provider's own threads (the progress thread completing a request's future, the thread of a
 * portable nonblocking collective) must get their MPI calls in while the program's thread waits in
 * a blocking call, since MPI then runs with one caller at a time. Prints
 * {@code rank R ok at LEVEL} per rank, or fails.
 */
public final class ThreadLevels {
    private ThreadLevels() {
    }

    /**
     * Runs the checks.
     *
     * @param args the thread level to ask for
     * @throws Exception on a failed check
     */
    public static void main(String[] args) throws Exception {
        ThreadLevel asked = ThreadLevel.valueOf(args[0]);
        Mpi.run(MpiOptions.builder().args(args).threadLevel(asked).build(), mpi -> {
            Intracomm world = mpi.world();
            int me = world.rank();
            int peer = 1 - me;
            check(mpi.threadLevel() == asked, "provided " + mpi.threadLevel() + " for " + asked);

            // a request's future completes (the progress thread tests it) while this thread waits
            // in a blocking receive that the peer satisfies only 300 ms later
            if (me == 0) {
                AtomicLong completedAt = new AtomicLong();
                // wait on the callback's own stage: a future runs its dependents last-registered
                // first, so a get() on the future itself can return before the callback has run
                CompletableFuture<Void> f = world.irecv(Buf.of(new int[1]), 1, 1).toCompletableFuture()
                        .thenRun(() -> completedAt.set(System.nanoTime()));
                world.recv(new int[1], 1, 2);
                long returnedAt = System.nanoTime();
                f.get(10, TimeUnit.SECONDS);
                check(completedAt.get() != 0 && completedAt.get() < returnedAt,
                        "the future completed while the receive waited");
            } else {
                world.send(new int[] {1}, 0, 1);
                Thread.sleep(300);
                world.send(new int[] {2}, 0, 2);
            }

            // the same after the program's thread held the gate in a blocking collective for a while,
            // long enough for the waiting progress thread to back off into sleeping: the receive's
            // wait must hand the gate over, not win it back each time
            if (me == 0) {
                AtomicLong completedAt = new AtomicLong();
                CompletableFuture<Void> f = world.irecv(Buf.of(new int[1]), 1, 11).toCompletableFuture()
                        .thenRun(() -> completedAt.set(System.nanoTime())); // its stage, as above
                world.barrier(); // rank 1 enters 300 ms late
                long waitFrom = System.nanoTime();
                world.recv(new int[1], 1, 12); // rank 1 sends 1 s later
                f.get(10, TimeUnit.SECONDS);
                check(completedAt.get() != 0 && completedAt.get() - waitFrom < 500_000_000L,
                        "the future completed " + (completedAt.get() - waitFrom) / 1_000_000 + " ms into a 1 s receive");
            } else {
                world.send(new int[] {11}, 0, 11);
                Thread.sleep(300);
                world.barrier();
                Thread.sleep(1_000);
                world.send(new int[] {12}, 0, 12);
            }

            // a portable nonblocking collective (objects: the API's algorithm, on a thread of its
            // own) must send while the root waits in a receive that needs the broadcast first
            if (me == 0) {
                Request<String> b = world.ibcastObject("hello", 0);
                int[] got = new int[1];
                world.recv(got, 1, 7);
                check(b.await().equals("hello") && got[0] == 7, "broadcast then receive");
            } else {
                String s = world.<String>ibcastObject(null, 0).await();
                world.send(new int[] {s.equals("hello") ? 7 : -1}, 0, 7);
            }

            // long messages (rendezvous) in every mode, a blocking probe, sendrecv
            byte[] big = new byte[8 << 20];
            for (int round = 0; round < 3; round++) {
                if (me == 0) {
                    java.util.Arrays.fill(big, (byte) round);
                    if (round == 0) {
                        world.ssend(Buf.of(big), peer, 3);
                    } else {
                        world.send(big, peer, 3);
                    }
                    world.recv(big, peer, 4);
                    check(big[big.length - 1] == (byte) (round + 1), "reply of round " + round);
                } else {
                    Status st = world.probe(peer, 3);
                    check(st.count(io.mpi4j.Datatype.BYTE) == big.length, "probed length");
                    world.recv(big, peer, 3);
                    check(big[0] == (byte) round && big[big.length - 1] == (byte) round, "data of round " + round);
                    java.util.Arrays.fill(big, (byte) (round + 1));
                    world.send(big, peer, 4);
                }
            }
            int[] mine = {me};
            int[] theirs = new int[1];
            world.sendrecv(Buf.of(mine), peer, 5, Buf.of(theirs), peer, 5);
            check(theirs[0] == peer, "sendrecv");

            // the gate changing hands all the time: the program's thread (favored at the gate) in a
            // ping-pong of numbered messages while the progress thread polls 200 receives whose
            // futures the peer satisfies one every 25 round trips
            int pending = 200;
            int rounds = 25 * pending;
            if (me == 0) {
                java.util.List<CompletableFuture<Void>> futures = new java.util.ArrayList<>();
                int[][] into = new int[pending][1];
                java.util.concurrent.atomic.AtomicInteger called = new java.util.concurrent.atomic.AtomicInteger();
                for (int i = 0; i < pending; i++) {
                    CompletableFuture<Status> f = world.irecv(Buf.of(into[i]), peer, 20).toCompletableFuture();
                    // the callback's stage, as above
                    futures.add(f.thenRun(called::incrementAndGet));
                }
                int[] n = new int[1];
                for (int i = 0; i < rounds; i++) {
                    n[0] = i;
                    world.send(n, peer, 21);
                    world.recv(n, peer, 21);
                    check(n[0] == i + 1, "round trip " + i + " came back as " + n[0]);
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < pending; i++) {
                    check(into[i][0] == 1000 + i, "message " + i + " of the futures is " + into[i][0]);
                }
                check(called.get() == pending, "callbacks ran: " + called.get());
            } else {
                int[] n = new int[1];
                for (int i = 0; i < rounds; i++) {
                    world.recv(n, peer, 21);
                    check(n[0] == i, "round trip " + i + " arrived as " + n[0]);
                    n[0] = i + 1;
                    world.send(n, peer, 21);
                    if (i % 25 == 24) {
                        world.send(new int[] {1000 + i / 25}, peer, 20);
                    }
                }
            }

            if (asked == ThreadLevel.SERIALIZED) {
                // another thread of the program, one at a time
                Thread t = Thread.ofPlatform().start(() -> world.send(new int[] {42 + me}, peer, 6));
                t.join();
                int[] got = new int[1];
                Thread v = Thread.ofVirtual().start(() -> world.recv(got, peer, 6));
                v.join();
                check(got[0] == 42 + peer, "calls from other threads");
            }
            world.barrier();
            System.out.println("rank " + me + " ok at " + mpi.threadLevel());
        });
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }
}
