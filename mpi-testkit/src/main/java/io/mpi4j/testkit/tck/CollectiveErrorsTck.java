package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Op;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the error classes of collective calls (MPI-4.1 §6 argument rules, §9.4 error
 * classes): an invalid root raises {@link ErrorClass#ERR_ROOT}, buffers whose local counts or
 * datatypes do not fit together raise {@link ErrorClass#ERR_COUNT} or {@link ErrorClass#ERR_TYPE},
 * {@code IN_PLACE} where MPI does not allow it, a {@code null} or read-only receive buffer raise
 * {@link ErrorClass#ERR_BUFFER}, and a closed communicator {@link ErrorClass#ERR_COMM}; blocking,
 * nonblocking and persistent forms alike. After each error a collective succeeds: with
 * {@code ERRORS_RETURN} the communicator stays usable (MPI-4.1 §9.3).
 *
 * <p>Only the ranks whose call is locally erroneous make it, so the others are never left waiting
 * in a collective that cannot complete.
 */
public abstract class CollectiveErrorsTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected CollectiveErrorsTck() {
    }

    /**
     * MPI-4.1 §6.1: a root outside {@code [0, size)} raises ERR_ROOT in every rooted collective, in
     * blocking, nonblocking and persistent form, on every rank.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    public void invalidRootRaisesErrRoot(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int[] a = new int[n];
            int[] b = new int[n];
            int[] ones = new int[n];
            java.util.Arrays.fill(ones, 1);
            for (int root : new int[] {-1, n, n + 5, Integer.MIN_VALUE}) {
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.bcast(Buf.of(a), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.gather(Buf.of(a, 0, 1), Buf.of(b), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.gatherv(Buf.of(a, 0, 1), VBuf.of(Buf.of(b), ones), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.scatter(Buf.of(b), Buf.of(a, 0, 1), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.scatterv(VBuf.of(Buf.of(b), ones), Buf.of(a, 0, 1), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.reduce(Buf.of(a), Buf.of(b), Op.SUM, root));
                assertMpiErrorStartingOrCompleting(ErrorClass.ERR_ROOT, () -> world.ibcast(Buf.of(a), root));
                assertMpiErrorStartingOrCompleting(ErrorClass.ERR_ROOT, () -> world.ireduce(Buf.of(a), Buf.of(b), Op.SUM, root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.bcastInit(Buf.of(a), root));
                assertMpiError(ErrorClass.ERR_ROOT, () -> world.gatherInit(Buf.of(a, 0, 1), Buf.of(b), root));
                assertCollectiveWorks(world);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §6.5–§6.10: locally inconsistent counts raise ERR_COUNT (the root's gather/scatter
     * buffer not {@code size} times the block, allgather/alltoall/allreduce buffers that differ,
     * reduceScatter counts of the wrong length or sum, a VBuf without one block per rank), and
     * differing send and receive datatypes raise ERR_TYPE.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    public void mismatchedLocalCountsAndTypes(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Buf one = Buf.of(new int[1]);
            Buf tooBig = Buf.of(new int[n + 1]);
            if (me == 0) {
                assertMpiError(ErrorClass.ERR_COUNT, () -> world.gather(one, tooBig, 0));
                assertMpiError(ErrorClass.ERR_COUNT, () -> world.scatter(tooBig, one, 0));
                assertMpiError(ErrorClass.ERR_COUNT, () -> world.gatherv(one, VBuf.of(tooBig, new int[n + 1]), 0));
                assertMpiError(ErrorClass.ERR_TYPE, () -> world.gather(Buf.of(new long[1]), Buf.of(new int[n]), 0));
                assertMpiError(ErrorClass.ERR_TYPE, () -> world.scatter(Buf.of(new double[n]), one, 0));
            }
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.allgather(one, tooBig));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.alltoall(Buf.of(new int[n]), tooBig));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.allreduce(Buf.of(new int[2]), Buf.of(new int[3]), Op.SUM));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.scan(Buf.of(new int[2]), Buf.of(new int[3]), Op.SUM));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.reduceScatter(Buf.of(new int[n]), one, new int[n + 1], Op.SUM));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.reduceScatterBlock(Buf.of(new int[n + 1]), one, Op.SUM));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.allgatherv(one, VBuf.of(tooBig, new int[n + 1])));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.alltoallw(null,
                    new WBuf(Arena.ofAuto().allocate(8), new int[n + 1], new long[n + 1], filled(n + 1))));
            assertMpiErrorStartingOrCompleting(ErrorClass.ERR_COUNT, () -> world.iallgather(one, tooBig));
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.allreduceInit(Buf.of(new int[2]), Buf.of(new int[3]), Op.SUM));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.allreduce(Buf.of(new int[1]), Buf.of(new long[1]), Op.SUM));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.allgather(Buf.of(new float[1]), Buf.of(new double[n])));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.alltoall(Buf.of(new int[n]), Buf.of(new short[n])));
            assertMpiError(ErrorClass.ERR_TYPE, () -> world.exscan(Buf.of(new char[1]), Buf.of(new short[1]), Op.SUM));
            assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §6.1.1 and §3.10: the send and receive buffers of a collective, and of a sendrecv,
     * must not overlap (MPICH refuses aliased buffers, Open MPI computes garbage): overlapping
     * ones raise ERR_BUFFER on every rank, and {@code IN_PLACE} or disjoint parts of one array
     * work; the communicator stays usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void overlappingSendAndReceiveBuffersRaiseErrBuffer(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] a = {me, 0};
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allreduce(Buf.of(a), Buf.of(a), Op.SUM));
            int[] three = new int[3];
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allreduce(Buf.of(three, 0, 2), Buf.of(three, 1, 2), Op.SUM));
            int[] all = new int[n];
            all[me] = me;
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allgather(Buf.of(all, me, 1), Buf.of(all)));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.iallreduce(Buf.of(a), Buf.of(a), Op.SUM));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.sendrecv(Buf.of(a), me, 0, Buf.of(a, 1, 1), me, 0));
            // disjoint parts of one array, and IN_PLACE, are fine
            world.allreduce(Buf.of(a, 0, 1), Buf.of(a, 1, 1), Op.SUM);
            assertEquals(n * (n - 1) / 2, a[1], "allreduce from a[0] into a[1]");
            world.allgather(Buf.IN_PLACE, Buf.of(all));
            for (int r = 0; r < n; r++) {
                assertEquals(r, all[r], "allgather in place");
            }
            world.sendrecv(Buf.of(a, 0, 1), me, 3, Buf.of(a, 1, 1), me, 3);
            assertEquals(me, a[1], "sendrecv to itself between the halves of one array");
            // derived types interleaving in one array share no byte: a 2 x (n + 1) row-major matrix
            // whose column 0 is sent and whose columns 1..n receive (not judged by its span)
            Datatype column = Datatype.resized(Datatype.vector(2, 1, n + 1, Datatype.INT), 0, 4).commit();
            int[] m = new int[2 * (n + 1)];
            m[0] = me;
            m[n + 1] = 100 + me;
            world.allgather(Buf.of(m).withType(column, 1), Buf.of(m, 1, 2 * (n + 1) - 1).withType(column, n));
            for (int r = 0; r < n; r++) {
                assertEquals(r, m[1 + r], "column " + (1 + r) + ", row 0");
                assertEquals(100 + r, m[n + 2 + r], "column " + (1 + r) + ", row 1");
            }
            column.free();
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §6.2.1: {@code IN_PLACE} is allowed only where each collective defines it; a
     * {@code null}, read-only or {@code IN_PLACE} receive buffer raises ERR_BUFFER.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    public void misplacedInPlaceAndBadBuffersRaiseErrBuffer(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            Buf block = Buf.of(new int[1]);
            Buf all = Buf.of(new int[n]);
            Buf readOnly = Buf.of(ByteBuffer.allocate(4 * n).asReadOnlyBuffer(), Datatype.INT);
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.bcast(Buf.IN_PLACE, 0));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.bcast(null, 0));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allreduce(block, Buf.IN_PLACE, Op.SUM));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allreduce(block, null, Op.SUM));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allreduce(Buf.IN_PLACE, Buf.IN_PLACE, Op.SUM));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allgather(block, readOnly));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.alltoall(all, Buf.IN_PLACE));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.scan(null, all, Op.SUM));
            if (me != 0) {
                // IN_PLACE is for the root only (MPI-4.1 §6.5, §6.6, §6.9.1)
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.gather(Buf.IN_PLACE, null, 0));
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.reduce(Buf.IN_PLACE, null, Op.SUM, 0));
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.scatter(null, Buf.IN_PLACE, 0));
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.bcast(readOnly, 0));
            } else {
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.gather(block, readOnly, 0));
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.reduce(block, Buf.IN_PLACE, Op.SUM, 0));
                assertMpiError(ErrorClass.ERR_BUFFER, () -> world.scatter(Buf.IN_PLACE, block, 0));
            }
            assertMpiErrorStartingOrCompleting(ErrorClass.ERR_BUFFER, () -> world.iallreduce(block, Buf.IN_PLACE, Op.SUM));
            assertMpiError(ErrorClass.ERR_BUFFER, () -> world.allgatherInit(block, readOnly));
            assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.4: every collective on a closed (freed) communicator raises ERR_COMM, and the
     * parent communicator is unaffected.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void closedCommunicatorRaisesErrComm(int ranks) {
        run(ranks, OPTIONS, world -> {
            Intracomm dup = world.dup();
            dup.close();
            Buf one = Buf.of(new int[1]);
            assertMpiError(ErrorClass.ERR_COMM, dup::barrier);
            assertMpiError(ErrorClass.ERR_COMM, () -> dup.bcast(one, 0));
            assertMpiError(ErrorClass.ERR_COMM, () -> dup.allreduce(one, Buf.of(new int[1]), Op.SUM));
            assertMpiError(ErrorClass.ERR_COMM, () -> dup.iallreduce(one, Buf.of(new int[1]), Op.SUM));
            assertMpiError(ErrorClass.ERR_COMM, dup::ibarrier);
            assertMpiError(ErrorClass.ERR_COMM, () -> dup.allgatherObject("x"));
            assertMpiError(ErrorClass.ERR_COMM, () -> dup.bcastInit(one, 0));
            assertCollectiveWorks(world);
            return null;
        });
    }

    private static Datatype[] filled(int n) {
        Datatype[] t = new Datatype[n];
        java.util.Arrays.fill(t, Datatype.INT);
        return t;
    }
}
