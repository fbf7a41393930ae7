package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Group;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The base of the TCK classes of groups, communicators, attributes and info (MPI-4.1 chapter 7
 * and §10): the world sizes they run on, a bounded job time, the sequential model of
 * {@code MPI_Comm_split}, and checks that a new communicator works and holds the expected
 * processes.
 *
 * <p>Processes are identified portably by their rank in the world communicator, obtained with
 * {@link Group#translateRanks}: the TCK never assumes what a provider's process ids are.
 */
@Timeout(60)
public abstract class AbstractCommunicatorTck extends AbstractTck {
    /** The world sizes the cases run on: a single rank, a pair, odd sizes, a power of two and 7. */
    protected static final int[] SIZES = {1, 2, 3, 4, 7};

    /** The options of the jobs: the provider's default buffering and a 20-second limit. */
    protected static final TckOptions OPTIONS = TckOptions.defaults().withTimeout(Duration.ofSeconds(20));

    /** Creates the test instance; subclasses supply the runner. */
    protected AbstractCommunicatorTck() {
    }

    /**
     * Returns the world ranks of a communicator's members, in its rank order, computed locally
     * from its group.
     *
     * @param comm the communicator
     * @param world the world communicator
     * @return {@code result[i]} is the world rank of the process with rank {@code i} in {@code comm}
     */
    public static int[] worldRanksOf(Intracomm comm, Intracomm world) {
        Group g = comm.group();
        int[] ranks = new int[g.size()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = i;
        }
        return Group.translateRanks(g, ranks, world.group());
    }

    /**
     * Asserts that a communicator holds exactly the expected processes in the expected order, and
     * that point-to-point and collective communication on it reach those processes: its size, the
     * caller's rank, its group translated to world ranks, an allgather and an allreduce of the
     * members' world ranks, and a ring exchange.
     *
     * @param comm the communicator to check; collective, so every member calls this
     * @param world the world communicator
     * @param expectedWorldRanks the world ranks of the members, in the communicator's rank order
     * @param what describes the communicator in failure messages
     */
    public static void assertMembers(Intracomm comm, Intracomm world, int[] expectedWorldRanks, String what) {
        int n = expectedWorldRanks.length;
        int me = world.rank();
        assertEquals(n, comm.size(), () -> what + ": size on world rank " + me);
        assertEquals(indexOf(expectedWorldRanks, me), comm.rank(), () -> what + ": rank of world rank " + me);
        assertEquals(n, comm.group().size(), () -> what + ": group size on world rank " + me);
        assertEquals(comm.rank(), comm.group().rank(), () -> what + ": group rank on world rank " + me);
        assertArrayEquals(expectedWorldRanks, worldRanksOf(comm, world), () -> what + ": group on world rank " + me);
        int[] gathered = new int[n];
        comm.allgather(Buf.of(new int[] {me}), Buf.of(gathered));
        assertArrayEquals(expectedWorldRanks, gathered, () -> what + ": allgather of world ranks on world rank " + me);
        int[] sum = new int[1];
        comm.allreduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM);
        int expectedSum = 0;
        for (int r : expectedWorldRanks) {
            expectedSum += r;
        }
        assertEquals(expectedSum, sum[0], () -> what + ": allreduce of world ranks on world rank " + me);
        int[] fromLeft = {-1};
        comm.sendrecv(Buf.of(new int[] {me}), right(comm), 3, Buf.of(fromLeft), left(comm), 3);
        assertEquals(expectedWorldRanks[left(comm)], fromLeft[0], () -> what + ": ring exchange on world rank " + me);
    }

    /**
     * The sequential model of {@code MPI_Comm_split} (MPI-4.1 §7.4.2): the members of the caller's
     * color, ordered by key and then by rank in the parent.
     *
     * @param colors every parent rank's color ({@link Mpi#UNDEFINED} for none)
     * @param keys every parent rank's key
     * @param rank the calling parent rank
     * @return the parent ranks of the caller's new communicator, in its rank order; empty if the
     *     caller's color is {@code UNDEFINED}
     */
    public static int[] splitModel(int[] colors, int[] keys, int rank) {
        if (colors[rank] == Mpi.UNDEFINED) {
            return new int[0];
        }
        List<Integer> members = new ArrayList<>();
        for (int r = 0; r < colors.length; r++) {
            if (colors[r] == colors[rank]) {
                members.add(r);
            }
        }
        members.sort(Comparator.<Integer>comparingInt(r -> keys[r]).thenComparingInt(r -> r));
        return members.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Maps ranks of a parent communicator to world ranks.
     *
     * @param parentRanks ranks of the parent
     * @param parentWorldRanks the world rank of each parent rank
     * @return the world ranks
     */
    public static int[] through(int[] parentRanks, int[] parentWorldRanks) {
        int[] out = new int[parentRanks.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = parentWorldRanks[parentRanks[i]];
        }
        return out;
    }

    /**
     * Returns {@code 0, 1, ..., n - 1}.
     *
     * @param n the length
     * @return the identity permutation
     */
    public static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Returns {@code n - 1, ..., 1, 0}.
     *
     * @param n the length
     * @return the reversed ranks
     */
    public static int[] reversed(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = n - 1 - i;
        }
        return a;
    }

    /**
     * Returns the position of a value in an array.
     *
     * @param a the array
     * @param v the value
     * @return its first index, or {@link Mpi#UNDEFINED} if absent (as {@code MPI_Group_rank} does)
     */
    public static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return Mpi.UNDEFINED;
    }
}
