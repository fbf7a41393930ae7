package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import io.mpi4j.testkit.reference.CollectiveReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of MPI_Barrier (MPI-4.1 §6.3) and MPI_Bcast (MPI-4.1 §6.4): the barrier holds every
 * rank until all have entered; the broadcast delivers the root's buffer, from every root, for every
 * datatype and kind of buffer, empty ones included.
 */
public abstract class BroadcastAndBarrierTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected BroadcastAndBarrierTck() {
    }

    /**
     * MPI-4.1 §6.3: no rank leaves a barrier before every rank has entered it. The last rank enters
     * 300 ms late; every rank measures, on its own clock, that its barrier lasted at least that long
     * (the late rank excepted), and 20 further barriers complete.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void barrierWaitsForTheLastRank(int ranks) {
        run(ranks, OPTIONS, world -> {
            world.barrier();
            long start = System.nanoTime();
            if (world.rank() == world.size() - 1) {
                Thread.sleep(300);
            }
            world.barrier();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 250, "rank " + world.rank() + " left the barrier after " + waited + " ms, before the late rank entered");
            for (int i = 0; i < 20; i++) {
                world.barrier();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.4: a broadcast from every root in turn delivers the root's data to every rank, for
     * every primitive datatype (boolean and char included) and the pair types, with counts 0, 1 and 100.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void bcastFromEveryRootOfEveryType(int ranks) {
        run(ranks, OPTIONS, world -> {
            int salt = 0;
            List<Datatype> types = new java.util.ArrayList<>(CollectiveArbitraries.PRIMITIVE_TYPES);
            types.addAll(CollectiveArbitraries.PAIR_TYPES);
            for (Datatype t : types) {
                for (int count : new int[] {0, 1, 100}) {
                    for (int root = 0; root < world.size(); root++) {
                        salt++;
                        List<Object> all = dataOfAll(t, count, world.size(), salt);
                        Object mine = world.rank() == root ? all.get(root) : sentinels(t, count);
                        Buf b = bufOf(mine);
                        world.bcast(b, root);
                        assertSameContents(CollectiveReference.bcast(all, root).get(world.rank()), contents(b, mine),
                                "bcast of " + count + " " + t + " from root " + root + " on rank " + world.rank());
                    }
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.4 with §3.2.2: a broadcast into a slice of an array writes only the slice, and
     * direct {@link ByteBuffer}s and off-heap {@link MemorySegment}s carry typed data.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7})
    public void bcastIntoSlicesByteBuffersAndSegments(int ranks) {
        run(ranks, OPTIONS, world -> {
            int root = world.size() / 2;
            boolean isRoot = world.rank() == root;
            long[] arr = {SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL};
            if (isRoot) {
                arr = new long[] {SENTINEL, 10, 20, 30, SENTINEL, SENTINEL};
            }
            world.bcast(Buf.of(arr, 1, 3), root);
            assertArrayEquals(new long[] {SENTINEL, 10, 20, 30, SENTINEL, SENTINEL}, arr, "slice [1, 4) only");

            ByteBuffer bb = ByteBuffer.allocateDirect(8 * 5).order(ByteOrder.nativeOrder());
            if (isRoot) {
                for (int i = 0; i < 5; i++) {
                    bb.putDouble(8 * i, i + 0.5);
                }
            }
            world.bcast(Buf.of(bb, Datatype.DOUBLE), root);
            for (int i = 0; i < 5; i++) {
                assertEquals(i + 0.5, bb.getDouble(8 * i), "direct ByteBuffer element " + i);
            }

            MemorySegment seg = Arena.ofAuto().allocate(4L * 1000);
            if (isRoot) {
                for (int i = 0; i < 1000; i++) {
                    seg.setAtIndex(ValueLayout.JAVA_INT, i, i * i);
                }
            }
            world.bcast(Buf.of(seg, Datatype.INT), root);
            for (int i = 0; i < 1000; i++) {
                assertEquals(i * i, seg.getAtIndex(ValueLayout.JAVA_INT, i), "segment element " + i);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.4: a large broadcast (one million doubles, 8 MB) arrives intact everywhere.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 7})
    public void largeBcast(int ranks) {
        run(ranks, OPTIONS, world -> {
            double[] data = new double[1_000_000];
            if (world.rank() == 1 % world.size()) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = i * 0.25;
                }
            }
            world.bcast(Buf.of(data), 1 % world.size());
            for (int i = 0; i < data.length; i++) {
                if (data[i] != i * 0.25) {
                    throw new AssertionError("element " + i + " is " + data[i] + " on rank " + world.rank());
                }
            }
            return null;
        });
    }
}
