package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.RankFailedException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collective mismatch check ({@link Capability#COLLECTIVE_MISMATCH_CHECK}, DESIGN §7): MPI-4.1
 * §6.1 requires every rank of a communicator to call the same collectives in the same order with
 * matching roots, operations and type signatures; a program that does not is erroneous. A provider
 * with the check makes such a job fail promptly (well within 5 seconds) with a message that names
 * what the ranks called.
 */
public abstract class CollectiveMismatchTck extends AbstractCollectiveTck {
    private static final long PROMPT_MILLIS = 5_000;

    /** Creates the test instance. */
    protected CollectiveMismatchTck() {
    }

    /** Runs an erroneous job and returns every message of the failure (causes and suppressed included). */
    private String failureOf(int ranks, RankBody<Void> body) {
        assumeCapability(Capability.COLLECTIVE_MISMATCH_CHECK);
        long start = System.nanoTime();
        RuntimeException failure = null;
        try {
            run(ranks, TckOptions.defaults().withTimeout(Duration.ofSeconds(20)), body);
        } catch (RankFailedException | MpiException e) {
            failure = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failure == null) {
            fail("the mismatched collectives completed without an error");
        }
        String text = messages(failure, new IdentityHashMap<>());
        assertTrue(millis < PROMPT_MILLIS, "the mismatch was reported after " + millis + " ms, not promptly: " + text);
        return text;
    }

    private static String messages(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, true) != null) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage())).append('\n');
        b.append(messages(t.getCause(), seen));
        for (Throwable s : t.getSuppressed()) {
            b.append(messages(s, seen));
        }
        return b.toString();
    }

    private static void assertMentions(String text, String... words) {
        for (String w : words) {
            assertTrue(text.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)),
                    () -> "the failure does not mention '" + w + "': " + text);
        }
    }

    /**
     * Rank 0 calls bcast while the others call reduce: the failure names both collectives.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7})
    public void differentCollectives(int ranks) {
        String text = failureOf(ranks, world -> {
            int[] a = new int[2];
            if (world.rank() == 0) {
                world.bcast(Buf.of(a), 0);
            } else {
                world.reduce(Buf.of(a), null, Op.SUM, 0);
            }
            return null;
        });
        assertMentions(text, "bcast", "reduce");
    }

    /**
     * Rank 0 calls allgather and the others barrier, after a successful collective: the failure
     * names both.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void barrierAgainstAllgather(int ranks) {
        String text = failureOf(ranks, world -> {
            world.barrier();
            if (world.rank() == 0) {
                world.allgather(Buf.of(new int[1]), Buf.of(new int[world.size()]));
            } else {
                world.barrier();
            }
            return null;
        });
        assertMentions(text, "allgather", "barrier");
    }

    /**
     * Every rank calls bcast, rank 0 with root 0 and the others with root 1: the failure names the
     * roots.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7})
    public void differentRoots(int ranks) {
        String text = failureOf(ranks, world -> {
            world.bcast(Buf.of(new int[2]), world.rank() == 0 ? 0 : 1);
            return null;
        });
        assertMentions(text, "bcast", "root");
        String lower = text.toLowerCase(Locale.ROOT);
        assertTrue(Pattern.compile("root\\D{0,12}0").matcher(lower).find() && Pattern.compile("root\\D{0,12}1").matcher(lower).find(),
                () -> "the failure does not name both roots 0 and 1: " + text);
    }

    /**
     * Every rank calls allreduce, rank 0 with SUM and the others with MAX: the failure names both
     * operations.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7})
    public void differentOps(int ranks) {
        String text = failureOf(ranks, world -> {
            world.allreduce(Buf.of(new int[2]), Buf.of(new int[2]), world.rank() == 0 ? Op.SUM : Op.MAX);
            return null;
        });
        assertMentions(text, "allreduce", "SUM", "MAX");
    }

    /**
     * Every rank calls allreduce, rank 0 with 1 element and the others with 2: the failure names the
     * counts.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3, 7})
    public void differentCounts(int ranks) {
        String text = failureOf(ranks, world -> {
            int count = world.rank() == 0 ? 1 : 2;
            world.allreduce(Buf.of(new int[count]), Buf.of(new int[count]), Op.SUM);
            return null;
        });
        assertMentions(text, "allreduce", "count");
    }

    /**
     * Every rank calls bcast of 8 bytes, rank 0 as 2 ints and the others as 1 long: the failure
     * names the datatypes.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void differentDatatypes(int ranks) {
        String text = failureOf(ranks, world -> {
            Intracomm c = world;
            c.bcast(world.rank() == 0 ? Buf.of(new int[2]) : Buf.of(new long[1]), 0);
            return null;
        });
        assertMentions(text, "bcast", "INT", "LONG");
    }
}
