package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comparison;
import io.mpi4j.DistGraphComm;
import io.mpi4j.ErrorClass;
import io.mpi4j.GraphComm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.Topology;
import io.mpi4j.VBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of graph and distributed graph topologies (MPI-4.1 §8.5.3, §8.5.4, §8.5.5) and of
 * the neighbourhood collectives on them (§8.6, §8.7): {@code MPI_Graph_create} and its queries,
 * {@code MPI_Dist_graph_create_adjacent} and {@code MPI_Dist_graph_create} with and without
 * weights, and neighbour allgather(v) and alltoall(v) in blocking and nonblocking forms on graphs
 * with self loops, empty neighbourhoods and several edges between the same pair of ranks, where
 * the {@code k}-th edge from {@code a} to {@code b} in {@code a}'s destination order carries the
 * block that {@code b} receives in the slot of its {@code k}-th source edge from {@code a} (the
 * order point-to-point messages between a pair keep).
 */
public abstract class GraphTopologiesTck extends AbstractCommunicatorTck {
    private static final int SENTINEL = -1;

    /** Creates the test instance; subclasses supply the runner. */
    protected GraphTopologiesTck() {
    }

    /**
     * The undirected graph of the {@code MPI_Graph_create} cases on {@code m} nodes: a ring (both
     * directions), a self loop at node 0 and a second edge between nodes 0 and {@code m - 1}.
     *
     * @param m the number of nodes
     * @return the adjacency list of every node
     */
    public static int[][] undirected(int m) {
        int[][] adj = new int[m][];
        for (int i = 0; i < m; i++) {
            List<Integer> l = new ArrayList<>();
            l.add((i + 1) % m);
            if (i == 0) {
                l.add(0);
            }
            if (m >= 3 && i == m - 1) {
                l.add(0);
            }
            l.add((i - 1 + m) % m);
            if (m >= 3 && i == 0) {
                l.add(m - 1);
            }
            adj[i] = l.stream().mapToInt(Integer::intValue).toArray();
        }
        return adj;
    }

    /**
     * The slot of the sender's destinations whose block arrives in slot {@code j} of the receiver:
     * the {@code k}-th edge between the pair on one side matches the {@code k}-th on the other.
     *
     * @param receiver the receiving rank
     * @param sources the receiver's sources in order
     * @param j the receiver's slot
     * @param destinationsOf every rank's destinations in order
     * @return the sender's slot
     */
    public static int senderSlot(int receiver, int[] sources, int j, IntFunction<int[]> destinationsOf) {
        int s = sources[j];
        int k = 0;
        for (int i = 0; i < j; i++) {
            if (sources[i] == s) {
                k++;
            }
        }
        int[] d = destinationsOf.apply(s);
        for (int i = 0; i < d.length; i++) {
            if (d[i] == receiver && k-- == 0) {
                return i;
            }
        }
        throw new AssertionError("no matching edge from " + s + " to " + receiver);
    }

    private static int value(int rank, int slot, int e) {
        return (rank * 100 + slot) * 10 + e;
    }

    /**
     * MPI-4.1 §8.5.3 and §8.5.5 (MPI_Graph_create, MPI_Graph_get, MPI_Graph_neighbors_count,
     * MPI_Graph_neighbors, MPI_Topo_test): ranks beyond the nodes get no communicator; every member
     * sees the whole graph and every node's neighbours in the given order; {@code dup} keeps the
     * topology; an invalid rank raises ERR_RANK and a malformed graph ERR_TOPOLOGY. MPI_Graph_map
     * tells the same node, {@code UNDEFINED} beyond the nodes.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void graphCreateAndQueries(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int m = n >= 3 ? n - 1 : n;
            int[][] adj = undirected(m);
            int[] index = new int[m];
            int[] edges = Arrays.stream(adj).flatMapToInt(IntStream::of).toArray();
            for (int i = 0, sum = 0; i < m; i++) {
                sum += adj[i].length;
                index[i] = sum;
            }
            assertEquals(world.rank() < m ? world.rank() : Mpi.UNDEFINED, world.graphMap(index, edges), "graphMap");
            Optional<GraphComm> g = world.createGraph(index, edges, false);
            assertEquals(world.rank() < m, g.isPresent());
            if (g.isPresent()) {
                try (GraphComm graph = g.get(); GraphComm dup = graph.dup()) {
                    for (GraphComm c : List.of(graph, dup)) {
                        assertEquals(Topology.GRAPH, c.topology());
                        assertArrayEquals(index, c.index());
                        assertArrayEquals(edges, c.edges());
                        for (int i = 0; i < m; i++) {
                            assertArrayEquals(adj[i], c.neighbors(i), "neighbours of node " + i);
                            assertEquals(adj[i].length, c.neighborCount(i));
                        }
                        assertMpiError(ErrorClass.ERR_RANK, () -> c.neighbors(m));
                        assertMpiError(ErrorClass.ERR_RANK, () -> c.neighbors(-1));
                        assertMembers(c, world, identity(m), "graph communicator");
                    }
                    assertEquals(Comparison.CONGRUENT, graph.compare(dup));
                }
            }
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.createGraph(new int[n + 1], new int[0], false));
            assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.createGraph(new int[] {1}, new int[] {n}, false));
            if (n >= 2) {
                assertMpiError(ErrorClass.ERR_TOPOLOGY, () -> world.createGraph(new int[] {1, 0}, new int[] {1}, false));
            }
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §8.6.1 and §8.6.3 on a graph topology (symmetric adjacency, as §8.6 requires): each
     * node sends to and receives from its neighbours in list order, self loops and duplicate edges
     * included, with the blocking and nonblocking allgather and alltoall.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void neighbourCollectivesOnAGraph(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int m = n >= 3 ? n - 1 : n;
            int[][] adj = undirected(m);
            int[] index = new int[m];
            for (int i = 0, sum = 0; i < m; i++) {
                sum += adj[i].length;
                index[i] = sum;
            }
            Optional<GraphComm> g = world.createGraph(index, Arrays.stream(adj).flatMapToInt(IntStream::of).toArray(), false);
            if (g.isPresent()) {
                try (GraphComm graph = g.get()) {
                    int me = graph.rank();
                    checkNeighbourExchange(graph, me, adj[me], adj[me], r -> adj[r], "graph node " + me);
                }
            }
            return null;
        });
    }

    /**
     * Runs neighbour allgather, alltoall and alltoallv (blocking, then nonblocking with two
     * outstanding requests completed in reverse order) and checks every slot against the model.
     */
    private static void checkNeighbourExchange(Intracomm c, int me, int[] sources, int[] destinations, IntFunction<int[]> destinationsOf,
                                               String what) {
        int in = sources.length;
        int out = destinations.length;
        int[] mine = {value(me, 0, 0), value(me, 0, 1)};
        int[] toEach = IntStream.range(0, 2 * out).map(i -> value(me, i / 2, i % 2)).toArray();
        int[] expectGather = IntStream.range(0, 2 * in).map(i -> value(sources[i / 2], 0, i % 2)).toArray();
        int[] expectAll = IntStream.range(0, 2 * in)
                .map(i -> value(sources[i / 2], senderSlot(me, sources, i / 2, destinationsOf), i % 2)).toArray();
        for (boolean nonblocking : new boolean[] {false, true}) {
            String how = what + (nonblocking ? " (nonblocking)" : "");
            int[] g1 = IntercommTck.filled(2 * in, SENTINEL);
            int[] g2 = IntercommTck.filled(2 * in, SENTINEL);
            if (nonblocking) {
                Request<Status> r1 = c.ineighborAllgather(Buf.of(mine), Buf.of(g1));
                Request<Status> r2 = c.ineighborAlltoall(Buf.of(toEach), Buf.of(g2));
                r2.await();
                r1.await();
            } else {
                c.neighborAllgather(Buf.of(mine), Buf.of(g1));
                c.neighborAlltoall(Buf.of(toEach), Buf.of(g2));
            }
            assertArrayEquals(expectGather, g1, "neighborAllgather on " + how);
            assertArrayEquals(expectAll, g2, "neighborAlltoall on " + how);
            // v forms: slot i to destination i carries 1 + i % 3 elements; received at reversed displacements
            int[] sc = IntStream.range(0, out).map(i -> 1 + i % 3).toArray();
            int[] sd = new int[out];
            for (int i = 1; i < out; i++) {
                sd[i] = sd[i - 1] + sc[i - 1];
            }
            int[] send = new int[IntStream.of(sc).sum()];
            for (int i = 0; i < out; i++) {
                for (int e = 0; e < sc[i]; e++) {
                    send[sd[i] + e] = value(me, i, e);
                }
            }
            int[] rc = new int[in];
            int[] rd = new int[in];
            int pos = 0;
            for (int j = in - 1; j >= 0; j--) {
                rc[j] = 1 + senderSlot(me, sources, j, destinationsOf) % 3;
                rd[j] = pos;
                pos += rc[j] + 1;
            }
            int[] got = IntercommTck.filled(pos, SENTINEL);
            int[] expect = IntercommTck.filled(pos, SENTINEL);
            for (int j = 0; j < in; j++) {
                int slot = senderSlot(me, sources, j, destinationsOf);
                for (int e = 0; e < rc[j]; e++) {
                    expect[rd[j] + e] = value(sources[j], slot, e);
                }
            }
            int[] gv = IntercommTck.filled(3 * in, SENTINEL);
            int[] gvc = IntercommTck.filled(in, 2);
            int[] gvd = IntStream.range(0, in).map(j -> 3 * (in - 1 - j)).toArray();
            int[] expectGv = IntercommTck.filled(3 * in, SENTINEL);
            for (int j = 0; j < in; j++) {
                expectGv[gvd[j]] = value(sources[j], 0, 0);
                expectGv[gvd[j] + 1] = value(sources[j], 0, 1);
            }
            if (nonblocking) {
                Request<Status> r1 = c.ineighborAlltoallv(VBuf.of(Buf.of(send), sc, sd), VBuf.of(Buf.of(got), rc, rd));
                Request<Status> r2 = c.ineighborAllgatherv(Buf.of(mine), VBuf.of(Buf.of(gv), gvc, gvd));
                Request.waitAll(r2, r1);
            } else {
                c.neighborAlltoallv(VBuf.of(Buf.of(send), sc, sd), VBuf.of(Buf.of(got), rc, rd));
                c.neighborAllgatherv(Buf.of(mine), VBuf.of(Buf.of(gv), gvc, gvd));
            }
            assertArrayEquals(expect, got, "neighborAlltoallv on " + how);
            assertArrayEquals(expectGv, gv, "neighborAllgatherv on " + how);
        }
    }

    /**
     * The destinations of rank {@code r} in the adjacent distributed graph: {@code r+1} twice and
     * {@code r+2} between them (self edges and duplicate edges on small worlds).
     */
    private static int[] adjacentDestinations(int r, int n) {
        return new int[] {(r + 1) % n, (r + 2) % n, (r + 1) % n};
    }

    private static int[] adjacentSources(int r, int n) {
        return new int[] {Math.floorMod(r - 1, n), Math.floorMod(r - 2, n), Math.floorMod(r - 1, n)};
    }

    /**
     * MPI-4.1 §8.5.4 and §8.5.5 (MPI_Dist_graph_create_adjacent, MPI_Dist_graph_neighbors_count,
     * MPI_Dist_graph_neighbors): each rank sees its sources and destinations in the given order,
     * with the given weights or, unweighted, none; {@code dup} keeps them; invalid ranks
     * raise ERR_RANK and weights of the wrong length ERR_ARG.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void distGraphAdjacent(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] dst = adjacentDestinations(me, n);
            int[] src = adjacentSources(me, n);
            int[] dw = {10 * me + 1, 10 * me + 2, 10 * me + 3};
            int[] sw = {7, 8, 9};
            try (DistGraphComm g = world.createDistGraphAdjacent(src, sw, dst, dw, false); DistGraphComm dup = g.dup()) {
                for (DistGraphComm c : List.of(g, dup)) {
                    assertEquals(Topology.DIST_GRAPH, c.topology());
                    assertTrue(c.isWeighted());
                    assertArrayEquals(src, c.sources());
                    assertArrayEquals(dst, c.destinations());
                    assertArrayEquals(sw, c.sourceWeights());
                    assertArrayEquals(dw, c.destinationWeights());
                    assertEquals(3, c.inDegree());
                    assertEquals(3, c.outDegree());
                }
                assertMembers(g, world, identity(n), "dist graph");
            }
            try (DistGraphComm u = world.createDistGraphAdjacent(src, null, dst, null, false)) {
                assertFalse(u.isWeighted());
                assertArrayEquals(new int[] {1, 1, 1}, u.sourceWeights());
                assertArrayEquals(new int[] {1, 1, 1}, u.destinationWeights());
            }
            assertMpiError(ErrorClass.ERR_RANK, () -> world.createDistGraphAdjacent(new int[] {n}, null, new int[0], null, false));
            assertMpiError(ErrorClass.ERR_RANK, () -> world.createDistGraphAdjacent(new int[0], null, new int[] {-1}, null, false));
            assertMpiError(ErrorClass.ERR_ARG, () -> world.createDistGraphAdjacent(src, new int[] {1}, dst, dw, false));
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.4 (MPI_Dist_graph_create): edges given by any rank reach both ends; each rank's
     * sources and destinations, with their weights, are the model's as multisets (their order is
     * the implementation's); duplicate edges with distinct weights are kept; an unweighted graph
     * reports no weights; mismatched degrees raise ERR_ARG.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void distGraphGeneral(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            // rank r gives the edges of source (r + 1) % n: to r and to (r + 3) % n, and rank 0 a second edge 0 -> n - 1
            List<int[]> all = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                all.add(new int[] {(r + 1) % n, r, 100 + r});
                all.add(new int[] {(r + 1) % n, (r + 3) % n, 200 + r});
            }
            all.add(new int[] {0, n - 1, 999});
            int[] srcs = me == 0 ? new int[] {1 % n, 0} : new int[] {(me + 1) % n};
            int[] degrees = me == 0 ? new int[] {2, 1} : new int[] {2};
            int[] dsts = me == 0 ? new int[] {0, 3 % n, n - 1} : new int[] {me, (me + 3) % n};
            int[] ws = me == 0 ? new int[] {100, 200, 999} : new int[] {100 + me, 200 + me};
            try (DistGraphComm g = world.createDistGraph(srcs, degrees, dsts, ws, false)) {
                assertEquals(Topology.DIST_GRAPH, g.topology());
                assertTrue(g.isWeighted());
                assertEquals(pairs(all.stream().filter(e -> e[1] == me).map(e -> new int[] {e[0], e[2]}).toList()),
                        pairs(zip(g.sources(), g.sourceWeights())), "sources and weights of rank " + me);
                assertEquals(pairs(all.stream().filter(e -> e[0] == me).map(e -> new int[] {e[1], e[2]}).toList()),
                        pairs(zip(g.destinations(), g.destinationWeights())), "destinations and weights of rank " + me);
            }
            try (DistGraphComm u = world.createDistGraph(srcs, degrees, dsts, null, false)) {
                assertFalse(u.isWeighted());
                assertEquals(all.stream().filter(e -> e[1] == me).count(), u.inDegree());
                assertEquals(all.stream().filter(e -> e[0] == me).count(), u.outDegree());
            }
            assertMpiError(ErrorClass.ERR_ARG, () -> world.createDistGraph(new int[] {me}, new int[] {1, 1}, new int[] {me}, null, false));
            assertMpiError(ErrorClass.ERR_ARG, () -> world.createDistGraph(new int[] {me}, new int[] {2}, new int[] {me}, null, false));
            assertMpiError(ErrorClass.ERR_ARG, () -> world.createDistGraph(new int[] {me}, new int[] {-1}, new int[0], null, false));
            assertMpiError(ErrorClass.ERR_RANK, () -> world.createDistGraph(new int[] {n}, new int[] {1}, new int[] {0}, null, false));
            AbstractCollectiveTck.assertCollectiveWorks(world);
            return null;
        });
    }

    /**
     * MPI-4.1 §8.6 and §8.7 on distributed graphs: on the adjacent graph of
     * {@link #distGraphAdjacent} (self edges and duplicate edges) every slot of neighbour
     * allgather(v) and alltoall(v), blocking and nonblocking, holds what the model says; on the
     * general graph of {@link #distGraphGeneral} the blocks arrive in the order its queries report.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    public void neighbourCollectivesOnDistGraphs(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] dst = adjacentDestinations(me, n);
            int[] src = adjacentSources(me, n);
            try (DistGraphComm g = world.createDistGraphAdjacent(src, null, dst, null, false)) {
                checkNeighbourExchange(g, me, src, dst, r -> adjacentDestinations(r, n), "adjacent dist graph, rank " + me);
            }
            int[] srcs = me == 0 ? new int[] {1 % n, 0} : new int[] {(me + 1) % n};
            int[] degrees = me == 0 ? new int[] {2, 1} : new int[] {2};
            int[] dsts = me == 0 ? new int[] {0, 3 % n, n - 1} : new int[] {me, (me + 3) % n};
            try (DistGraphComm g = world.createDistGraph(srcs, degrees, dsts, null, false)) {
                // contents depend only on the pair of ranks, so the pairing of duplicate edges does not matter
                int[] in = g.sources();
                int[] out = g.destinations();
                int[] got = IntercommTck.filled(in.length, SENTINEL);
                g.neighborAllgather(Buf.of(new int[] {me}), Buf.of(got));
                assertArrayEquals(in, got, "neighborAllgather in source order");
                int[] toEach = IntStream.of(out).map(d -> me * 1000 + d).toArray();
                int[] recv = IntercommTck.filled(in.length, SENTINEL);
                g.ineighborAlltoall(Buf.of(toEach), Buf.of(recv)).await();
                assertArrayEquals(IntStream.of(in).map(s -> s * 1000 + me).toArray(), recv, "ineighborAlltoall in source order");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.6.3: the send and receive block sizes of a neighbourhood all-to-all are separate
     * arguments, so a rank without out-neighbours still receives from its in-neighbours: a star
     * where rank 0 sends to every other rank and nobody sends to rank 0.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void neighbourCollectivesWithEmptyNeighbourhoods(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            int[] starDst = me == 0 ? IntStream.range(1, n).toArray() : new int[0];
            int[] starSrc = me == 0 ? new int[0] : new int[] {0};
            try (DistGraphComm star = world.createDistGraphAdjacent(starSrc, null, starDst, null, false)) {
                assertEquals(starSrc.length, star.inDegree());
                assertEquals(starDst.length, star.outDegree());
                checkNeighbourExchange(star, me, starSrc, starDst, r -> r == 0 ? IntStream.range(1, n).toArray() : new int[0], "star, rank " + me);
            }
            return null;
        });
    }

    private static List<int[]> zip(int[] a, int[] b) {
        assertEquals(a.length, b.length, "one weight per edge");
        return IntStream.range(0, a.length).mapToObj(i -> new int[] {a[i], b[i]}).toList();
    }

    private static List<String> pairs(List<int[]> edges) {
        return edges.stream().map(Arrays::toString).sorted().toList();
    }

    /**
     * MPI-4.1 §8.5.3 (MPI_Graph_create with reorder): the provider may place nodes on other
     * processes, but node {@code i} is rank {@code i} of the new communicator, ranks beyond the
     * nodes get none, and a message to each neighbour arrives from the rank the graph names.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 5})
    public void reorderedGraphStaysConsistent(int ranks) {
        run(ranks, OPTIONS, world -> {
            int nodes = Math.max(1, world.size() - 1);
            // a ring over the nodes (a self-loop on one node)
            int[] index = new int[nodes];
            int[] edges = new int[2 * nodes];
            for (int i = 0; i < nodes; i++) {
                index[i] = 2 * (i + 1);
                edges[2 * i] = (i + 1) % nodes;
                edges[2 * i + 1] = (i - 1 + nodes) % nodes;
            }
            Optional<GraphComm> made = world.createGraph(index, edges, true);
            int[] members = {made.isPresent() ? 1 : 0};
            world.allreduce(Buf.IN_PLACE, Buf.of(members), io.mpi4j.Op.SUM);
            assertEquals(nodes, members[0], "processes in the graph");
            if (made.isEmpty()) {
                return null;
            }
            try (GraphComm g = made.get()) {
                int me = g.rank();
                int[] nb = g.neighbors(me);
                assertArrayEquals(new int[] {(me + 1) % nodes, (me - 1 + nodes) % nodes}, nb);
                int[] got = new int[nb.length];
                List<Request<Status>> reqs = new ArrayList<>();
                for (int k = 0; k < nb.length; k++) {
                    reqs.add(g.irecv(Buf.of(got, k, 1), nb[k], 1 - k));
                }
                for (int k = 0; k < nb.length; k++) {
                    g.send(Buf.of(new int[] {me}), nb[k], k);
                }
                Request.waitAll(reqs);
                assertArrayEquals(nb, got, "each neighbour's rank, from that neighbour");
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §8.5.4 (MPI_Dist_graph_create_adjacent and MPI_Dist_graph_create with reorder): the
     * provider may give processes new ranks, but each process keeps its edges: its sources and
     * destinations are reported in the new communicator's ranks, naming the same processes as the
     * ranks the program gave named in the old one (checked through each process's old rank,
     * gathered over the new communicator), and a neighbourhood allgather brings each source's old
     * rank.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3, 5})
    public void reorderedDistGraphsKeepTheirEdges(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            int me = world.rank();
            // a ring, plus an edge from rank 0 to the last rank's neighbour two to the left
            int[] src = me == (n - 2 + n) % n && n > 2 ? new int[] {(me - 1 + n) % n, 0} : new int[] {(me - 1 + n) % n};
            int[] dst = me == 0 && n > 2 ? new int[] {(me + 1) % n, (n - 2 + n) % n} : new int[] {(me + 1) % n};
            for (boolean adjacent : new boolean[] {true, false}) {
                DistGraphComm g = adjacent ? world.createDistGraphAdjacent(src, null, dst, null, true)
                        : world.createDistGraph(new int[] {me}, new int[] {dst.length}, dst, null, true);
                try (g) {
                    int[] oldRankOf = new int[n];
                    g.allgather(Buf.of(new int[] {me}), Buf.of(oldRankOf));
                    int[] sources = g.sources();
                    int[] destinations = g.destinations();
                    int[] sourcesBefore = Arrays.stream(sources).map(r -> oldRankOf[r]).toArray();
                    int[] destinationsBefore = Arrays.stream(destinations).map(r -> oldRankOf[r]).toArray();
                    String how = adjacent ? "adjacent" : "general";
                    if (adjacent) {
                        assertArrayEquals(src, sourcesBefore, how + ": the sources, as old ranks");
                        assertArrayEquals(dst, destinationsBefore, how + ": the destinations, as old ranks");
                    } else {
                        // the general form orders each rank's neighbours as it likes
                        assertEquals(sorted(src), sorted(sourcesBefore), how + ": the sources, as old ranks");
                        assertEquals(sorted(dst), sorted(destinationsBefore), how + ": the destinations, as old ranks");
                    }
                    int[] got = new int[sources.length];
                    g.neighborAllgather(Buf.of(new int[] {me}), Buf.of(got));
                    assertArrayEquals(sourcesBefore, got, how + ": each source's old rank, from that source");
                }
            }
            return null;
        });
    }

    private static List<Integer> sorted(int[] a) {
        return Arrays.stream(a).sorted().boxed().toList();
    }
}
