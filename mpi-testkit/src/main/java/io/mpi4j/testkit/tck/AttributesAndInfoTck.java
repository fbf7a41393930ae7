package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Comm;
import io.mpi4j.ErrorClass;
import io.mpi4j.Info;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Mpi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of attribute caching (MPI-4.1 §7.7) and info objects (MPI-4.1 §10): copy callbacks
 * on {@code dup}, delete callbacks on replacement, deletion and {@code close}, the predefined
 * read-only attributes of the world (MPI-4.1 §9.1.2), and {@link Info} objects with their limits
 * and error classes, and a communicator's hints.
 *
 * <p>The callbacks record what they are called with in lists local to each rank.
 */
public abstract class AttributesAndInfoTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected AttributesAndInfoTck() {
    }

    /** One callback call: which callback, on which communicator, with which value. */
    private record Call(String what, Comm comm, Object value) {
    }

    /**
     * MPI-4.1 §7.7.2 (MPI_Comm_create_keyval): {@code dup} and {@code idup} call each key's copy
     * callback with the old communicator; the duplicate gets what it returns, nothing for an empty
     * result, nothing for keys made by {@code Keyval.create()} (MPI_COMM_NULL_COPY_FN) and the
     * same object for {@code Keyval.copiedOnDup()} (MPI_COMM_DUP_FN); {@code split} and
     * {@code create} copy no attributes; the old communicator's attributes are unchanged.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void copyCallbacksRunOnDup(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            List<Call> calls = new ArrayList<>();
            Keyval<String> primed = Keyval.create((c, v) -> {
                calls.add(new Call("copy", c, v));
                return Optional.of(v + "'");
            }, (c, v) -> calls.add(new Call("delete", c, v)));
            Keyval<String> dropped = Keyval.create((c, v) -> {
                calls.add(new Call("copy", c, v));
                return Optional.empty();
            }, (c, v) -> calls.add(new Call("delete", c, v)));
            Keyval<String> nullCopy = Keyval.create();
            Keyval<List<Integer>> shared = Keyval.copiedOnDup();
            List<Integer> sharedValue = new ArrayList<>(List.of(me));
            try (Intracomm base = world.dup()) {
                base.setAttribute(primed, "p" + me);
                base.setAttribute(dropped, "d" + me);
                base.setAttribute(nullCopy, "n" + me);
                base.setAttribute(shared, sharedValue);
                try (Intracomm dup = base.dup()) {
                    assertEquals(2, calls.size(), "one copy call per key with a copier: " + calls);
                    for (Call c : calls) {
                        assertEquals("copy", c.what());
                        assertSame(base, c.comm(), "the copier gets the old communicator");
                    }
                    assertEquals(Optional.of("p" + me + "'"), dup.attribute(primed));
                    assertEquals(Optional.empty(), dup.attribute(dropped), "an empty copy leaves no attribute");
                    assertEquals(Optional.empty(), dup.attribute(nullCopy), "Keyval.create() does not copy");
                    assertSame(sharedValue, dup.attribute(shared).orElseThrow(), "copiedOnDup shares the value");
                    try (Intracomm dupOfDup = dup.idup().await()) {
                        assertEquals(Optional.of("p" + me + "''"), dupOfDup.attribute(primed), "idup copies too");
                        assertSame(sharedValue, dupOfDup.attribute(shared).orElseThrow());
                    }
                    assertEquals(Optional.of("p" + me), base.attribute(primed), "the old communicator keeps its value");
                    assertEquals(Optional.of("n" + me), base.attribute(nullCopy));
                }
                try (Intracomm split = base.split(0, 0).orElseThrow(); Intracomm created = base.create(base.group()).orElseThrow()) {
                    for (Intracomm c : new Intracomm[] {split, created}) {
                        assertEquals(Optional.empty(), c.attribute(primed), "only duplication copies attributes");
                        assertEquals(Optional.empty(), c.attribute(shared));
                    }
                }
                assertEquals(Optional.empty(), world.attribute(primed), "attributes belong to one communicator");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.7.2 (MPI_Comm_set_attr, MPI_Comm_delete_attr): setting a key that has a value
     * first calls the delete callback on the old value; deleting calls it once and leaves no
     * value; deleting a key without a value raises ERR_KEYVAL; a key can be set again after.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2})
    public void replaceAndDeleteCallTheDeleter(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            List<Call> calls = new ArrayList<>();
            Keyval<Integer> key = Keyval.create((c, v) -> Optional.of(v), (c, v) -> calls.add(new Call("delete", c, v)));
            try (Intracomm comm = world.dup()) {
                comm.setAttribute(key, me);
                assertEquals(Optional.of(me), comm.attribute(key));
                assertTrue(calls.isEmpty(), "setting a new key calls no deleter");
                comm.setAttribute(key, me + 100);
                assertEquals(List.of(new Call("delete", comm, me)), calls, "replacing deletes the old value");
                assertEquals(Optional.of(me + 100), comm.attribute(key));
                comm.deleteAttribute(key);
                assertEquals(List.of(new Call("delete", comm, me), new Call("delete", comm, me + 100)), calls);
                assertEquals(Optional.empty(), comm.attribute(key));
                assertMpiError(ErrorClass.ERR_KEYVAL, () -> comm.deleteAttribute(key));
                assertEquals(2, calls.size(), "a failed delete calls no deleter");
                comm.setAttribute(key, 7);
                assertEquals(Optional.of(7), comm.attribute(key));
                calls.clear();
            }
            assertEquals(1, calls.size(), "close deletes the remaining value");
            assertEquals(7, calls.getFirst().value());
            return null;
        });
    }

    /**
     * MPI-4.1 §7.7.2 (MPI_Comm_free calls the delete callbacks): closing a communicator calls each
     * key's deleter once with the closing communicator, in the reverse order in which the keys were
     * set (the order MPI prescribes for {@code MPI_COMM_SELF} at finalization, which this API
     * applies to every {@code close}), and a second {@code close} calls none.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void closeDeletesInReverseOrder(int ranks) {
        run(ranks, OPTIONS, world -> {
            List<Call> calls = new ArrayList<>();
            List<Keyval<String>> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                keys.add(Keyval.create((c, v) -> Optional.of(v), (c, v) -> calls.add(new Call("delete", c, v))));
            }
            Intracomm comm = world.dup();
            comm.setAttribute(keys.get(2), "c");
            comm.setAttribute(keys.get(0), "a");
            comm.setAttribute(keys.get(3), "d");
            comm.setAttribute(keys.get(1), "b");
            comm.close();
            assertEquals(List.of("b", "d", "a", "c"), calls.stream().map(Call::value).toList());
            for (Call c : calls) {
                assertSame(comm, c.comm(), "the deleter gets the closing communicator");
            }
            comm.close();
            assertEquals(4, calls.size(), "closing again calls no deleter");
            return null;
        });
    }

    /**
     * MPI-4.1 §7.7: attributes are cached per communicator and per process: values set on one
     * communicator or by one rank are not seen on another, and different keys on one communicator
     * are independent.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void attributesArePerCommunicatorAndProcess(int ranks) {
        run(ranks, OPTIONS, world -> {
            int me = world.rank();
            Keyval<Integer> a = Keyval.create();
            Keyval<Integer> b = Keyval.create();
            assertFalse(a.isPredefined());
            try (Intracomm x = world.dup(); Intracomm y = world.dup()) {
                x.setAttribute(a, me);
                y.setAttribute(a, -me);
                x.setAttribute(b, 10 * me);
                world.setAttribute(a, 5);
                assertEquals(Optional.of(me), x.attribute(a));
                assertEquals(Optional.of(-me), y.attribute(a));
                assertEquals(Optional.of(10 * me), x.attribute(b));
                assertEquals(Optional.empty(), y.attribute(b));
                x.deleteAttribute(a);
                assertEquals(Optional.of(10 * me), x.attribute(b), "deleting one key leaves the others");
                assertEquals(Optional.of(-me), y.attribute(a));
                int[] all = new int[world.size()];
                world.allgather(io.mpi4j.Buf.of(new int[] {y.attribute(a).orElseThrow()}), io.mpi4j.Buf.of(all));
                for (int r = 0; r < all.length; r++) {
                    assertEquals(-r, all[r], "each process has its own value");
                }
                world.deleteAttribute(a);
                assertEquals(Optional.empty(), world.attribute(a));
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §9.1.2: the world has the predefined attributes TAG_UB (at least 32767, the
     * largest valid tag), UNIVERSE_SIZE (at least the world size), APPNUM (0 for a single
     * program), WTIME_IS_GLOBAL, HOST ({@code PROC_NULL} or a rank) and IO (a rank,
     * {@code ANY_SOURCE} or {@code PROC_NULL}); they are read-only: setting or deleting them raises
     * ERR_KEYVAL and leaves them unchanged.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 4})
    public void predefinedAttributes(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int tagUb = world.attribute(Keyval.TAG_UB).orElseThrow();
            assertTrue(tagUb >= 32767, "TAG_UB=" + tagUb);
            assertEquals(world.mpi().tagUpperBound(), tagUb);
            int universe = world.attribute(Keyval.UNIVERSE_SIZE).orElseThrow();
            assertTrue(universe >= n, "UNIVERSE_SIZE=" + universe + " < world size " + n);
            assertEquals(Optional.of(0), world.attribute(Keyval.APPNUM));
            assertTrue(world.attribute(Keyval.WTIME_IS_GLOBAL).isPresent());
            int host = world.attribute(Keyval.HOST).orElseThrow();
            assertTrue(host == Mpi.PROC_NULL || host >= 0 && host < n, "HOST=" + host);
            int io = world.attribute(Keyval.IO).orElseThrow();
            assertTrue(io == Mpi.ANY_SOURCE || io == Mpi.PROC_NULL || io >= 0 && io < n, "IO=" + io);
            List<Keyval<Integer>> ints = List.of(Keyval.TAG_UB, Keyval.UNIVERSE_SIZE, Keyval.APPNUM, Keyval.HOST, Keyval.IO);
            for (Keyval<Integer> k : ints) {
                assertTrue(k.isPredefined(), k + " is predefined");
                Integer before = world.attribute(k).orElseThrow();
                assertMpiError(ErrorClass.ERR_KEYVAL, () -> world.setAttribute(k, 12345));
                assertMpiError(ErrorClass.ERR_KEYVAL, () -> world.deleteAttribute(k));
                assertEquals(Optional.of(before), world.attribute(k), k + " is unchanged");
            }
            assertTrue(Keyval.WTIME_IS_GLOBAL.isPredefined());
            assertMpiError(ErrorClass.ERR_KEYVAL, () -> world.setAttribute(Keyval.WTIME_IS_GLOBAL, false));
            assertMpiError(ErrorClass.ERR_KEYVAL, () -> world.deleteAttribute(Keyval.WTIME_IS_GLOBAL));
            try (Intracomm dup = world.dup()) {
                assertMpiError(ErrorClass.ERR_KEYVAL, () -> dup.setAttribute(Keyval.TAG_UB, 1));
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §10.1: set, get, delete, the keys in the order they were first set (overwriting
     * keeps the position), {@code dup} gives an independent copy, and a closed object raises
     * ERR_INFO on every use.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2})
    public void infoObjects(int ranks) {
        run(ranks, OPTIONS, world -> {
            Info info = Info.create();
            assertEquals(List.of(), info.keys());
            info.set("b", "1");
            info.set("a", "2");
            info.set("b", "3");
            info.set("rank", Integer.toString(world.rank()));
            assertEquals(List.of("b", "a", "rank"), info.keys());
            assertEquals(Optional.of("3"), info.get("b"));
            assertEquals(Optional.of(Integer.toString(world.rank())), info.get("rank"));
            assertEquals(Optional.empty(), info.get("missing"));
            info.set("empty", "");
            assertEquals(Optional.of(""), info.get("empty"), "an empty value is a value");
            Info copy = info.dup();
            copy.set("a", "changed");
            copy.delete("b");
            assertEquals(Optional.of("2"), info.get("a"), "dup is independent");
            assertEquals(Optional.of("3"), info.get("b"));
            assertEquals(List.of("a", "rank", "empty"), copy.keys());
            info.delete("a");
            assertEquals(List.of("b", "rank", "empty"), info.keys());
            assertMpiError(ErrorClass.ERR_INFO_NOKEY, () -> info.delete("a"));
            Map<String, String> m = new LinkedHashMap<>();
            m.put("x", "1");
            m.put("y", "2");
            try (Info of = Info.of(m)) {
                assertEquals(m, of.toMap());
                assertThrows(UnsupportedOperationException.class, () -> of.toMap().put("z", "3"));
            }
            info.close();
            assertMpiError(ErrorClass.ERR_INFO, () -> info.get("b"));
            assertMpiError(ErrorClass.ERR_INFO, () -> info.set("b", "1"));
            assertMpiError(ErrorClass.ERR_INFO, () -> info.delete("b"));
            assertMpiError(ErrorClass.ERR_INFO, info::keys);
            assertMpiError(ErrorClass.ERR_INFO, info::dup);
            assertMpiError(ErrorClass.ERR_INFO, info::toMap);
            assertEquals(Optional.of("changed"), copy.get("a"), "closing the original leaves the copy");
            copy.close();
            return null;
        });
    }

    /**
     * MPI-4.1 §10.1 (MPI_MAX_INFO_KEY, MPI_MAX_INFO_VAL, §9.4): keys of 1 to {@code MAX_KEY}
     * characters and values up to {@code MAX_VALUE} are accepted; an empty, {@code null} or longer
     * key raises ERR_INFO_KEY, a longer value ERR_INFO_VALUE, and the object is unchanged.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1})
    public void infoLimits(int ranks) {
        run(ranks, OPTIONS, world -> {
            assertTrue(Info.MAX_KEY >= 32, "MPI requires MPI_MAX_INFO_KEY >= 32");
            assertTrue(Info.MAX_VALUE >= 256, "MPI requires MPI_MAX_INFO_VAL >= 256");
            try (Info info = Info.create()) {
                String longestKey = "k".repeat(Info.MAX_KEY);
                String longestValue = "v".repeat(Info.MAX_VALUE);
                info.set(longestKey, longestValue);
                assertEquals(Optional.of(longestValue), info.get(longestKey));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.set(longestKey + "k", "1"));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.set("", "1"));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.set(null, "1"));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.get(longestKey + "k"));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.get(""));
                assertMpiError(ErrorClass.ERR_INFO_KEY, () -> info.delete(""));
                assertMpiError(ErrorClass.ERR_INFO_VALUE, () -> info.set("k", longestValue + "v"));
                assertEquals(List.of(longestKey), info.keys(), "failed calls change nothing");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §7.4.4 (MPI_Comm_set_info, MPI_Comm_get_info): the communicator keeps a copy of the
     * hints it is given, and each {@code info()} returns a new object owned by the caller, so
     * changing or closing either side does not change the communicator's hints; {@code dup}
     * copies the hints to the duplicate; each communicator has its own.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void communicatorHintsAreCopied(int ranks) {
        run(ranks, OPTIONS, world -> {
            try (Intracomm comm = world.dup()) {
                Info hints = Info.create();
                hints.set("mpi_assert_no_any_tag", "true");
                hints.set("mpi4j_tck_rank", Integer.toString(world.rank()));
                comm.setInfo(hints);
                hints.set("mpi_assert_no_any_tag", "false");
                hints.close();
                Info got = comm.info();
                assertEquals(Optional.of("true"), got.get("mpi_assert_no_any_tag"), "setInfo copies");
                assertEquals(Optional.of(Integer.toString(world.rank())), got.get("mpi4j_tck_rank"));
                got.set("mpi_assert_no_any_tag", "changed");
                got.close();
                Info again = comm.info();
                assertEquals(Optional.of("true"), again.get("mpi_assert_no_any_tag"), "info() returns a copy");
                again.close();
                try (Intracomm dup = comm.dup(); Info dupHints = dup.info()) {
                    assertEquals(Optional.of(Integer.toString(world.rank())), dupHints.get("mpi4j_tck_rank"), "dup copies the hints");
                    try (Info other = Info.create()) {
                        other.set("mpi4j_tck_rank", "dup");
                        dup.setInfo(other);
                    }
                    try (Info mine = comm.info(); Info theirs = dup.info()) {
                        assertEquals(Optional.of(Integer.toString(world.rank())), mine.get("mpi4j_tck_rank"));
                        assertEquals(Optional.of("dup"), theirs.get("mpi4j_tck_rank"), "each communicator has its own hints");
                    }
                }
            }
            return null;
        });
    }
}
