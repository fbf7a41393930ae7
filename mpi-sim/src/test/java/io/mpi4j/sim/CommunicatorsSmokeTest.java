package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comparison;
import io.mpi4j.Group;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.SplitType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke checks of communicator creation on sim; the TCK covers them in depth. */
@Timeout(60)
class CommunicatorsSmokeTest {
    /** A mismatch on a split communicator numbers its ranks both ways: the failure's headline uses world ranks. */
    @Test
    void aMismatchOnASubcommunicatorGivesWorldRanksToo() {
        io.mpi4j.RankFailedException e = org.junit.jupiter.api.Assertions.assertThrows(io.mpi4j.RankFailedException.class,
                () -> Sim.exec(4, world -> {
                    try (Intracomm odd = world.split(world.rank() % 2, world.rank()).orElseThrow()) {
                        odd.bcast(Buf.of(new int[1]), world.rank() == 3 ? 1 : 0);
                    }
                }));
        String text = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        assertTrue(text.contains("world ranks in brackets"), text);
        assertTrue(text.contains("rank 1 [world 3] called bcast(root=1"), text);
    }

    @Test
    void splitOrdersByKeyThenRank() {
        List<String> out = Sim.run(6, world -> {
            int rank = world.rank();
            Optional<Intracomm> part = world.split(rank % 2 == 0 ? 0 : Mpi.UNDEFINED, -rank);
            if (part.isEmpty()) {
                return "none";
            }
            try (Intracomm c = part.get()) {
                int[] sum = new int[1];
                c.allreduce(Buf.of(new int[] {rank}), Buf.of(sum), Op.SUM);
                return c.rank() + "/" + c.size() + ":" + sum[0] + ":" + world.compare(c);
            }
        });
        assertEquals(List.of("2/3:6:UNEQUAL", "none", "1/3:6:UNEQUAL", "none", "0/3:6:UNEQUAL", "none"), out);
    }

    @Test
    void concurrentCreateGroupOnDisjointSubsetsAndCreate() {
        Sim.exec(4, world -> {
            Group all = world.group();
            Group mine = world.rank() < 2 ? all.incl(0, 1) : all.incl(3, 2);
            try (Intracomm c = world.createGroup(mine, 7)) {
                assertEquals(2, c.size());
                int[] got = new int[1];
                c.allreduce(Buf.of(new int[] {world.rank()}), Buf.of(got), Op.MAX);
                assertEquals(world.rank() < 2 ? 1 : 3, got[0]);
            }
            Optional<Intracomm> evens = world.create(all.incl(0, 2));
            assertEquals(world.rank() % 2 == 0, evens.isPresent());
            evens.ifPresent(Intracomm::close);
            Intracomm shared = world.splitType(SplitType.SHARED, 0).orElseThrow();
            assertEquals(Comparison.CONGRUENT, world.compare(shared));
            assertEquals(Comparison.IDENT, world.compare(world));
            assertArrayEquals(new int[] {0, 2}, Group.translateRanks(all.incl(0, 2), new int[] {0, 1}, all));
            shared.close();
        });
    }

    @Test
    void attributesAreCopiedOnDupAndDeletedOnClose() {
        Sim.exec(2, world -> {
            AtomicInteger deleted = new AtomicInteger();
            Keyval<String> copied = Keyval.create((c, v) -> Optional.of(v + "'"), (c, v) -> deleted.incrementAndGet());
            Keyval<String> notCopied = Keyval.create();
            world.setAttribute(copied, "a");
            world.setAttribute(notCopied, "b");
            Intracomm dup = world.dup();
            assertEquals(Optional.of("a'"), dup.attribute(copied));
            assertEquals(Optional.empty(), dup.attribute(notCopied));
            dup.close();
            assertEquals(1, deleted.get());
            assertEquals(Optional.of(Integer.MAX_VALUE), world.attribute(Keyval.TAG_UB));
            assertEquals(Optional.of(true), world.attribute(Keyval.WTIME_IS_GLOBAL));
        });
    }

    @Test
    void dupAndFreeInALoop() {
        Sim.exec(3, world -> {
            for (int i = 0; i < 10_000; i++) {
                world.dup().close();
            }
            assertTrue(world.size() == 3);
        });
    }
}
