package io.mpi4j.testkit.corpus;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;

/**
 * Small MPI programs with a known bug each, the kind MUST and ISP find: every rank runs the same
 * static method with its world communicator. {@link Corpus} says how each must be flagged.
 */
final class BuggyPrograms {
    /** Above the default eager threshold (64 KiB) when sent as ints. */
    static final int LARGE = 32 * 1024;

    private BuggyPrograms() {
    }

    static int partner(Intracomm world) {
        return world.rank() ^ 1;
    }

    // ---------------------------------------------------------------- local concurrency

    /** Rank 0 writes its send buffer between isend and wait (MBI's local concurrency class). */
    static void isendBufferWrittenBeforeWait(Intracomm world) {
        if (world.rank() == 0) {
            int[] data = {42};
            Request<Status> r = world.isend(Buf.of(data), 1, 0);
            data[0] = -1;
            r.await();
        } else if (world.rank() == 1) {
            world.recv(new int[1], 0, 0);
        }
    }

    /** Rank 0 writes the buffer of a persistent send between its start and its wait. */
    static void persistentSendBufferWrittenWhileActive(Intracomm world) {
        if (world.rank() == 0) {
            double[] data = {1.5, 2.5};
            try (PersistentRequest<Status> send = world.sendInit(Buf.of(data), 1, 0)) {
                send.start();
                data[1] = 0;
                send.await();
            }
        } else if (world.rank() == 1) {
            world.recv(new double[2], 0, 0);
        }
    }

    /** Every rank writes its iallreduce operand before waiting for the reduction. */
    static void iallreduceOperandWrittenBeforeWait(Intracomm world) {
        int[] mine = {world.rank() + 1};
        int[] sum = new int[1];
        Request<Status> r = world.iallreduce(Buf.of(mine), Buf.of(sum), Op.SUM);
        mine[0] = 100;
        r.await();
    }

    /** One int per rank at every other element of {@code array} (2 per rank): the gaps stay the program's. */
    static VBuf everyOther(int[] array) {
        int n = array.length / 2;
        int[] counts = new int[n];
        int[] displs = new int[n];
        for (int r = 0; r < n; r++) {
            counts[r] = 1;
            displs[r] = 2 * r;
        }
        return VBuf.of(Buf.of(array), counts, displs);
    }

    /** An alltoallw buffer of one int per rank, {@code step} ints apart in {@code array} ({@code step} per rank). */
    static WBuf intsApart(int[] array, int step) {
        int n = array.length / step;
        int[] counts = new int[n];
        long[] displs = new long[n];
        Datatype[] types = new Datatype[n];
        for (int r = 0; r < n; r++) {
            counts[r] = 1;
            displs[r] = 4L * step * r;
            types[r] = Datatype.INT;
        }
        return new WBuf(java.lang.foreign.MemorySegment.ofArray(array), counts, displs, types);
    }

    /** The root of an iscatterv writes one of the blocks it sends before waiting. */
    static void iscattervBlockWrittenBeforeWait(Intracomm world) {
        int n = world.size();
        int[] all = new int[2 * n];
        int[] mine = new int[1];
        Request<Status> r = world.iscatterv(world.rank() == 0 ? everyOther(all) : null, Buf.of(mine), 0);
        if (world.rank() == 0) {
            all[2 * (n - 1)] = 9;
        }
        r.await();
    }

    /** An ialltoallw block is written before the wait. */
    static void ialltoallwBlockWrittenBeforeWait(Intracomm world) {
        int[] send = new int[world.size()];
        Request<Status> r = world.ialltoallw(intsApart(send, 1), intsApart(new int[world.size()], 1));
        send[0] = 5;
        r.await();
    }

    /** An irecv goes into a block of an iallgatherv's receive buffer, both in flight. */
    static void irecvIntoAnIallgathervBlock(Intracomm world) {
        int[] all = new int[2 * world.size()];
        Request<Status> recv = world.irecv(Buf.of(all, 2, 1), partner(world), 3);
        Request<Status> gather = world.iallgatherv(Buf.of(new int[] {world.rank()}), everyOther(all));
        world.send(new int[] {7}, partner(world), 3);
        Request.waitAll(recv, gather);
    }

    /** Every rank of a ring writes the block it sends to the right before waiting for its ineighborAlltoall. */
    static void ineighborAlltoallBlockWrittenBeforeWait(Intracomm world) {
        try (io.mpi4j.CartComm ring = world.createCart(new int[] {world.size()}, new boolean[] {true}, false).orElseThrow()) {
            int[] out = {world.rank(), world.rank()};
            int[] in = new int[2];
            Request<Status> r = ring.ineighborAlltoall(Buf.of(out), Buf.of(in));
            out[1] = -1;
            r.await();
        }
    }

    /** The root writes its buffer while its persistent broadcast is active. */
    static void persistentBcastRootWritesWhileActive(Intracomm world) {
        int[] data = {world.rank() == 0 ? 7 : 0};
        try (PersistentRequest<Status> b = world.bcastInit(Buf.of(data), 0)) {
            b.start();
            if (world.rank() == 0) {
                data[0] = 8;
            }
            b.await();
        }
    }

    /** Rank 1 closes a started persistent receive that nothing will ever match: a receive left posted at finalize. */
    static void persistentRecvClosedWhileActive(Intracomm world) {
        if (world.rank() == 1) {
            PersistentRequest<Status> recv = world.recvInit(Buf.of(new int[1]), 0, 5);
            recv.start();
            recv.close();
        }
    }

    /** Rank 1 posts two receives into the same array: which message ends up there depends on timing. */
    static void twoIrecvsIntoOneBuffer(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1, 2}, 1, 0);
            world.send(new int[] {3, 4}, 1, 1);
        } else if (world.rank() == 1) {
            int[] into = new int[2];
            Request<Status> a = world.irecv(Buf.of(into), 0, 0);
            Request<Status> b = world.irecv(Buf.of(into), 0, 1);
            Request.waitAll(a, b);
        }
    }

    /** Rank 0 receives (blocking) into the buffer of its own isend, still in flight. */
    static void recvIntoAPendingSendBuffer(Intracomm world) {
        int[] data = {world.rank()};
        int peer = partner(world);
        Request<Status> s = world.isend(Buf.of(data), peer, 0);
        world.recv(data, peer, 0);
        s.await();
    }

    /** An iallreduce writes its result into the buffer of a pending irecv. */
    static void collectiveResultIntoAPendingReceive(Intracomm world) {
        int[] buf = new int[1];
        Request<Status> r = world.irecv(Buf.of(buf), partner(world), 7);
        Request<Status> sum = world.iallreduce(Buf.of(new int[] {1}), Buf.of(buf), Op.SUM);
        world.send(new int[] {5}, partner(world), 7);
        Request.waitAll(r, sum);
    }

    // ---------------------------------------------------------------- deadlocks

    /** Both ranks send first; with zero buffering neither send can complete. */
    static void sendSend(Intracomm world) {
        world.send(new int[] {world.rank()}, partner(world), 0);
        world.recv(new int[1], partner(world), 0);
    }

    /** Synchronous sends head to head: deadlocks whatever the buffering. */
    static void ssendSsend(Intracomm world) {
        world.ssend(Buf.of(new int[] {world.rank()}), partner(world), 0);
        world.recv(new int[1], partner(world), 0);
    }

    /** Both ranks receive first. */
    static void recvRecv(Intracomm world) {
        world.recv(new int[1], partner(world), 0);
        world.send(new int[] {world.rank()}, partner(world), 0);
    }

    /** A ring where every rank receives from its left before sending right. */
    static void ringReceiveFirst(Intracomm world) {
        int n = world.size();
        world.recv(new int[1], (world.rank() + n - 1) % n, 0);
        world.send(new int[] {world.rank()}, (world.rank() + 1) % n, 0);
    }

    /** A ring where every rank sends right before receiving: only correct with buffering. */
    static void ringSendFirst(Intracomm world) {
        int n = world.size();
        world.send(new int[] {world.rank()}, (world.rank() + 1) % n, 0);
        world.recv(new int[1], (world.rank() + n - 1) % n, 0);
    }

    /** Exchanges 128 KiB head to head: passes while the eager limit covers it. */
    static void largeExchange(Intracomm world) {
        int[] big = new int[LARGE];
        world.send(big, partner(world), 0);
        world.recv(big, partner(world), 0);
    }

    /** Object messages head to head. */
    static void objectExchange(Intracomm world) {
        world.sendObject("hello from " + world.rank(), partner(world), 0);
        String got = world.recvObject(partner(world), 0);
        if (!got.startsWith("hello")) {
            throw new AssertionError(got);
        }
    }

    /** The receiver waits for tag 2; the sender sent tag 1. */
    static void tagMismatch(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1}, 1, 1);
        } else {
            world.recv(new int[1], 0, 2);
        }
    }

    /** Rank 1 waits for a message rank 0 never sends. */
    static void missingSend(Intracomm world) {
        if (world.rank() == 1) {
            world.recv(new int[1], 0, 0);
        }
    }

    /** Rank 0 skips the barrier the others wait in. */
    static void missingBarrier(Intracomm world) {
        if (world.rank() != 0) {
            world.barrier();
        }
    }

    /** Waits for a nonblocking receive that nothing matches. */
    static void waitOnUnmatchedIrecv(Intracomm world) {
        Request<?> r = world.irecv(new int[1], Mpi.ANY_SOURCE, 7);
        world.barrier();
        r.await();
    }

    /** A synchronous send whose receiver is still in a barrier that waits for the sender. */
    static void ssendIntoBarrier(Intracomm world) {
        if (world.rank() == 0) {
            world.ssend(Buf.of(new int[1]), 1, 0);
            world.barrier();
        } else {
            world.barrier();
            world.recv(new int[1], 0, 0);
        }
    }

    /**
     * A wildcard race: rank 0 takes the first message from anyone, then insists on one from rank 2.
     * When rank 2's message is the first to arrive, the second receive never matches. Which matching
     * happens depends on the schedule; {@code sim} has no seeded schedule yet, so the order is forced
     * here by delaying one sender.
     *
     * @param world the world, of 3 ranks
     * @param delayed the sender (1 or 2) that waits before sending
     */
    static void wildcardRace(Intracomm world, int delayed) throws InterruptedException {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);
        } else {
            if (world.rank() == delayed) {
                Thread.sleep(100);
            }
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    // ---------------------------------------------------------------- collective mismatches

    /** Every rank thinks it is the root of the broadcast. */
    static void bcastRootDiffers(Intracomm world) {
        world.bcast(Buf.of(new int[1]), world.rank());
    }

    /** Rank 0 reduces with MAX, the others with SUM. */
    static void reduceOpDiffers(Intracomm world) {
        world.reduce(Buf.of(new int[] {1}), Buf.of(new int[1]), world.rank() == 0 ? Op.MAX : Op.SUM, 0);
    }

    /** Rank 0 reduces to root 0, the others to root 1. */
    static void reduceRootDiffers(Intracomm world) {
        world.reduce(Buf.of(new int[] {1}), Buf.of(new int[1]), Op.SUM, world.rank() == 0 ? 0 : 1);
    }

    /** Rank 0 contributes two elements, the others one. */
    static void allreduceCountDiffers(Intracomm world) {
        int n = world.rank() == 0 ? 2 : 1;
        world.allreduce(Buf.of(new int[n]), Buf.of(new int[n]), Op.SUM);
    }

    /** Rank 0 reduces longs, the others ints. */
    static void allreduceTypeDiffers(Intracomm world) {
        if (world.rank() == 0) {
            world.allreduce(Buf.of(new long[1]), Buf.of(new long[1]), Op.SUM);
        } else {
            world.allreduce(Buf.of(new int[1]), Buf.of(new int[1]), Op.SUM);
        }
    }

    /** The last rank gathers to itself, the others to rank 0. */
    static void gatherRootDiffers(Intracomm world) {
        int n = world.size();
        world.gather(Buf.of(new int[1]), Buf.of(new int[n]), world.rank() == n - 1 ? n - 1 : 0);
    }

    /** Rank 0 contributes two elements to the allgather, the others one. */
    static void allgatherCountDiffers(Intracomm world) {
        int k = world.rank() == 0 ? 2 : 1;
        world.allgather(Buf.of(new int[k]), Buf.of(new int[k * world.size()]));
    }

    /** Rank 0 calls barrier where the others broadcast. */
    static void barrierVersusBcast(Intracomm world) {
        if (world.rank() == 0) {
            world.barrier();
        } else {
            world.bcast(Buf.of(new int[1]), 0);
        }
    }

    /** Rank 0 broadcasts with the blocking call, the others with the nonblocking one. */
    static void bcastVersusIbcast(Intracomm world) {
        if (world.rank() == 0) {
            world.bcast(Buf.of(new int[1]), 0);
        } else {
            world.ibcast(Buf.of(new int[1]), 0).await();
        }
    }

    /** Rank 0 calls barrier, the others ibarrier. */
    static void barrierVersusIbarrier(Intracomm world) {
        if (world.rank() == 0) {
            world.barrier();
        } else {
            world.ibarrier().await();
        }
    }

    // ---------------------------------------------------------------- invalid arguments

    /** Sends to rank {@code size}, one past the last. */
    static void sendToRankSize(Intracomm world) {
        world.send(new int[1], world.size(), 0);
    }

    /** Receives from rank -5. */
    static void recvFromNegativeRank(Intracomm world) {
        world.recv(new int[1], -5, 0);
    }

    /** Sends with tag -3. */
    static void sendNegativeTag(Intracomm world) {
        world.send(new int[1], world.rank(), -3);
    }

    /** Sends with ANY_TAG, which only receives may use. */
    static void sendAnyTag(Intracomm world) {
        world.send(new int[1], world.rank(), Mpi.ANY_TAG);
    }

    /** Sends with a tag above the upper bound. */
    static void sendTagAboveUpperBound(Intracomm world) {
        int ub = world.mpi().tagUpperBound();
        if (ub < Integer.MAX_VALUE) {
            world.send(new int[1], world.rank(), ub + 1);
        } else {
            world.send(new int[1], world.rank(), -7);
        }
    }

    /** Broadcasts from root {@code size}. */
    static void bcastRootOutOfRange(Intracomm world) {
        world.bcast(Buf.of(new int[1]), world.size());
    }

    /** A buffer with a negative count. */
    static void negativeCount(Intracomm world) {
        world.send(Buf.of(new int[4], 0, -1), world.rank(), 0);
    }

    /** A receive buffer too small for the message. */
    static void truncatedReceive(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[4], 1, 0);
        } else {
            world.recv(new int[2], 0, 0);
        }
    }

    /** Frees the world communicator. */
    static void closeWorld(Intracomm world) {
        world.close();
    }

    /** Sends on a communicator after closing it. */
    static void useClosedCommunicator(Intracomm world) {
        Intracomm copy = world.dup();
        copy.close();
        copy.barrier();
    }

    // ---------------------------------------------------------------- failing ranks

    /** The last rank throws while the others wait to receive from it. */
    static void lastRankThrows(Intracomm world) {
        int last = world.size() - 1;
        if (world.rank() == last) {
            throw new IllegalStateException("rank " + last + " gives up");
        }
        world.recv(new int[1], last, 0);
    }

    /** Rank 1 fails an assertion after a barrier. */
    static void assertionOnRankOne(Intracomm world) {
        world.barrier();
        if (world.rank() == 1) {
            throw new AssertionError("rank 1 expected something else");
        }
    }

    /** Rank 0 aborts with code 3 while the others wait in a barrier. */
    static void abortWithCode(Intracomm world) {
        if (world.rank() == 0) {
            world.abort(3);
        }
        world.barrier();
    }

    // ---------------------------------------------------------------- leaks

    /** Rank 0 sends a message rank 1 never receives. */
    static void lostMessage(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1, 2}, 1, 4);
        }
    }

    /** A message on a duplicate of the world that nobody receives; the duplicate itself is closed. */
    static void lostMessageOnDup(Intracomm world) {
        try (Intracomm copy = world.dup()) {
            if (copy.rank() == 0) {
                copy.send(new int[] {1}, 1, 3);
            }
            copy.barrier();
        }
    }

    /** A message in one half of a split that nobody receives. */
    static void lostMessageOnSplit(Intracomm world) {
        world.split(world.rank() % 2, 0).ifPresent(half -> {
            try (half) {
                if (half.rank() == 0) {
                    half.send(new int[] {world.rank()}, 1, 6);
                }
            }
        });
    }

    /** A nonblocking send nobody receives and nobody waits for. */
    static void forgottenIsend(Intracomm world) {
        if (world.rank() == 0) {
            world.isend(new int[] {1}, 1, 5);
        }
    }

    /** The message is received, but the sender never completes its request. */
    static void isendNeverCompleted(Intracomm world) {
        if (world.rank() == 0) {
            world.isend(new int[] {1}, 1, 5);
        } else if (world.rank() == 1) {
            world.recv(new int[1], 0, 5);
        }
    }

    /** A persistent receive used once and never closed (MPI_Request_free is missing). */
    static void persistentNeverClosed(Intracomm world) {
        if (world.rank() == 0) {
            world.send(new int[] {1}, 1, 6);
        } else if (world.rank() == 1) {
            PersistentRequest<Status> recv = world.recvInit(Buf.of(new int[1]), 0, 6);
            recv.start();
            recv.await();
        }
    }

    /** The halves of a split that are never closed. */
    static void splitNeverClosed(Intracomm world) {
        Intracomm half = world.split(world.rank() % 2, world.rank()).orElseThrow();
        half.barrier();
    }

    /** A duplicate of the world that is never closed. */
    static void dupNeverClosed(Intracomm world) {
        Intracomm copy = world.dup();
        copy.barrier();
    }

    /** The outer duplicate is closed, the duplicate of it is not. */
    static void innerDupNeverClosed(Intracomm world) {
        try (Intracomm outer = world.dup()) {
            Intracomm inner = outer.dup();
            inner.barrier();
        }
    }

    /** A column type committed and used, never freed. */
    static void typeNeverFreed(Intracomm world) {
        Datatype column = Datatype.vector(2, 1, 2, Datatype.INT).commit();
        int[] m = {world.rank(), -1, world.rank(), -1};
        world.allreduce(Buf.of(m).withType(column, 1), Buf.of(new int[4]).withType(column, 1), Op.SUM);
    }
}
