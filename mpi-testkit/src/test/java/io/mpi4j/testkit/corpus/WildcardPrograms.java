package io.mpi4j.testkit.corpus;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Status;
import java.util.Optional;

/**
 * Programs with {@code ANY_SOURCE} receives, no delays: whether they fail depends only on which
 * sender a wildcard matches, so the corpus runs them under explored deterministic schedules.
 * Buggy ones fail for some matchings only; correct ones for none.
 */
final class WildcardPrograms {
    private WildcardPrograms() {
    }

    // ---------------------------------------------------------------- buggy

    /** Rank 0 takes a message from anyone, then insists on rank 2's: deadlocks when rank 2's comes first. */
    static void raceThenNamed(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 2, 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** Rank 0 takes two messages from anyone, then insists on rank 3's: deadlocks when rank 3's is among the first two. */
    static void twoWildcardsThenNamed(Intracomm world) {
        if (world.rank() == 0) {
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 3, 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /**
     * Rank 0 replies only to rank 1, assuming the first message is rank 1's request; rank 1 waits
     * for the reply before it sends its second message, which rank 0 expects next. When rank 2's
     * message comes first, rank 0 waits for rank 1's second message, which needs the reply first.
     */
    static void replyToAssumedSender(Intracomm world) {
        switch (world.rank()) {
            case 0 -> {
                world.recv(new int[1], Mpi.ANY_SOURCE, 0);
                world.recv(new int[1], 1, 1);
                world.send(new int[1], 1, 2);
                world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            }
            case 1 -> {
                world.send(new int[] {1}, 0, 0);
                world.recv(new int[1], 0, 2);
                world.send(new int[] {1}, 0, 1);
            }
            default -> world.send(new int[] {2}, 0, 0);
        }
    }

    /** The probed size is not the received one: a probe and a receive with ANY_SOURCE may match different senders. */
    static void probeThenWildcardReceive(Intracomm world) {
        if (world.rank() == 0) {
            Status probed = world.probe(Mpi.ANY_SOURCE, 0);
            int[] in = new int[Math.toIntExact(probed.byteCount() / Integer.BYTES)];
            world.recv(Buf.of(in), Mpi.ANY_SOURCE, 0); // should name probed.source()
            world.recv(new int[4], Mpi.ANY_SOURCE, 0);
        } else {
            world.send(new int[world.rank() == 1 ? 1 : 4], 0, 0);
        }
    }

    // ---------------------------------------------------------------- correct

    /** The fixed race: the second receive names the sender the first did not match. */
    static void wildcardThenTheOther(Intracomm world) {
        if (world.rank() == 0) {
            Status first = world.recv(new int[1], Mpi.ANY_SOURCE, 0);
            world.recv(new int[1], 3 - first.source(), 0);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** Gathers one value from every rank in any order and checks the sum. */
    static void wildcardGather(Intracomm world) {
        if (world.rank() == 0) {
            int sum = 0;
            for (int i = 1; i < world.size(); i++) {
                int[] in = new int[1];
                world.recv(in, Mpi.ANY_SOURCE, 0);
                sum += in[0];
            }
            CorrectPrograms.check(sum == world.size() * (world.size() - 1) / 2, "sum " + sum);
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
        }
    }

    /** The fixed probe: receive from the probed source, with the probed size. */
    static void probeThenNamedReceive(Intracomm world) {
        if (world.rank() == 0) {
            for (int i = 0; i < 2; i++) {
                Status probed = world.probe(Mpi.ANY_SOURCE, 0);
                int[] in = new int[Math.toIntExact(probed.byteCount() / Integer.BYTES)];
                world.recv(Buf.of(in), probed.source(), 0);
            }
        } else {
            world.send(new int[world.rank() == 1 ? 1 : 4], 0, 0);
        }
    }

    /** A server answers each request to whoever sent it; the clients wait for their answers. */
    static void replyToActualSender(Intracomm world) {
        if (world.rank() == 0) {
            for (int i = 1; i < world.size(); i++) {
                int[] in = new int[1];
                Status s = world.recv(in, Mpi.ANY_SOURCE, 0);
                world.send(new int[] {in[0] * 2}, s.source(), 1);
            }
        } else {
            world.send(new int[] {world.rank()}, 0, 0);
            int[] answer = new int[1];
            world.recv(answer, 0, 1);
            CorrectPrograms.check(answer[0] == 2 * world.rank(), "answer " + answer[0]);
        }
    }

    /** Matched probes: the message probed is the message received. */
    static void matchedProbe(Intracomm world) {
        if (world.rank() == 0) {
            for (int i = 1; i < world.size(); i++) {
                Optional<io.mpi4j.Message> m = Optional.empty();
                while (m.isEmpty()) {
                    m = world.improbe(Mpi.ANY_SOURCE, 0);
                }
                int[] in = new int[Math.toIntExact(m.get().status().byteCount() / Integer.BYTES)];
                m.get().recv(Buf.of(in));
            }
        } else {
            world.send(new int[world.rank()], 0, 0);
        }
    }
}
