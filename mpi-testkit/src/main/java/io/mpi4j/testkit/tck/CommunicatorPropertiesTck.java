package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Comparison;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.testkit.arbitraries.CollectiveArbitraries;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of communicator creation (MPI-4.1 §7.4.2): for random world sizes, colors
 * ({@code UNDEFINED} included), keys (negative and tied) and subgroups, the communicators that
 * {@code split}, splits of splits and {@code create} return have the rank, size, group, comparison
 * with the parent, and allgather, allreduce and ring traffic of world ranks that a sequential model
 * computes from every rank's arguments.
 *
 * <p>The generated arguments of every rank are parameters of the try, so each rank computes the
 * model by itself and checks its own communicator.
 */
public abstract class CommunicatorPropertiesTck extends AbstractCommunicatorTck {
    private static final int MAX_SIZE = 9;

    /** Creates the property container; subclasses supply the runner. */
    protected CommunicatorPropertiesTck() {
    }

    /**
     * Every rank's arguments of one {@code split}; serializable, so that runners whose ranks are
     * processes can send a generated list of them.
     *
     * @param colors the color of each rank ({@link Mpi#UNDEFINED} for none)
     * @param keys the key of each rank
     */
    public record SplitArgs(int[] colors, int[] keys) implements java.io.Serializable {
        /**
         * Returns the number of ranks.
         *
         * @return the length of the arrays
         */
        public int size() {
            return colors.length;
        }

        @Override
        public String toString() {
            return "SplitArgs[colors=" + Arrays.toString(colors).replace(Integer.toString(Mpi.UNDEFINED), "UNDEFINED")
                    + ", keys=" + Arrays.toString(keys) + "]";
        }
    }

    /**
     * Colors, a few of them {@code UNDEFINED}, few distinct ones so that ranks share them, and
     * occasionally a large one.
     *
     * @return the arbitrary
     */
    public static Arbitrary<Integer> colors() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Mpi.UNDEFINED)),
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, Integer.MAX_VALUE)));
    }

    /**
     * Keys with ties and negative values.
     *
     * @return the arbitrary
     */
    public static Arbitrary<Integer> keys() {
        return Arbitraries.integers().between(-3, 3);
    }

    /**
     * The arguments of {@code size} ranks.
     *
     * @param size the number of ranks
     * @return the arbitrary
     */
    public static Arbitrary<SplitArgs> splitArgs(int size) {
        return Combinators.combine(colors().list().ofSize(size), keys().list().ofSize(size))
                .as((c, k) -> new SplitArgs(toArray(c), toArray(k)));
    }

    /**
     * World sizes 1 to {@value #MAX_SIZE} with every rank's split arguments.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<SplitArgs> splits() {
        return CollectiveArbitraries.worldSizes(MAX_SIZE).flatMap(CommunicatorPropertiesTck::splitArgs);
    }

    /**
     * Two levels of split arguments over one world: the second level's arrays are indexed by world
     * rank and used by each rank in the communicator the first level gave it.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<List<SplitArgs>> nestedSplits() {
        return CollectiveArbitraries.worldSizes(MAX_SIZE).flatMap(n -> splitArgs(n).list().ofSize(2));
    }

    /**
     * A world size and a subgroup of it in some order, possibly empty.
     *
     * @return {@code [size, member ranks...]}
     */
    @Provide
    public Arbitrary<int[]> subgroups() {
        return CollectiveArbitraries.worldSizes(MAX_SIZE).flatMap(n -> Arbitraries.integers().between(0, n - 1).set()
                .ofMaxSize(n).flatMap(s -> Arbitraries.shuffle(List.copyOf(s))).map(l -> {
                    int[] a = new int[l.size() + 1];
                    a[0] = n;
                    for (int i = 0; i < l.size(); i++) {
                        a[i + 1] = l.get(i);
                    }
                    return a;
                }));
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_split): each rank with a defined color gets the communicator of the
     * ranks of its color, ordered by key and then by world rank; ranks with {@code UNDEFINED} get
     * none; its comparison with the world follows from its members.
     *
     * @param args every rank's color and key
     */
    @Property(tries = 40)
    public void splitMatchesTheSequentialModel(@ForAll("splits") SplitArgs args) {
        runner().run(args.size(), OPTIONS, world -> {
            int me = world.rank();
            Optional<Intracomm> c = world.split(args.colors()[me], args.keys()[me]);
            int[] model = splitModel(args.colors(), args.keys(), me);
            assertEquals(model.length > 0, c.isPresent(), () -> "a communicator on rank " + me + " of " + args);
            if (c.isPresent()) {
                try (Intracomm comm = c.get()) {
                    assertMembers(comm, world, model, args.toString());
                    assertEquals(expectedComparison(model, world.size()), world.compare(comm), args::toString);
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2: splitting the communicators that a split returned, all at once, gives the
     * communicators of the model applied twice.
     *
     * @param levels the arguments of both levels, indexed by world rank
     */
    @Property(tries = 25)
    public void splitsOfSplitsMatchTheComposedModel(@ForAll("nestedSplits") List<SplitArgs> levels) {
        SplitArgs first = levels.get(0);
        SplitArgs second = levels.get(1);
        runner().run(first.size(), OPTIONS, world -> {
            int me = world.rank();
            Optional<Intracomm> outer = world.split(first.colors()[me], first.keys()[me]);
            if (outer.isEmpty()) {
                return null;
            }
            int[] outerWorld = splitModel(first.colors(), first.keys(), me);
            try (Intracomm o = outer.get()) {
                int m = o.size();
                int[] colors = new int[m];
                int[] keys = new int[m];
                for (int r = 0; r < m; r++) {
                    colors[r] = second.colors()[outerWorld[r]];
                    keys[r] = second.keys()[outerWorld[r]];
                }
                Optional<Intracomm> inner = o.split(colors[o.rank()], keys[o.rank()]);
                int[] innerWorld = through(splitModel(colors, keys, o.rank()), outerWorld);
                String what = "second level of " + levels;
                assertEquals(innerWorld.length > 0, inner.isPresent(), what);
                if (inner.isPresent()) {
                    try (Intracomm i = inner.get()) {
                        assertMembers(i, world, innerWorld, what);
                    }
                }
                assertMembers(o, world, outerWorld, "first level after the second of " + levels);
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.2 (MPI_Comm_create): for a random subgroup in random order, exactly its members
     * get a communicator, ranked in the group's order.
     *
     * @param sizeAndMembers the world size followed by the members' world ranks
     */
    @Property(tries = 30)
    public void createMatchesTheGroup(@ForAll("subgroups") int[] sizeAndMembers) {
        int n = sizeAndMembers[0];
        int[] members = Arrays.copyOfRange(sizeAndMembers, 1, sizeAndMembers.length);
        runner().run(n, OPTIONS, world -> {
            int me = world.rank();
            Optional<Intracomm> c = world.create(world.group().incl(members));
            String what = "create(" + Arrays.toString(members) + ") on " + n + " ranks";
            assertEquals(indexOf(members, me) >= 0, c.isPresent(), what);
            if (c.isPresent()) {
                try (Intracomm comm = c.get()) {
                    assertMembers(comm, world, members, what);
                    assertEquals(expectedComparison(members, n), world.compare(comm), what);
                }
            }
            return null;
        });
    }

    /**
     * The comparison of the world with a communicator of the given members.
     *
     * @param members world ranks in the communicator's order
     * @param n the world size
     * @return CONGRUENT, SIMILAR or UNEQUAL
     */
    static Comparison expectedComparison(int[] members, int n) {
        if (members.length != n) {
            return Comparison.UNEQUAL;
        }
        return Arrays.equals(members, identity(n)) ? Comparison.CONGRUENT : Comparison.SIMILAR;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
