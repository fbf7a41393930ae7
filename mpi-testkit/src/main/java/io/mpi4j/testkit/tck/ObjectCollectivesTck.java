package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.ErrorClass;
import io.mpi4j.Request;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of the object collectives (DESIGN §3.4; Boost.MPI style over MPI-4.1 chapter 6):
 * values in, values out, with the documented results on roots and non-roots (the root's own
 * element is the original object; {@code gatherObject} yields an empty list and
 * {@code reduceObject} an empty {@link Optional} on non-roots; {@code exscanObject} is empty on
 * rank 0), non-commutative functions applied in rank order, and the nonblocking forms.
 */
public abstract class ObjectCollectivesTck extends AbstractCollectiveTck {
    /** Creates the test instance. */
    protected ObjectCollectivesTck() {
    }

    /**
     * A record exchanged by the cases.
     *
     * @param rank the rank that made it
     * @param label a string of that rank
     * @param values a list of that rank
     */
    public record Item(int rank, String label, List<Integer> values) implements Serializable {
        static Item of(int rank) {
            return new Item(rank, "item-" + rank, IntStream.range(0, rank % 4).boxed().toList());
        }
    }

    /**
     * bcastObject, scatterObject, gatherObject and allgatherObject from every root with maps, lists
     * and records; the root gets its own objects back, not copies.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void bcastScatterGatherAllgather(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            for (int root = 0; root < n; root++) {
                boolean isRoot = me == root;
                Map<String, Object> dict = Map.of("key1", List.of(7, 2.72, "three"), "root", root);
                Map<String, Object> rootDict = isRoot ? dict : null;
                Map<String, Object> got = world.bcastObject(rootDict, root);
                assertEquals(dict, got, "bcastObject from root " + root);
                if (isRoot) {
                    assertSame(dict, got, "the root's bcastObject result is its own object");
                }

                List<Item> items = IntStream.range(0, n).mapToObj(Item::of).toList();
                Item mine = world.scatterObject(isRoot ? items : null, root);
                assertEquals(Item.of(me), mine, "scatterObject from root " + root);
                if (isRoot) {
                    assertSame(items.get(me), mine, "the root's own element is not copied");
                }

                Item own = Item.of(me);
                List<Item> gathered = world.gatherObject(own, root);
                if (isRoot) {
                    assertEquals(items, gathered, "gatherObject at root " + root);
                    assertSame(own, gathered.get(me));
                } else {
                    assertEquals(List.of(), gathered, "gatherObject on a non-root is an empty list");
                }
            }
            List<String> everyone = world.allgatherObject("r" + me);
            assertEquals(IntStream.range(0, n).mapToObj(r -> "r" + r).toList(), everyone, "allgatherObject");
            return null;
        });
    }

    /**
     * alltoallObject: element {@code j} of rank {@code i}'s list arrives as element {@code i} at rank
     * {@code j}; a list of the wrong size raises {@link ErrorClass#ERR_COUNT}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void alltoallObject(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            List<List<Integer>> out = IntStream.range(0, n).mapToObj(j -> List.of(me, j)).toList();
            List<List<Integer>> in = world.alltoallObject(out);
            assertEquals(IntStream.range(0, n).mapToObj(i -> List.of(i, me)).toList(), in, "alltoallObject on rank " + me);
            assertMpiError(ErrorClass.ERR_COUNT, () -> world.alltoallObject(new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                    11, 12, 13, 14, 15, 16, 17)).subList(0, n + 1)));
            assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * reduceObject, allreduceObject, scanObject and exscanObject with a non-commutative function
     * (string concatenation): the results are the rank-ordered folds; non-roots of reduceObject and
     * rank 0 of exscanObject get an empty {@link Optional}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    public void reductionsOfObjectsInRankOrder(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            String all = IntStream.range(0, n).mapToObj(r -> "<" + r + ">").reduce("", String::concat);
            String mine = "<" + me + ">";
            for (int root = 0; root < n; root++) {
                Optional<String> r = world.reduceObject(mine, String::concat, root);
                assertEquals(me == root ? Optional.of(all) : Optional.empty(), r, "reduceObject at root " + root);
            }
            assertEquals(all, world.allreduceObject(mine, String::concat), "allreduceObject");
            String prefix = IntStream.rangeClosed(0, me).mapToObj(r -> "<" + r + ">").reduce("", String::concat);
            assertEquals(prefix, world.scanObject(mine, String::concat), "scanObject");
            Optional<String> ex = world.exscanObject(mine, String::concat);
            assertEquals(me == 0 ? Optional.empty() : Optional.of(prefix.substring(0, prefix.length() - mine.length())), ex, "exscanObject");
            int total = world.allreduceObject(me, Integer::sum);
            assertEquals(n * (n - 1) / 2, total, "allreduceObject(rank, Integer::sum)");
            return null;
        });
    }

    /**
     * The nonblocking object collectives, several outstanding at once (started in the same order on
     * every rank) and completed in reverse order, give the blocking results.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 7, 16})
    public void nonblockingObjectCollectives(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int root = n - 1;
            boolean isRoot = me == root;
            Request<Map<String, Integer>> b = world.ibcastObject(isRoot ? Map.of("x", 42) : null, root);
            Request<Item> s = world.iscatterObject(isRoot ? IntStream.range(0, n).mapToObj(Item::of).toList() : null, root);
            Request<List<Integer>> g = world.igatherObject(me, root);
            Request<List<Integer>> ag = world.iallgatherObject(me * me);
            Request<List<String>> a2a = world.ialltoallObject(IntStream.range(0, n).mapToObj(j -> me + "->" + j).toList());
            Request<Optional<String>> red = world.ireduceObject("" + me, String::concat, root);
            Request<String> ar = world.iallreduceObject("" + me, String::concat);
            Request<String> sc = world.iscanObject("" + me, String::concat);
            Request<Optional<String>> ex = world.iexscanObject("" + me, String::concat);

            String digits = IntStream.range(0, n).mapToObj(Integer::toString).reduce("", String::concat);
            String upToMe = IntStream.rangeClosed(0, me).mapToObj(Integer::toString).reduce("", String::concat);
            assertEquals(me == 0 ? Optional.empty() : Optional.of(upToMe.substring(0, upToMe.length() - ("" + me).length())), ex.await());
            assertEquals(upToMe, sc.await());
            assertEquals(digits, ar.await());
            assertEquals(isRoot ? Optional.of(digits) : Optional.empty(), red.await());
            assertEquals(IntStream.range(0, n).mapToObj(i -> i + "->" + me).toList(), a2a.await());
            assertEquals(IntStream.range(0, n).map(i -> i * i).boxed().toList(), ag.await());
            assertEquals(isRoot ? IntStream.range(0, n).boxed().toList() : List.of(), g.await());
            assertEquals(Item.of(me), s.await());
            assertEquals(Map.of("x", 42), b.await());
            return null;
        });
    }

    /**
     * Object collectives reject an invalid root with {@link ErrorClass#ERR_ROOT} and a scatter list
     * of the wrong size with {@link ErrorClass#ERR_COUNT} at the root, and an object that cannot be
     * serialized fails; the communicator stays usable.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void objectCollectiveErrors(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            assertMpiError(ErrorClass.ERR_ROOT, () -> world.bcastObject("x", n));
            assertMpiError(ErrorClass.ERR_ROOT, () -> world.gatherObject("x", -1));
            assertMpiError(ErrorClass.ERR_ROOT, () -> world.reduceObject("x", String::concat, n + 3));
            assertMpiError(ErrorClass.ERR_ROOT, () -> world.iscatterObject(List.of(), -2));
            if (world.rank() == 0) {
                assertMpiError(ErrorClass.ERR_COUNT, () -> world.scatterObject(List.of(), 0));
            }
            assertThrows(RuntimeException.class, () -> world.allgatherObject(new Object()), "a non-serializable object");
            assertCollectiveWorks(world);
            assertTrue(world.allgatherObject(1).size() == n);
            return null;
        });
    }
}
