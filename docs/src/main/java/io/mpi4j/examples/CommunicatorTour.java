package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.DistGraphComm;
import io.mpi4j.GraphComm;
import io.mpi4j.Group;
import io.mpi4j.Info;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.SplitType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A tour of communicators, groups, attributes, intercommunicators and topologies, one section per
 * tagged region of the user guide's chapter "Communicators, groups and topologies". Every rank
 * prints one line per section. Written for 4 ranks; it runs on any even number of at least 4.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.CommunicatorTour
 * }
 */
public final class CommunicatorTour {
    private CommunicatorTour() {
    }

    /**
     * Runs the tour on every rank.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            groups(world);
            split(world);
            createFromGroups(world);
            attributes(world);
            intercommunicators(world);
            graphs(world);
        }
    }

    /**
     * Group operations: all local, no communication.
     *
     * @param world the world communicator
     */
    static void groups(Intracomm world) {
        // tag::groups[]
        Group all = world.group();                                       // the members of world, in rank order
        Group evens = all.incl(IntStream.range(0, all.size()).filter(r -> r % 2 == 0).toArray());
        Group odds = all.difference(evens);
        Group firstTwo = all.rangeIncl(new int[] {0, 1, 1});                   // {first, last, stride}
        Group evensThenOdds = evens.union(odds);                          // same members as all, other order
        int[] inWorld = Group.translateRanks(odds, new int[] {0, 1}, all);     // odds' ranks 0 and 1 in world: {1, 3}
        System.out.println("groups: evens " + Arrays.toString(evens.processIds())
                + ", my rank in evens " + (evens.rank() == Mpi.UNDEFINED ? "UNDEFINED" : evens.rank())
                + ", odds' 0 and 1 are world's " + Arrays.toString(inWorld)
                + ", evens & first two " + Arrays.toString(evens.intersection(firstTwo).processIds())
                + ", evens + odds vs world " + evensThenOdds.compare(all));
        // end::groups[]
    }

    /**
     * Duplicating, splitting and comparing communicators; names; idup.
     *
     * @param world the world communicator
     */
    static void split(Intracomm world) {
        int rank = world.rank();
        // tag::split[]
        try (Intracomm pair = world.split(rank / 2, rank).orElseThrow();             // {0, 1}, {2, 3}, ...
             Intracomm reversed = world.split(0, -rank).orElseThrow();                // everyone, ordered by key
             Intracomm copy = world.dup();
             Intracomm node = world.splitType(SplitType.SHARED, 0).orElseThrow()) {  // on sim: the whole world
            Optional<Intracomm> evensOnly = world.split(rank % 2 == 0 ? 0 : Mpi.UNDEFINED, rank);
            copy.setName("copy of world");
            System.out.println("split: pair rank " + pair.rank() + " of " + pair.size()
                    + ", reversed rank " + reversed.rank()
                    + ", world vs world " + world.compare(world) + ", vs '" + copy.name() + "' " + world.compare(copy)
                    + ", vs reversed " + world.compare(reversed) + ", vs pair " + world.compare(pair)
                    + ", node size " + node.size() + ", evens only " + evensOnly.map(c -> "size " + c.size()).orElse("empty"));
            evensOnly.ifPresent(Intracomm::close);
        }
        // end::split[]
        // tag::idup[]
        try (Intracomm background = world.idup().await()) {                           // nonblocking duplicate
            System.out.println("idup: " + world.compare(background));
        }
        // end::idup[]
    }

    /**
     * Creating communicators from groups: create (collective) and createGroup (members only).
     *
     * @param world the world communicator
     */
    static void createFromGroups(Intracomm world) {
        int rank = world.rank();
        // tag::create[]
        Group all = world.group();
        Group evens = all.rangeIncl(new int[] {0, all.size() - 1, 2});
        // create: every rank of world calls it with the same group; non-members get Optional.empty()
        Optional<Intracomm> evenComm = world.create(evens);
        String created = evenComm.map(c -> "rank " + c.rank() + " of " + c.size()).orElse("empty");
        evenComm.ifPresent(Intracomm::close);

        // createGroup: only the members call it, so different groups can be created at the same time
        Group mine = rank < 2 ? all.incl(0, 1) : all.excl(0, 1);
        try (Intracomm part = world.createGroup(mine, 5)) {
            int[] sum = new int[1];
            part.allreduce(Buf.of(new int[] {rank}), Buf.of(sum), Op.SUM);
            System.out.println("create: evens " + created + ", createGroup of " + Arrays.toString(mine.processIds())
                    + " sums to " + sum[0]);
        }
        // end::create[]
    }

    /**
     * Attributes cached on communicators, with copy and delete callbacks; predefined keys; info hints.
     *
     * @param world the world communicator
     */
    static void attributes(Intracomm world) {
        // tag::attributes[]
        List<String> log = new ArrayList<>();
        Keyval<String> label = Keyval.create(
                (comm, value) -> Optional.of(value + "'"),           // copier: what a dup gets (empty: nothing)
                (comm, value) -> log.add("deleted " + value));       // deleter: on delete, replace or close
        Keyval<String> local = Keyval.create();                     // not copied, nothing to release
        try (Intracomm comm = world.dup()) {
            comm.setAttribute(label, "grid");
            comm.setAttribute(local, "scratch");
            try (Intracomm copy = comm.dup()) {
                log.add("copy has " + copy.attribute(label).orElse("-") + " and " + copy.attribute(local).orElse("-"));
            }                                                         // closing the copy deletes "grid'"
            comm.setAttribute(label, "mesh");                         // replacing deletes "grid"
        }                                                             // closing deletes "mesh"
        int tagUb = world.attribute(Keyval.TAG_UB).orElseThrow();   // predefined, read-only
        // end::attributes[]
        // tag::info[]
        try (Info hints = Info.create()) {
            hints.set("mpi_assert_no_any_tag", "true");
            world.setInfo(hints);                                     // copied: hints can be closed at once
        }
        try (Info got = world.info()) {                               // a new object, owned by the caller
            log.add("hint " + got.get("mpi_assert_no_any_tag").orElse("unset"));
        }
        // end::info[]
        System.out.println("attributes: " + String.join(", ", log) + ", TAG_UB >= 32767 " + (tagUb >= 32767));
    }

    /**
     * Intercommunicator collectives between the even and the odd ranks of the world.
     *
     * @param world the world communicator
     */
    static void intercommunicators(Intracomm world) {
        int rank = world.rank();
        boolean even = rank % 2 == 0;
        // tag::intercomm[]
        try (Intracomm half = world.split(even ? 0 : 1, rank).orElseThrow();
             // leaders: local rank 0 of each half, i.e. world ranks 0 and 1; peer ranks are world ranks
             Intercomm bridge = half.createIntercomm(0, world, even ? 1 : 0, 42)) {
            int[] value = {even && half.rank() == 0 ? 7 : 0};
            // bcast from the evens' rank 0 to every odd rank: ROOT at the root, PROC_NULL in the rest of its group,
            // and in the other group the root's rank in the remote group
            int root = even ? (half.rank() == 0 ? Mpi.ROOT : Mpi.PROC_NULL) : 0;
            bridge.bcast(Buf.of(value), root);

            // allreduce: each group gets the reduction of the other group's operands
            int[] otherSum = new int[1];
            bridge.allreduce(Buf.of(new int[] {rank}), Buf.of(otherSum), Op.SUM);

            // point-to-point: ranks name processes of the remote group
            int[] partner = new int[1];
            bridge.sendrecv(Buf.of(new int[] {rank}), half.rank(), 0, Buf.of(partner), half.rank(), 0);
            System.out.println("intercomm: remote size " + bridge.remoteSize() + ", bcast " + value[0]
                    + ", other group's sum " + otherSum[0] + ", partner " + partner[0]);
        }
        // end::intercomm[]
    }

    /**
     * Graph and distributed graph topologies, and a sub-grid of a Cartesian one.
     *
     * @param world the world communicator
     */
    static void graphs(Intracomm world) {
        int n = world.size();
        int rank = world.rank();
        // tag::graph[]
        // a star: node 0 is linked to every other node, and each of them to node 0
        int[] index = new int[n];
        int[] edges = new int[2 * (n - 1)];
        index[0] = n - 1;
        for (int i = 0; i < n - 1; i++) {
            edges[i] = i + 1;                                       // node 0's neighbours: 1, 2, ..., n-1
        }
        for (int i = 1; i < n; i++) {
            index[i] = index[i - 1] + 1;
            edges[n - 2 + i] = 0;                                   // node i's single neighbour: 0
        }
        String star;
        try (GraphComm graph = world.createGraph(index, edges, false).orElseThrow()) {
            int[] got = new int[graph.neighborCount(rank)];
            graph.neighborAllgather(Buf.of(new int[] {rank * rank}), Buf.of(got));
            star = Arrays.toString(got);
        }

        // a directed ring, each rank naming only its own edges
        try (DistGraphComm ring = world.createDistGraphAdjacent(new int[] {(rank + n - 1) % n}, null,
                new int[] {(rank + 1) % n}, null, false)) {
            int[] fromLeft = new int[1];
            ring.neighborAllgather(Buf.of(new int[] {rank}), Buf.of(fromLeft));
            System.out.println("graph: star got " + star + ", ring in " + Arrays.toString(ring.sources())
                    + " out " + Arrays.toString(ring.destinations()) + " got " + fromLeft[0]);
        }
        // end::graph[]
        // tag::sub[]
        int[] dims = CartComm.computeDims(n, new int[] {0, 2});          // two columns: {n / 2, 2}
        try (CartComm grid = world.createCart(dims, new boolean[] {false, false}, false).orElseThrow();
             CartComm column = grid.sub(true, false)) {                 // keep dimension 0: one communicator per column
            int[] sum = new int[1];
            column.allreduce(Buf.of(new int[] {rank}), Buf.of(sum), Op.SUM);
            System.out.println("sub: column " + grid.coords()[1] + " of " + Arrays.toString(dims) + ": rank " + column.rank()
                    + " of " + column.size() + ", ranks sum to " + sum[0] + ", below " + grid.shift(0, 1).dest());
        }
        // end::sub[]
    }
}
