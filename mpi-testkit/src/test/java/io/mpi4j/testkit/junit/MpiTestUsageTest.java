package io.mpi4j.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.sim.ThreadKind;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.TestInfo;

/** {@code @MpiTest} as users write it: correct programs that pass on every listed size. */
class MpiTestUsageTest {
    /** Shared by the ranks of one invocation: a thread-safe array indexed by rank. */
    private final AtomicIntegerArray seen = new AtomicIntegerArray(8);

    @MpiTest(ranks = {1, 2, 4, 7})
    void ringPassesTokens(Intracomm world, @Rank int rank) {
        int right = (rank + 1) % world.size(), left = (rank + world.size() - 1) % world.size();
        int[] got = new int[1];
        world.sendrecv(Buf.of(new int[] {rank}), right, 0, Buf.of(got), left, 0);
        assertEquals(left, got[0]);
    }

    @MpiTest(ranks = {3, 5}, buffering = "zero", threads = ThreadKind.PLATFORM)
    void allParameterKinds(Comm comm, Mpi mpi, @Rank int rank, Intracomm world, TestInfo info) {
        assertSame(world, comm);
        assertSame(mpi, world.mpi());
        assertEquals(world.rank(), rank);
        assertTrue(info.getDisplayName().endsWith("ranks]"), info.getDisplayName());
        int[] sum = new int[1];
        world.allreduce(Buf.of(new int[] {rank}), Buf.of(sum), Op.SUM);
        assertEquals(world.size() * (world.size() - 1) / 2, sum[0]);
    }

    @MpiTest(ranks = 4)
    void fieldsAreSharedBetweenRanks(Intracomm world, @Rank int rank) {
        seen.set(rank, 1);
        world.barrier();
        for (int r = 0; r < world.size(); r++) {
            assertEquals(1, seen.get(r), "rank " + r + " ran on this instance");
        }
    }

    @MpiTest(ranks = 2)
    void closedDuplicatesAndReceivedMessagesAreNoLeaks(Intracomm world, @Rank int rank) {
        try (Intracomm copy = world.dup()) {
            copy.sendrecv(Buf.of(new int[] {rank}), 1 - rank, 0, Buf.of(new int[1]), 1 - rank, 0);
        }
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @MpiTest(ranks = {2, 3}, buffering = "eager:16", timeoutSeconds = 10)
    @interface SmallEagerMpiTest {
    }

    @SmallEagerMpiTest
    void composedAnnotation(Intracomm world, @Rank int rank) {
        if (rank == 0) {
            for (int r = 1; r < world.size(); r++) {
                world.send(new int[] {r}, r, 3);
            }
        } else {
            int[] got = new int[1];
            world.recv(got, 0, 3);
            assertEquals(rank, got[0]);
        }
    }
}
