package io.mpi4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered set of processes: the members of a communicator, or a set built from others with
 * the group operations (MPI-4.1 §7.3). Groups are immutable values; they are local objects, and
 * building one never communicates.
 *
 * {@snippet :
 * Group world = comm.group();
 * Group evens = world.incl(IntStream.range(0, world.size()).filter(r -> r % 2 == 0).toArray());
 * Optional<Intracomm> evenComm = comm.create(evens);        // present on the even ranks
 * int[] inWorld = Group.translateRanks(evens, new int[] {0, 1}, world);   // {0, 2}
 * }
 *
 * <p>A rank in a group is the position of a process in it. Processes are identified by the
 * provider's process ids (for {@code sim} and {@code native}: their rank in the world).
 */
public final class Group implements AutoCloseable {
    /** The group with no members (MPI_GROUP_EMPTY). */
    public static final Group EMPTY = new Group(new int[0], -1);

    private final int[] members;
    private final int self;

    private Group(int[] members, int self) {
        this.members = members;
        this.self = self;
    }

    /**
     * Creates a group from process ids, as a provider reports a communicator's members.
     *
     * @param processIds the members, in rank order; no duplicates
     * @param selfId the calling process' id (it need not be a member)
     * @return the group
     * @throws MpiException with {@link ErrorClass#ERR_GROUP} if an id appears twice
     */
    public static Group of(int[] processIds, int selfId) {
        int[] m = processIds.clone();
        if (Arrays.stream(m).distinct().count() != m.length) {
            throw new MpiException(ErrorClass.ERR_GROUP, "a group cannot hold a process twice: " + Arrays.toString(m));
        }
        return new Group(m, selfId);
    }

    /**
     * Returns the number of members (MPI_Group_size).
     *
     * @return the size
     */
    public int size() {
        return members.length;
    }

    /**
     * Returns the rank of the calling process in this group (MPI_Group_rank).
     *
     * @return its rank, or {@link Mpi#UNDEFINED} if it is not a member
     */
    public int rank() {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == self) {
                return i;
            }
        }
        return Mpi.UNDEFINED;
    }

    /**
     * Returns the process ids of the members, in rank order.
     *
     * @return a copy of the ids
     */
    public int[] processIds() {
        return members.clone();
    }

    /**
     * Translates ranks of one group to ranks of another (MPI_Group_translate_ranks).
     *
     * @param from the group the ranks belong to
     * @param ranks ranks of {@code from}, or {@link Mpi#PROC_NULL}
     * @param to the group to translate to
     * @return the rank of each process in {@code to}, {@link Mpi#UNDEFINED} where it is not a member,
     *     {@link Mpi#PROC_NULL} for {@code PROC_NULL}
     * @throws MpiException with {@link ErrorClass#ERR_RANK} if a rank is not a rank of {@code from}
     */
    public static int[] translateRanks(Group from, int[] ranks, Group to) {
        Map<Integer, Integer> index = to.index();
        int[] out = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            int r = ranks[i];
            if (r == Mpi.PROC_NULL) {
                out[i] = Mpi.PROC_NULL;
            } else {
                from.checkRank("translateRanks", r);
                out[i] = index.getOrDefault(from.members[r], Mpi.UNDEFINED);
            }
        }
        return out;
    }

    /**
     * Compares two groups (MPI_Group_compare).
     *
     * @param other the other group
     * @return {@link Comparison#IDENT} for the same members in the same order,
     *     {@link Comparison#SIMILAR} for the same members in another order, else {@link Comparison#UNEQUAL}
     */
    public Comparison compare(Group other) {
        if (Arrays.equals(members, other.members)) {
            return Comparison.IDENT;
        }
        if (members.length == other.members.length && index().keySet().equals(other.index().keySet())) {
            return Comparison.SIMILAR;
        }
        return Comparison.UNEQUAL;
    }

    /**
     * The members of this group followed by those of {@code other} that are not in it (MPI_Group_union).
     *
     * @param other the other group
     * @return the union
     */
    public Group union(Group other) {
        Set<Integer> all = new LinkedHashSet<>();
        for (int m : members) {
            all.add(m);
        }
        for (int m : other.members) {
            all.add(m);
        }
        return new Group(all.stream().mapToInt(Integer::intValue).toArray(), self);
    }

    /**
     * The members of this group that are also in {@code other}, in this group's order (MPI_Group_intersection).
     *
     * @param other the other group
     * @return the intersection
     */
    public Group intersection(Group other) {
        Map<Integer, Integer> in = other.index();
        return new Group(Arrays.stream(members).filter(in::containsKey).toArray(), self);
    }

    /**
     * The members of this group that are not in {@code other}, in this group's order (MPI_Group_difference).
     *
     * @param other the other group
     * @return the difference
     */
    public Group difference(Group other) {
        Map<Integer, Integer> in = other.index();
        return new Group(Arrays.stream(members).filter(m -> !in.containsKey(m)).toArray(), self);
    }

    /**
     * The members with the given ranks, in that order (MPI_Group_incl).
     *
     * @param ranks distinct ranks of this group
     * @return the new group: its rank {@code i} is this group's rank {@code ranks[i]}
     * @throws MpiException {@link ErrorClass#ERR_RANK} for a rank outside the group or given twice
     */
    public Group incl(int... ranks) {
        boolean[] seen = new boolean[members.length];
        int[] out = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            checkRank("incl", ranks[i]);
            if (seen[ranks[i]]) {
                throw new MpiException(ErrorClass.ERR_RANK, "incl: rank " + ranks[i] + " is given twice");
            }
            seen[ranks[i]] = true;
            out[i] = members[ranks[i]];
        }
        return new Group(out, self);
    }

    /**
     * The members without the given ranks, in this group's order (MPI_Group_excl).
     *
     * @param ranks distinct ranks of this group
     * @return the new group
     * @throws MpiException {@link ErrorClass#ERR_RANK} for a rank outside the group or given twice
     */
    public Group excl(int... ranks) {
        boolean[] drop = new boolean[members.length];
        for (int r : ranks) {
            checkRank("excl", r);
            if (drop[r]) {
                throw new MpiException(ErrorClass.ERR_RANK, "excl: rank " + r + " is given twice");
            }
            drop[r] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            if (!drop[i]) {
                out.add(members[i]);
            }
        }
        return new Group(out.stream().mapToInt(Integer::intValue).toArray(), self);
    }

    /**
     * The members in the given ranges of ranks, in order (MPI_Group_range_incl).
     *
     * @param ranges triples {@code {first, last, stride}}: ranks {@code first}, {@code first +
     *     stride}, ... as far as {@code last} (included when reached; it need not be a rank itself;
     *     a stride leading away from {@code last} makes the range empty)
     * @return the new group
     * @throws MpiException {@link ErrorClass#ERR_ARG} for a malformed range or zero stride,
     *     {@link ErrorClass#ERR_RANK} for ranks of a range outside the group or given twice
     */
    public Group rangeIncl(int[]... ranges) {
        return incl(expand("rangeIncl", ranges));
    }

    /**
     * The members outside the given ranges of ranks (MPI_Group_range_excl).
     *
     * @param ranges triples {@code {first, last, stride}}
     * @return the new group
     * @throws MpiException as {@link #rangeIncl}
     */
    public Group rangeExcl(int[]... ranges) {
        return excl(expand("rangeExcl", ranges));
    }

    private int[] expand(String op, int[][] ranges) {
        List<Integer> out = new ArrayList<>();
        for (int[] r : ranges) {
            if (r == null || r.length != 3) {
                throw new MpiException(ErrorClass.ERR_ARG, op + ": each range is {first, last, stride}, got "
                        + (r == null ? "null" : Arrays.toString(r)));
            }
            int first = r[0];
            int last = r[1];
            int stride = r[2];
            if (stride == 0) {
                throw new MpiException(ErrorClass.ERR_ARG, op + ": stride 0 in range " + Arrays.toString(r));
            }
            // MPI-4.1 §7.3.2: the ranks are first, first + stride, ... up to last; only those must be
            // ranks of the group (last itself need not be reached); every range starts at first
            checkRank(op, first);
            for (long i = first; stride > 0 ? i <= last : i >= last; i += stride) {
                checkRank(op, (int) i);
                out.add((int) i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void checkRank(String op, int r) {
        if (r < 0 || r >= members.length) {
            throw new MpiException(ErrorClass.ERR_RANK, op + ": rank " + r + " is not a rank of the group (size="
                    + members.length + ")");
        }
    }

    private Map<Integer, Integer> index() {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < members.length; i++) {
            m.put(members[i], i);
        }
        return m;
    }

    /** Frees the group (MPI_Group_free): groups are values, so this only exists for symmetry with MPI. */
    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && Arrays.equals(g.members, members);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(members);
    }

    @Override
    public String toString() {
        return "Group" + Arrays.toString(members);
    }

    static Group requireNonNull(Group g, String op) {
        if (g == null) {
            throw new MpiException(ErrorClass.ERR_GROUP, op + ": null group; use Group.EMPTY for the empty group");
        }
        return Objects.requireNonNull(g);
    }
}
