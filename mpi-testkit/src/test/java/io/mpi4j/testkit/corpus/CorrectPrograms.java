package io.mpi4j.testkit.corpus;

import static io.mpi4j.testkit.corpus.BuggyPrograms.partner;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.List;

/**
 * Correct programs of the same shapes as {@link BuggyPrograms}: the testkit must flag none of them.
 */
final class CorrectPrograms {
    private CorrectPrograms() {
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Even ranks send first, odd ranks receive first: safe without buffering. */
    static void orderedExchange(Intracomm world) {
        int[] got = new int[1];
        if (world.rank() % 2 == 0) {
            world.send(new int[] {world.rank()}, partner(world), 0);
            world.recv(got, partner(world), 0);
        } else {
            world.recv(got, partner(world), 0);
            world.send(new int[] {world.rank()}, partner(world), 0);
        }
        check(got[0] == partner(world), "got " + got[0]);
    }

    /**
     * Persistent standard and synchronous sends to the next rank and receives from the previous,
     * each started three times, waited for together and closed: nothing is left open (the leak
     * check once reported every start of a persistent send as a request never completed).
     */
    static void persistentExchange(Intracomm world) {
        int n = world.size();
        int next = (world.rank() + 1) % n;
        int prev = (world.rank() + n - 1) % n;
        int[] out = new int[1];
        int[] in = new int[1];
        int[] syncOut = new int[1];
        int[] syncIn = new int[1];
        try (io.mpi4j.PersistentRequest<Status> send = world.sendInit(Buf.of(out), next, 0);
             io.mpi4j.PersistentRequest<Status> recv = world.recvInit(Buf.of(in), prev, 0);
             io.mpi4j.PersistentRequest<Status> ssend = world.ssendInit(Buf.of(syncOut), next, 1);
             io.mpi4j.PersistentRequest<Status> srecv = world.recvInit(Buf.of(syncIn), prev, 1)) {
            for (int round = 0; round < 3; round++) {
                out[0] = 10 * world.rank() + round;
                syncOut[0] = -out[0];
                io.mpi4j.PersistentRequest.startAll(List.of(recv, srecv, send, ssend));
                Request.waitAll(recv, srecv, send, ssend);
                check(in[0] == 10 * prev + round && syncIn[0] == -in[0], "round " + round + " got " + in[0] + ", " + syncIn[0]);
            }
        }
    }

    /** Rank 0 reuses its send buffer for a second isend once the wait has reported the first complete. */
    static void isendBufferReusedAfterWait(Intracomm world) {
        if (world.rank() == 0) {
            int[] data = {42};
            world.isend(Buf.of(data), 1, 0).await();
            data[0] = 43;
            Request<Status> second = world.isend(Buf.of(data), 1, 0);
            while (second.test().isEmpty()) {
                Thread.onSpinWait();
            }
            data[0] = -1; // test reported completion: the buffer is the program's again
        } else if (world.rank() == 1) {
            int[] got = new int[1];
            world.recv(got, 0, 0);
            check(got[0] == 42, "first " + got[0]);
            world.recv(got, 0, 0);
            check(got[0] == 43, "second " + got[0]);
        }
    }

    /** Rank 1 closes a started persistent receive (MPI_Request_free while active); the message still arrives into it. */
    static void persistentRecvClosedWhileActiveThenMatched(Intracomm world) {
        if (world.rank() == 1) {
            int[] into = new int[1];
            PersistentRequest<Status> recv = world.recvInit(Buf.of(into), 0, 5);
            recv.start();
            recv.close();
            world.barrier();
            world.barrier(); // rank 0 has sent between the barriers; the closed activation completes
            world.send(new int[] {0}, 0, 6); // a synchronous hand-back would do as well
        } else if (world.rank() == 0) {
            world.barrier();
            world.ssend(Buf.of(new int[] {5}), 1, 5);
            world.barrier();
            world.recv(new int[1], 1, 6);
        } else {
            world.barrier();
            world.barrier();
        }
    }

    /** Rank 0 sees its isend complete through isComplete() (MPI_Request_get_status) and then reuses the buffer. */
    static void isendBufferReusedAfterIsComplete(Intracomm world) {
        if (world.rank() == 0) {
            int[] data = {42};
            Request<Status> s = world.isend(Buf.of(data), 1, 0);
            while (!s.isComplete()) {
                Thread.onSpinWait();
            }
            data[0] = -1; // complete: the buffer is the program's again
            s.await();
        } else if (world.rank() == 1) {
            int[] got = new int[1];
            world.recv(got, 0, 0);
            check(got[0] == 42, "got " + got[0]);
        }
    }

    /** An isend from memory confined to the rank's thread, completed through its future. */
    static void confinedSendThroughAFuture(Intracomm world) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment m = arena.allocate(64);
            int n = world.size();
            Request<Status> r = world.irecv(Buf.of(new byte[64]), (world.rank() + n - 1) % n, 0);
            world.isend(Buf.of(m), (world.rank() + 1) % n, 0).toCompletableFuture().join();
            r.await();
        }
    }

    /** Two receives in flight into the two halves of one array, and two sends in flight from one buffer. */
    static void receivesIntoDisjointHalvesAndSendsFromOneBuffer(Intracomm world) {
        int peer = partner(world);
        int[] halves = new int[4];
        Request<Status> a = world.irecv(Buf.of(halves, 0, 2), peer, 0);
        Request<Status> b = world.irecv(Buf.of(halves, 2, 2), peer, 1);
        int[] out = {world.rank(), world.rank() + 10};
        Request<Status> s0 = world.isend(Buf.of(out), peer, 0);
        Request<Status> s1 = world.isend(Buf.of(out), peer, 1); // two reads of one buffer: allowed
        Request.waitAll(a, b, s0, s1);
        check(halves[0] == peer && halves[3] == peer + 10, "halves " + java.util.Arrays.toString(halves));
    }

    /** Synchronous sends in a safe order. */
    static void orderedSsend(Intracomm world) {
        if (world.rank() % 2 == 0) {
            world.ssend(Buf.of(new int[] {world.rank()}), partner(world), 0);
            world.recv(new int[1], partner(world), 0);
        } else {
            world.recv(new int[1], partner(world), 0);
            world.ssend(Buf.of(new int[] {world.rank()}), partner(world), 0);
        }
    }

    /** The combined send-receive: safe whatever the buffering. */
    static void sendrecvExchange(Intracomm world) {
        int[] got = new int[1];
        world.sendrecv(Buf.of(new int[] {world.rank()}), partner(world), 0, Buf.of(got), partner(world), 0);
        check(got[0] == partner(world), "got " + got[0]);
    }

    /** Nonblocking receive and send, then wait for both. */
    static void isendIrecvWaitAll(Intracomm world) {
        int[] got = new int[BuggyPrograms.LARGE];
        Request<Status> r = world.irecv(got, partner(world), 0);
        Request<Status> s = world.isend(new int[BuggyPrograms.LARGE], partner(world), 0);
        Request.waitAll(r, s);
    }

    /** A ring with sendrecv. */
    static void ringSendrecv(Intracomm world) {
        int n = world.size();
        int[] got = new int[1];
        world.sendrecv(Buf.of(new int[] {world.rank()}), (world.rank() + 1) % n, 0, Buf.of(got), (world.rank() + n - 1) % n, 0);
        check(got[0] == (world.rank() + n - 1) % n, "got " + got[0]);
    }

    /** A ring where rank 0 receives last, which breaks the cycle. */
    static void ringBrokenCycle(Intracomm world) {
        int n = world.size();
        int right = (world.rank() + 1) % n, left = (world.rank() + n - 1) % n;
        if (world.rank() == 0) {
            world.send(new int[] {0}, right, 0);
            world.recv(new int[1], left, 0);
        } else {
            world.recv(new int[1], left, 0);
            world.send(new int[] {world.rank()}, right, 0);
        }
    }

    /** Object messages with sendrecvObject. */
    static void objectSendrecv(Intracomm world) {
        String got = world.sendrecvObject("hello from " + world.rank(), partner(world), 0, partner(world), 0);
        check(got.equals("hello from " + partner(world)), got);
    }

    /** The receiver waits for the tag the sender sent. */
    static void tagMatches(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1}, 1, 1);
        } else {
            world.recv(new int[1], 0, 1);
        }
    }

    /** The receiver takes any tag. */
    static void anyTag(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1}, 1, 17);
        } else {
            Status s = world.recv(new int[1], 0, Mpi.ANY_TAG);
            check(s.tag() == 17, "tag " + s.tag());
        }
    }

    /** Every rank calls the barrier. */
    static void everyoneInBarrier(Intracomm world) {
        world.barrier();
    }

    /** A nonblocking receive that is matched and waited for. */
    static void waitOnMatchedIrecv(Intracomm world) {
        Request<Status> r = world.irecv(new int[1], Mpi.ANY_SOURCE, 7);
        world.send(new int[] {world.rank()}, world.rank(), 7);
        r.await();
    }

    /** The receiver posts its receive before the barrier; the synchronous send can complete. */
    static void ssendBeforeBarrier(Intracomm world) {
        if (world.rank() == 0) {
            world.ssend(Buf.of(new int[1]), 1, 0);
            world.barrier();
        } else {
            world.recv(new int[1], 0, 0);
            world.barrier();
        }
    }

    /**
     * The fixed wildcard race: after taking the first message from anyone, take the second from the
     * other sender, whichever came first.
     *
     * @param world the world, of 3 ranks
     * @param delayed the sender that waits before sending
     */
    static void wildcardThenTheOther(Intracomm world, int delayed) throws InterruptedException {
        if (world.rank() == 0) {
            Status first = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 3 - first.source(), 0);
        } else {
            if (world.rank() == delayed) {
                Thread.sleep(100);
            }
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** Every rank broadcasts from root 0. */
    static void bcastSameRoot(Intracomm world) {
        int[] v = {world.rank() == 0 ? 42 : 0};
        world.bcast(Buf.of(v), 0);
        check(v[0] == 42, "got " + v[0]);
    }

    /** Every rank reduces with SUM to root 0. */
    static void reduceSameOp(Intracomm world) {
        int[] sum = new int[1];
        world.reduce(Buf.of(new int[] {1}), Buf.of(sum), Op.SUM, 0);
        check(world.rank() != 0 || sum[0] == world.size(), "sum " + sum[0]);
    }

    /** Every rank reduces to the last rank. */
    static void reduceSameRoot(Intracomm world) {
        world.reduce(Buf.of(new int[] {1}), Buf.of(new int[1]), Op.SUM, world.size() - 1);
    }

    /** Every rank contributes two ints. */
    static void allreduceSameCount(Intracomm world) {
        int[] sum = new int[2];
        world.allreduce(Buf.of(new int[] {1, 2}), Buf.of(sum), Op.SUM);
        check(sum[1] == 2 * world.size(), "sum " + sum[1]);
    }

    /** Every rank reduces longs. */
    static void allreduceSameType(Intracomm world) {
        long[] max = new long[1];
        world.allreduce(Buf.of(new long[] {world.rank()}), Buf.of(max), Op.MAX);
        check(max[0] == world.size() - 1, "max " + max[0]);
    }

    /** Every rank gathers to the last rank. */
    static void gatherSameRoot(Intracomm world) {
        int n = world.size();
        int[] all = new int[n];
        world.gather(Buf.of(new int[] {world.rank()}), Buf.of(all), n - 1);
        check(world.rank() != n - 1 || all[n - 1] == n - 1, "gathered");
    }

    /** Every rank contributes one element to the allgather. */
    static void allgatherSameCount(Intracomm world) {
        int[] all = new int[world.size()];
        world.allgather(Buf.of(new int[] {world.rank()}), Buf.of(all));
        check(all[world.size() - 1] == world.size() - 1, "allgathered");
    }

    /** Every rank calls the nonblocking broadcast. */
    /**
     * The program writes the gaps between an iallgatherv's receive blocks, and an irecv fills one,
     * while the gather is in flight: the gaps are not the call's (MPI-4.1 §6.5).
     */
    static void gapsOfAnIallgathervWritten(Intracomm world) {
        int n = world.size();
        int[] all = new int[2 * n];
        Request<Status> recv = world.irecv(Buf.of(all, 1, 1), partner(world), 3);
        Request<Status> gather = world.iallgatherv(Buf.of(new int[] {world.rank()}), BuggyPrograms.everyOther(all));
        all[2 * n - 1] = 4;
        world.send(new int[] {7}, partner(world), 3);
        Request.waitAll(recv, gather);
        for (int r = 0; r < n; r++) {
            if (all[2 * r] != r) {
                throw new AssertionError("block " + r + " holds " + all[2 * r]);
            }
        }
    }

    /** The root of an iscatterv writes the gaps between the blocks it sends, before the wait. */
    static void gapsOfAnIscattervWritten(Intracomm world) {
        int n = world.size();
        int[] all = new int[2 * n];
        for (int r = 0; r < n; r++) {
            all[2 * r] = 10 + r;
        }
        int[] mine = new int[1];
        Request<Status> r = world.iscatterv(world.rank() == 0 ? BuggyPrograms.everyOther(all) : null, Buf.of(mine), 0);
        if (world.rank() == 0) {
            all[1] = -1;
        }
        r.await();
        if (mine[0] != 10 + world.rank()) {
            throw new AssertionError("rank " + world.rank() + " got " + mine[0]);
        }
    }

    /** An ialltoallw whose blocks leave bytes between them: the program writes those in flight. */
    static void bytesBetweenIalltoallwBlocksWritten(Intracomm world) {
        int n = world.size();
        int[] sendArray = new int[2 * n];
        int[] recvArray = new int[2 * n];
        for (int r = 0; r < n; r++) {
            sendArray[2 * r] = world.rank();
        }
        Request<Status> r = world.ialltoallw(BuggyPrograms.intsApart(sendArray, 2), BuggyPrograms.intsApart(recvArray, 2));
        sendArray[1] = 42;
        r.await();
        for (int q = 0; q < n; q++) {
            if (recvArray[2 * q] != q) {
                throw new AssertionError("block " + q);
            }
        }
    }

    /**
     * A ring's ineighborAlltoall in flight while the program reads its send buffer and writes a
     * neighbourless end's receive block (a non-periodic line: PROC_NULL blocks are not the call's).
     */
    static void ineighborAlltoallOnALine(Intracomm world) {
        try (io.mpi4j.CartComm line = world.createCart(new int[] {world.size()}, new boolean[] {false}, false).orElseThrow()) {
            int me = world.rank();
            int[] out = {me, me};
            int[] in = {-7, -7};
            Request<Status> r = line.ineighborAlltoall(Buf.of(out), Buf.of(in));
            int sum = out[0] + out[1];
            if (me == 0) {
                in[0] = -8; // no left neighbour
            }
            r.await();
            if (sum != 2 * me || (me > 0 && in[0] != me - 1) || (me == 0 && in[0] != -8)) {
                throw new AssertionError("rank " + me + " got " + java.util.Arrays.toString(in));
            }
        }
    }

    static void ibcastEverywhere(Intracomm world) {
        world.ibcast(Buf.of(new int[1]), 0).await();
    }

    /** Every rank calls ibarrier. */
    static void ibarrierEverywhere(Intracomm world) {
        world.ibarrier().await();
    }

    /** Value-returning object collectives on every rank. */
    static void objectCollectives(Intracomm world) {
        List<Integer> all = world.allgatherObject(world.rank());
        check(all.size() == world.size(), "allgatherObject " + all);
        int sum = world.allreduceObject(world.rank(), Integer::sum);
        check(sum == world.size() * (world.size() - 1) / 2, "sum " + sum);
    }

    /** Sends to and receives from PROC_NULL, which are no-ops. */
    static void procNull(Intracomm world) {
        world.send(new int[1], Mpi.PROC_NULL, 0);
        Status s = world.recv(new int[1], Mpi.PROC_NULL, 0);
        check(s.source() == Mpi.PROC_NULL, "status " + s);
    }

    /** Sends to oneself with the largest valid tag. */
    static void largestTag(Intracomm world) {
        int ub = world.mpi().tagUpperBound();
        world.sendrecv(Buf.of(new int[1]), world.rank(), ub, Buf.of(new int[1]), world.rank(), ub);
    }

    /** Broadcasts from the last rank. */
    static void bcastFromLastRank(Intracomm world) {
        world.bcast(Buf.of(new int[1]), world.size() - 1);
    }

    /** An empty message. */
    static void emptyMessage(Intracomm world) {
        Status s = world.sendrecv(Buf.of(new int[0]), world.rank(), 0, Buf.of(new int[0]), world.rank(), 0);
        check(s.count() == 0, "count " + s.count());
    }

    /** A receive buffer larger than the message. */
    static void largerReceiveBuffer(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[2], 1, 0);
        } else {
            Status s = world.recv(new int[4], 0, 0);
            check(s.count() == 2, "count " + s.count());
        }
    }

    /** A duplicate closed with try-with-resources. */
    static void dupClosed(Intracomm world) {
        try (Intracomm copy = world.dup()) {
            copy.barrier();
        }
    }

    /** A message on a duplicate of the world, received, and the duplicate closed. */
    static void messageOnDupReceived(Intracomm world) {
        try (Intracomm copy = world.dup()) {
            if (copy.rank() == 0) {
                copy.send(new int[] {1}, 1, 3);
            } else if (copy.rank() == 1) {
                copy.recv(new int[1], 0, 3);
            }
            copy.barrier();
        }
    }

    /** Nested duplicates, both closed. */
    static void nestedDupsClosed(Intracomm world) {
        try (Intracomm outer = world.dup(); Intracomm inner = outer.dup()) {
            inner.barrier();
        }
    }

    /** A split communicator, closed. */
    static void splitClosed(Intracomm world) {
        world.split(world.rank() % 2, world.rank()).ifPresent(Intracomm::close);
    }

    /** A rank that catches its own exception does not fail the job. */
    static void exceptionHandled(Intracomm world) {
        try {
            throw new IllegalStateException("handled");
        } catch (IllegalStateException e) {
            world.barrier();
        }
    }

    /** Every message sent is received, including one from a waited isend. */
    static void everyMessageReceived(Intracomm world) {
        if (world.rank() == 0) {
            world.isend(new int[] {1}, 1, 5).await();
        } else if (world.rank() == 1) {
            world.recv(new int[1], 0, 5);
        }
    }

    /** A column type committed, used and freed (by try-with-resources). */
    static void typeFreed(Intracomm world) {
        try (Datatype column = Datatype.vector(2, 1, 2, Datatype.INT).commit()) {
            int[] m = {world.rank(), -1, world.rank(), -1};
            world.allreduce(Buf.of(m).withType(column, 1), Buf.of(new int[4]).withType(column, 1), Op.SUM);
        }
    }
}
