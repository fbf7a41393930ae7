package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.mpi4j.Comparison;
import io.mpi4j.ErrorClass;
import io.mpi4j.Group;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of process groups (MPI-4.1 §7.3): the group of a communicator, rank translation,
 * comparison, the set operations, inclusion and exclusion by ranks and by ranges,
 * {@code MPI_GROUP_EMPTY}, and the error classes of invalid arguments. Group operations are local,
 * so every rank checks them by itself on the group of the world communicator, identifying members
 * by their world rank.
 */
public abstract class GroupsTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected GroupsTck() {
    }

    /**
     * MPI-4.1 §7.3.1, §7.3.2: the group of a communicator has its size, the caller's rank and its
     * members in rank order; it is identical to itself and to another copy of it, and the
     * identity translation maps each rank to itself.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void groupOfACommunicator(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group g = world.group();
            int n = world.size();
            assertEquals(n, g.size());
            assertEquals(world.rank(), g.rank());
            assertEquals(n, g.processIds().length);
            assertEquals(n, Arrays.stream(g.processIds()).distinct().count(), "process ids are distinct");
            assertEquals(Comparison.IDENT, g.compare(world.group()));
            assertEquals(Comparison.IDENT, g.compare(g));
            assertArrayEquals(identity(n), Group.translateRanks(g, identity(n), world.group()));
            int[] ids = g.processIds();
            assertNotSame(ids, g.processIds(), "processIds returns a copy");
            ids[0] = Integer.MIN_VALUE;
            assertEquals(Comparison.IDENT, g.compare(world.group()), "changing the returned ids does not change the group");
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.2 (MPI_Group_incl, MPI_Group_excl): {@code incl} orders the new group as the
     * given ranks; {@code excl} keeps the order of the old group; a process outside the new group
     * has rank {@code UNDEFINED}; {@code incl()} with no ranks is empty and {@code excl()} with no
     * ranks is the whole group.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void inclAndExcl(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            int me = world.rank();
            Group rev = all.incl(reversed(n));
            assertEquals(n, rev.size());
            assertEquals(n - 1 - me, rev.rank());
            assertArrayEquals(reversed(n), Group.translateRanks(rev, identity(n), all));
            int[] evens = IntStream.range(0, n).filter(r -> r % 2 == 0).toArray();
            int[] odds = IntStream.range(0, n).filter(r -> r % 2 == 1).toArray();
            Group inclEvens = all.incl(evens);
            Group exclOdds = all.excl(reversedCopy(odds));
            assertEquals(Comparison.IDENT, inclEvens.compare(exclOdds), "excl keeps the old group's order");
            assertEquals(me % 2 == 0 ? me / 2 : Mpi.UNDEFINED, exclOdds.rank());
            assertArrayEquals(evens, Group.translateRanks(exclOdds, identity(exclOdds.size()), all));
            assertEquals(0, all.incl().size());
            assertEquals(Mpi.UNDEFINED, all.incl().rank());
            assertEquals(Comparison.IDENT, all.incl().compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.excl().compare(all));
            assertEquals(Comparison.IDENT, all.excl(identity(n)).compare(Group.EMPTY));
            Group last = all.incl(n - 1);
            assertEquals(me == n - 1 ? 0 : Mpi.UNDEFINED, last.rank());
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.2 (MPI_Group_range_incl, MPI_Group_range_excl): each triple
     * {@code {first, last, stride}} stands for {@code first, first + stride, ...} up to
     * {@code last} ({@code last} itself need not be a rank, every rank reached must); strides may
     * be negative, {@code first > last} with a positive stride is an empty range, and the results equal {@code incl}/{@code excl} of the expanded ranks.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void rangeInclAndExcl(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            int[] evens = IntStream.range(0, n).filter(r -> r % 2 == 0).toArray();
            assertEquals(Comparison.IDENT, all.rangeIncl(new int[] {0, n - 1, 2}).compare(all.incl(evens)));
            assertEquals(Comparison.IDENT, all.rangeIncl(new int[] {n - 1, 0, -1}).compare(all.incl(reversed(n))));
            assertEquals(Comparison.IDENT, all.rangeIncl(new int[] {0, n - 1, 1}).compare(all));
            assertEquals(Comparison.IDENT, all.rangeIncl(new int[] {0, 0, 5}).compare(all.incl(0)), "a stride past last");
            assertEquals(Comparison.IDENT, all.rangeIncl().compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.rangeExcl().compare(all));
            assertEquals(Comparison.IDENT, all.rangeExcl(new int[] {0, n - 1, 1}).compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.rangeExcl(new int[] {n - 1, 0, -2}).compare(all.excl(rangeOf(n - 1, 0, -2))));
            if (n >= 2) {
                assertEquals(0, all.rangeIncl(new int[] {n - 1, 0, 1}).size(), "first > last with a positive stride is empty");
                assertEquals(Comparison.IDENT, all.rangeIncl(new int[] {0, 2 * n - 3, n - 1}).compare(all.incl(0, n - 1)),
                        "last need not be a rank, only the ranks the range reaches");
                assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeIncl(new int[] {0, n, 1}));
                assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeExcl(new int[] {n - 1, -1, -1}));
                int[][] two = {{n - 1, n - 1, 1}, {0, n - 2, 3}};
                int[] expanded = concat(new int[] {n - 1}, rangeOf(0, n - 2, 3));
                assertEquals(Comparison.IDENT, all.rangeIncl(two).compare(all.incl(expanded)), "ranges in the given order");
                assertEquals(Comparison.IDENT, all.rangeExcl(two).compare(all.excl(expanded)));
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.2 (MPI_Group_union, MPI_Group_intersection, MPI_Group_difference): the union
     * holds the first group's members then the second's others; intersection and difference keep
     * the first group's order; the empty group is neutral for union and absorbing for intersection.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void setOperations(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            int[] evens = IntStream.range(0, n).filter(r -> r % 2 == 0).toArray();
            int[] oddsDown = reversedCopy(IntStream.range(0, n).filter(r -> r % 2 == 1).toArray());
            Group e = all.incl(evens);
            Group o = all.incl(oddsDown);
            Group rev = all.incl(reversed(n));
            assertArrayEquals(concat(evens, oddsDown), ranksIn(e.union(o), all), "union: first group, then the rest");
            assertArrayEquals(concat(evens, oddsDown), ranksIn(e.union(rev), all), "union keeps the first group's order");
            assertArrayEquals(reversedCopy(evens), ranksIn(rev.intersection(e), all), "intersection in the first group's order");
            assertArrayEquals(evens, ranksIn(e.intersection(rev), all));
            assertArrayEquals(oddsDown, ranksIn(rev.difference(e), all), "difference in the first group's order");
            assertEquals(0, e.intersection(o).size());
            assertEquals(Comparison.IDENT, e.difference(o).compare(e));
            assertEquals(Comparison.IDENT, e.difference(all).compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.union(Group.EMPTY).compare(all));
            assertEquals(Comparison.IDENT, Group.EMPTY.union(rev).compare(rev));
            assertEquals(Comparison.IDENT, all.intersection(Group.EMPTY).compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.difference(Group.EMPTY).compare(all));
            assertEquals(Comparison.IDENT, Group.EMPTY.difference(all).compare(Group.EMPTY));
            assertEquals(Comparison.IDENT, all.union(all).compare(all));
            int me = world.rank();
            assertEquals(indexOf(concat(evens, oddsDown), me), e.union(o).rank());
            assertEquals(me % 2 == 0 ? Mpi.UNDEFINED : indexOf(oddsDown, me), rev.difference(e).rank());
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.1 (MPI_Group_translate_ranks): ranks map to the same process in the other
     * group, {@code UNDEFINED} where it is not a member, {@code PROC_NULL} to {@code PROC_NULL};
     * an empty array translates to an empty array.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void translateRanks(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            Group evens = all.rangeIncl(new int[] {0, n - 1, 2});
            int[] expected = new int[n];
            for (int r = 0; r < n; r++) {
                expected[r] = r % 2 == 0 ? r / 2 : Mpi.UNDEFINED;
            }
            assertArrayEquals(expected, Group.translateRanks(all, identity(n), evens));
            assertArrayEquals(new int[] {Mpi.PROC_NULL, n - 1, Mpi.PROC_NULL},
                    Group.translateRanks(all, new int[] {Mpi.PROC_NULL, n - 1, Mpi.PROC_NULL}, all));
            assertArrayEquals(new int[] {Mpi.PROC_NULL, Mpi.UNDEFINED},
                    Group.translateRanks(all, new int[] {Mpi.PROC_NULL, 0}, Group.EMPTY));
            assertArrayEquals(new int[] {Mpi.PROC_NULL}, Group.translateRanks(Group.EMPTY, new int[] {Mpi.PROC_NULL}, all));
            assertArrayEquals(new int[0], Group.translateRanks(Group.EMPTY, new int[0], all));
            Group rev = all.incl(reversed(n));
            assertArrayEquals(reversed(n), Group.translateRanks(rev, identity(n), all));
            assertArrayEquals(reversed(n), Group.translateRanks(all, identity(n), rev));
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.1 (MPI_Group_compare): IDENT for the same members in the same order, SIMILAR for
     * the same members in another order, UNEQUAL otherwise (other members or another size); the
     * empty group is identical to any empty group.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void compare(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            Group rev = all.incl(reversed(n));
            assertEquals(n == 1 ? Comparison.IDENT : Comparison.SIMILAR, all.compare(rev));
            assertEquals(n == 1 ? Comparison.IDENT : Comparison.SIMILAR, rev.compare(all));
            assertEquals(Comparison.IDENT, rev.compare(all.incl(reversed(n))));
            assertEquals(Comparison.UNEQUAL, all.compare(all.excl(0)));
            assertEquals(Comparison.UNEQUAL, all.compare(Group.EMPTY));
            assertEquals(Comparison.UNEQUAL, Group.EMPTY.compare(all));
            assertEquals(Comparison.IDENT, Group.EMPTY.compare(all.excl(identity(n))));
            assertEquals(Comparison.IDENT, Group.EMPTY.compare(Group.EMPTY));
            if (n >= 2) {
                assertEquals(Comparison.UNEQUAL, all.incl(0).compare(all.incl(1)), "same size, other members");
                assertEquals(Comparison.SIMILAR, all.incl(0, 1).compare(all.incl(1, 0)));
            }
            assertEquals(0, Group.EMPTY.size());
            assertEquals(Mpi.UNDEFINED, Group.EMPTY.rank());
            return null;
        });
    }

    /**
     * MPI-4.1 §7.3.2 and §9.4: ranks outside the group or given twice raise ERR_RANK in
     * {@code incl}, {@code excl}, the range forms and {@code translateRanks}; a zero stride or a
     * range that is not a triple raises ERR_ARG; the group of a closed communicator raises
     * ERR_COMM.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void invalidArgumentsRaiseTheirErrorClasses(int ranks) {
        run(ranks, OPTIONS, world -> {
            Group all = world.group();
            int n = all.size();
            for (int bad : new int[] {-1, n, n + 3, Mpi.UNDEFINED, Mpi.PROC_NULL}) {
                assertMpiError(ErrorClass.ERR_RANK, () -> all.incl(bad));
                assertMpiError(ErrorClass.ERR_RANK, () -> all.excl(bad));
                assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeIncl(new int[] {bad, 0, 1}));
                if (bad >= n) { // reached by the range; a negative last makes it empty (rangeInclAndExcl)
                    assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeIncl(new int[] {0, bad, 1}));
                    assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeExcl(new int[] {0, bad, 1}));
                }
                if (bad != Mpi.PROC_NULL) {
                    assertMpiError(ErrorClass.ERR_RANK, () -> Group.translateRanks(all, new int[] {0, bad}, all));
                }
            }
            assertMpiError(ErrorClass.ERR_RANK, () -> Group.translateRanks(Group.EMPTY, new int[] {0}, all));
            assertMpiError(ErrorClass.ERR_RANK, () -> all.incl(0, 0));
            assertMpiError(ErrorClass.ERR_RANK, () -> all.excl(n - 1, n - 1));
            assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeIncl(new int[] {0, n - 1, 1}, new int[] {0, 0, 1}));
            assertMpiError(ErrorClass.ERR_RANK, () -> all.rangeExcl(new int[] {n - 1, n - 1, 1}, new int[] {n - 1, 0, -1}));
            assertMpiError(ErrorClass.ERR_ARG, () -> all.rangeIncl(new int[] {0, n - 1, 0}));
            assertMpiError(ErrorClass.ERR_ARG, () -> all.rangeExcl(new int[] {0, 0, 0}));
            assertMpiError(ErrorClass.ERR_ARG, () -> all.rangeIncl(new int[] {0, n - 1}));
            assertMpiError(ErrorClass.ERR_ARG, () -> all.rangeIncl((int[]) null));
            assertMpiError(ErrorClass.ERR_RANK, () -> Group.EMPTY.incl(0));
            Intracomm dup = world.dup();
            dup.close();
            assertMpiError(ErrorClass.ERR_COMM, dup::group);
            assertEquals(Comparison.IDENT, all.compare(world.group()), "the world's group is unaffected");
            return null;
        });
    }

    private static int[] ranksIn(Group g, Group all) {
        return Group.translateRanks(g, identity(g.size()), all);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int[] reversedCopy(int[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[a.length - 1 - i];
        }
        return b;
    }

    private static int[] rangeOf(int first, int last, int stride) {
        IntStream.Builder b = IntStream.builder();
        for (int i = first; stride > 0 ? i <= last : i >= last; i += stride) {
            b.add(i);
        }
        return b.build().toArray();
    }
}
