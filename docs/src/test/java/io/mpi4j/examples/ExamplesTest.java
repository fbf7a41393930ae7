package io.mpi4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.run.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every example of the user guide through the launcher, in-process, and checks its output. */
class ExamplesTest {
    /** The output of one launch: the exit status and the rank-tagged lines. */
    record Output(int status, List<String> lines, String err) {
        List<String> sorted() {
            return lines.stream().sorted().toList();
        }

        List<String> ofRank(int rank) {
            String tag = "[" + rank + "] ";
            return lines.stream().filter(l -> l.startsWith(tag)).map(l -> l.substring(tag.length())).toList();
        }
    }

    static Output launch(int ranks, Class<?> example, String... args) {
        String classes;
        try {
            classes = Path.of(example.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        List<String> argv = new ArrayList<>(List.of("-n", String.valueOf(ranks), "--timeout", "60s", "-cp", classes, example.getName()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Launcher.run(argv.toArray(String[]::new), o, e);
        }
        Output result = new Output(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, result.status(), () -> "exit status; stderr:\n" + result.err() + "\nstdout:\n" + result.lines());
        return result;
    }

    /** Every use of derived types prints what a sequential computation of the same layout gives. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void derivedTypes() {
        for (int n : new int[] {3, 4}) {
            Output out = launch(n, DerivedTypes.class);
            for (int rank = 0; rank < n; rank++) {
                int from = (rank + n - 1) % n;
                double[] column = new double[4];
                for (int i = 0; i < 4; i++) {
                    column[i] = 100 * from + 4 * i + from % 4;
                }
                int[] row0 = new int[n];
                for (int i = 0; i < n; i++) {
                    row0[i] = 10 * rank + 100 * i;
                }
                List<Integer> part = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    if ((k / 2) % n == rank) {
                        part.add(k);
                    }
                }
                List<String> expected = new ArrayList<>();
                expected.add("column from rank " + from + ": " + Arrays.toString(column));
                if (rank == 0) {
                    String ids = String.join(" ", IntStream.range(0, n).mapToObj(r -> String.valueOf(1000 + r)).toList());
                    expected.add("gathered particles " + ids + "; rightmost is particle " + (1000 + n - 1) + " at x=" + (n - 0.5));
                }
                expected.add("transposed row 0: " + Arrays.toString(row0));
                expected.add("my part of the array: " + part);
                assertEquals(expected, out.ofRank(rank), "rank " + rank + " of " + n);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void helloWorld() {
        Output out = launch(4, HelloWorld.class);
        assertEquals(4, out.lines().size(), out.lines()::toString);
        for (int rank = 0; rank < 4; rank++) {
            String line = out.ofRank(rank).getFirst();
            assertTrue(line.startsWith("Hello, World! I am process " + rank + " of 4 on "), line);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ringPassesTheTokenAround() {
        Output out = launch(4, Ring.class);
        assertEquals(List.of("received token 3 from rank 3", "final value 3"), out.ofRank(0));
        for (int rank = 1; rank < 4; rank++) {
            assertEquals(List.of("received token " + (rank - 1) + " from rank " + (rank - 1)), out.ofRank(rank));
        }
        Output from100 = launch(5, Ring.class, "100");
        assertEquals("final value 104", from100.ofRank(0).getLast());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void pingPongMeasuresLatencyAndBandwidth() {
        Output out = launch(2, PingPong.class, "200", "3");
        List<String> lines = out.ofRank(0);
        assertEquals(5, lines.size(), lines::toString);
        Matcher latency = Pattern.compile("latency 8 B: (\\d+\\.\\d+) us \\(half round trip, 200 round trips\\)").matcher(lines.getFirst());
        assertTrue(latency.matches(), lines.getFirst());
        assertTrue(Double.parseDouble(latency.group(1)) > 0);
        List<String> sizes = List.of("1024", "65536", "1048576", "16777216");
        for (int i = 0; i < sizes.size(); i++) {
            Matcher bw = Pattern.compile("bandwidth " + sizes.get(i) + " B: (\\d+\\.\\d+) GB/s \\(3 round trips\\)").matcher(lines.get(i + 1));
            assertTrue(bw.matches(), lines.get(i + 1));
        }
        assertEquals(List.of(), out.ofRank(1));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sendRecvObjects() {
        Output out = launch(4, SendRecvObjects.class);
        assertEquals(List.of("[0] sent {a=7, b=3.14}", "[1] received {a=7, b=3.14}"), out.sorted());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nonblockingObjects() {
        Output out = launch(4, NonblockingObjects.class);
        assertEquals(List.of("sent {a=7, b=3.14}"), out.ofRank(0));
        assertEquals(List.of("received {a=7, b=3.14}", "future completed with 'no wait needed'"), out.ofRank(1));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sendRecvArrays() {
        Output out = launch(4, SendRecvArrays.class);
        assertEquals(List.of("received ints 0, 1, ..., 999", "received doubles 0.0, 1.0, ..., 99.0 (sum 4950.0)"), out.ofRank(1));
        assertEquals(2, out.lines().size(), out.lines()::toString);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pointToPointTour() {
        int n = 4;
        Output out = launch(n, PointToPointTour.class);
        assertTrue(out.ofRank(1).contains("send modes: 4 messages received, the last holds [1, 2, 3]"), out.lines()::toString);
        for (int rank = 0; rank < n; rank++) {
            List<String> mine = out.ofRank(rank);
            int left = (rank + n - 1) % n;
            assertTrue(mine.contains("nonblocking: got " + left * 10 + " from rank " + left), mine::toString);
            assertTrue(mine.contains("isendrecv: got " + (rank + 2 * n - 2) % n * 10 + " from rank " + left), mine::toString);
            assertTrue(mine.contains("persistent: after 3 steps I hold " + (rank + n - 3) % n), mine::toString);
            String procNull = rank == 0 ? "proc null: received -1 from source " + -2 + " (count 0)"
                    : "proc null: received " + (rank - 1) + " from source " + (rank - 1) + " (count 1)";
            assertTrue(mine.contains(procNull), mine::toString);
            assertTrue(mine.stream().anyMatch(l -> l.startsWith("error: ERR_RANK - ")), mine::toString);
        }
        List<String> rank0 = out.ofRank(0);
        for (int source = 1; source < n; source++) {
            assertTrue(rank0.contains("probe: " + source + " ints from rank " + source), rank0::toString);
            assertTrue(rank0.contains("mprobe: " + source + " ints from rank " + source + " with tag 7"), rank0::toString);
        }
        assertTrue(out.ofRank(1).contains("truncated: true"), out.ofRank(1)::toString);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void collectiveObjects() {
        int n = 4;
        Output out = launch(n, CollectiveObjects.class);
        for (int rank = 0; rank < n; rank++) {
            List<String> mine = out.ofRank(rank);
            assertEquals("bcast: {key1=[7, 2.72, 2+3j], key2=[abc, xyz]}", mine.get(0), mine::toString);
            assertEquals("scatter: " + (rank + 1) * (rank + 1), mine.get(1), mine::toString);
            assertEquals("gather: " + (rank == 0 ? "[1, 4, 9, 16]" : "[]"), mine.get(2), mine::toString);
            assertEquals(3, mine.size(), mine::toString);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void collectiveArrays() {
        int n = 4;
        Output out = launch(n, CollectiveArrays.class);
        for (int rank = 0; rank < n; rank++) {
            List<String> mine = out.ofRank(rank);
            assertEquals("bcast: 0, 1, ..., 99 (sum 4950)", mine.get(0), mine::toString);
            assertEquals("scatter: 100 ints, distinct values [" + rank + "]", mine.get(1), mine::toString);
        }
        List<String> root = out.ofRank(0);
        assertEquals(2 + n, root.size(), root::toString);
        for (int row = 0; row < n; row++) {
            assertEquals("gather: row " + row + " holds [" + row + "]", root.get(2 + row));
        }
        assertEquals(2 * n + n, out.lines().size(), out.lines()::toString);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void matVecEqualsTheSequentialProduct() {
        for (int m : new int[] {3, 1, 8}) {
            int ranks = 4;
            int n = m * ranks;
            Output out = m == 3 ? launch(ranks, MatVec.class) : launch(ranks, MatVec.class, String.valueOf(m));
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    y[i] += ((3 * i + 5 * j) % 7) * (double) (j % 4 + 1);
                }
            }
            assertEquals(List.of("y = " + Arrays.toString(y)), out.ofRank(0));
            assertEquals(1, out.lines().size(), out.lines()::toString);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void computePi() {
        Output out = launch(4, ComputePi.class);
        assertEquals(1, out.lines().size(), out.lines()::toString);
        Matcher m = Pattern.compile("pi is approximately (\\d\\.\\d{16}), error is (\\S+) \\(1000000 intervals, 4 ranks\\)")
                .matcher(out.ofRank(0).getFirst());
        assertTrue(m.matches(), out.lines()::toString);
        double pi = Double.parseDouble(m.group(1));
        assertEquals(Math.PI, pi, 1e-6);
        assertEquals(Math.abs(pi - Math.PI), Double.parseDouble(m.group(2)), 1e-15);

        Output coarse = launch(3, ComputePi.class, "1000");
        Matcher c = Pattern.compile("pi is approximately (\\S+), error is \\S+ \\(1000 intervals, 3 ranks\\)").matcher(coarse.ofRank(0).getFirst());
        assertTrue(c.matches(), coarse.lines()::toString);
        double h = 1.0 / 1000, sum = 0;
        for (int i = 0; i < 1000; i++) {
            double x = h * (i + 0.5);
            sum += 4.0 / (1.0 + x * x);
        }
        assertEquals(h * sum, Double.parseDouble(c.group(1)), 1e-12);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pympiExample() {
        int n = 4;
        Output out = launch(n, PympiExample.class);
        for (int rank = 0; rank < n; rank++) {
            List<String> mine = out.ofRank(rank);
            List<String> expected = new ArrayList<>(List.of("bcast: Hello, World!; allgather: [0, 1, 2, 3]"));
            if (rank == 1) {
                expected.add("recv: Hello, 1!");
            }
            expected.add("ireduce: " + (rank == 0 ? "Optional[6]" : "Optional.empty"));
            expected.add("allreduce: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] on 4 ranks");
            assertEquals(expected, mine);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void collectiveTour() {
        int n = 4;
        Output out = launch(n, CollectiveTour.class);
        List<String> root = out.ofRank(0);
        assertTrue(root.contains("gather in place: [0, 1, 4, 9]"), root::toString);
        assertTrue(root.contains("gatherv: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3]"), root::toString);
        for (int rank = 0; rank < n; rank++) {
            int r = rank;
            List<String> mine = out.ofRank(rank);
            List<String> expected = new ArrayList<>();
            expected.add("in place: sum of ranks 6.0, ranks 4.0");
            if (rank == 0) {
                expected.add("gather in place: [0, 1, 4, 9]");
                expected.add("gatherv: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3]");
            }
            expected.add("scatterv: " + Arrays.toString(Collections.nCopies(rank + 1, rank).toArray()));
            expected.add("allgatherv: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3]");
            expected.add("alltoall: [" + rank + ", " + (10 + rank) + ", " + (20 + rank) + ", " + (30 + rank) + "]");
            expected.add("reduceScatterBlock: " + (6 + n * rank));
            expected.add("scan: " + (rank + 1) * (rank + 2) / 2 + ", exscan: " + (rank == 0 ? -1 : rank * (rank + 1) / 2));
            expected.add(String.format("iallreduce: product 24.0 (local work %.3f)", IntStream.rangeClosed(1, 1000).mapToDouble(i -> 1.0 / i).sum()));
            expected.add("persistent: [6, 12, 18]");
            expected.add("user ops: absMax 4.0, first non-zero so far " + (rank == 0 ? 0 : 100));
            expected.add("maxloc: 5.0 at rank 1");
            String prefix = IntStream.rangeClosed(0, r).mapToObj(Integer::toString).reduce("", String::concat);
            List<String> fromEach = IntStream.range(0, n).mapToObj(i -> i + "->" + r).toList();
            expected.add("objects: allreduce 0123, scan " + prefix + ", alltoall " + fromEach);
            assertEquals(expected, mine);
        }
    }
    /**
     * The sequential heat-equation stencil of {@link Stencil2D}, written independently: a periodic
     * grid as a 2-D array, indices wrapped with floorMod.
     */
    static double[][] sequentialStencil(int rows, int cols, int iterations) {
        double[][] u = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                u[i][j] = (7 * i + 13 * j) % 17;
            }
        }
        for (int it = 0; it < iterations; it++) {
            double[][] next = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double north = u[Math.floorMod(i - 1, rows)][j];
                    double south = u[Math.floorMod(i + 1, rows)][j];
                    double west = u[i][Math.floorMod(j - 1, cols)];
                    double east = u[i][Math.floorMod(j + 1, cols)];
                    next[i][j] = u[i][j] + 0.1 * (north + south + west + east - 4 * u[i][j]);
                }
            }
            u = next;
        }
        return u;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void stencil2DEqualsTheSequentialComputation() {
        record Run(int ranks, int rows, int cols, int iterations, String dims) {
        }
        for (Run run : List.of(new Run(4, 12, 12, 20, "2x2"), new Run(1, 12, 12, 20, "1x1"), new Run(6, 10, 7, 15, "3x2"),
                new Run(4, 5, 9, 3, "2x2"))) {
            Output out = run.rows() == 12 && run.cols() == 12 && run.iterations() == 20
                    ? launch(run.ranks(), Stencil2D.class)
                    : launch(run.ranks(), Stencil2D.class, String.valueOf(run.rows()), String.valueOf(run.cols()),
                            String.valueOf(run.iterations()));
            double[][] u = sequentialStencil(run.rows(), run.cols(), run.iterations());
            double checksum = 0;
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < run.rows(); i++) {
                for (int j = 0; j < run.cols(); j++) {
                    checksum += (i * run.cols() + j + 1) * u[i][j];
                    sum += u[i][j];
                    max = Math.max(max, u[i][j]);
                }
            }
            List<String> root = out.ofRank(0);
            assertEquals(3, root.size(), root::toString);
            assertEquals(3, out.lines().size(), out.lines()::toString);
            assertEquals("grid " + run.rows() + "x" + run.cols() + " on " + run.dims() + " ranks, " + run.iterations() + " iterations",
                    root.get(0));
            // every point is computed with the same operations in the same order: the gathered grid is exact
            assertEquals("checksum " + checksum, root.get(2), run::toString);
            Matcher m = Pattern.compile("sum (\\S+), max (\\S+)").matcher(root.get(1));
            assertTrue(m.matches(), root.get(1));
            // the sum is added up in another order across ranks
            assertEquals(sum, Double.parseDouble(m.group(1)), 1e-9 * Math.abs(sum), run::toString);
            assertEquals(max, Double.parseDouble(m.group(2)), run::toString);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void neighborExchangeOnACartesianGrid() {
        for (int ranks : new int[] {4, 6}) {
            Output out = launch(ranks, NeighborExchange.class);
            int[] dims = io.mpi4j.CartComm.computeDims(ranks, 2);
            assertEquals(ranks, out.lines().size(), out.lines()::toString);
            for (int rank = 0; rank < ranks; rank++) {
                int x = rank / dims[1];
                int y = rank % dims[1];
                // dimension 0 is periodic; dimension 1 is not, so its edges have PROC_NULL (-2) neighbours
                int up = Math.floorMod(x - 1, dims[0]) * dims[1] + y;
                int down = Math.floorMod(x + 1, dims[0]) * dims[1] + y;
                int left = y == 0 ? -2 : rank - 1;
                int right = y == dims[1] - 1 ? -2 : rank + 1;
                int[] neighbours = {up, down, left, right};
                int[] allgather = new int[4];
                int[] alltoall = new int[4];
                for (int k = 0; k < 4; k++) {
                    int n = neighbours[k];
                    allgather[k] = n < 0 ? -1 : n;
                    // from the neighbour behind (k even) comes what it sent ahead (its block k + 1), and vice versa
                    alltoall[k] = n < 0 ? -1 : 100 * n + (k % 2 == 0 ? k + 1 : k - 1);
                }
                assertEquals(List.of("coords [" + x + ", " + y + "], neighbours " + Arrays.toString(neighbours) + ", allgather "
                        + Arrays.toString(allgather) + ", alltoall " + Arrays.toString(alltoall)), out.ofRank(rank));
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void masterWorkerOverAnIntercommunicator() {
        Output out = launch(4, MasterWorker.class);
        assertEquals(List.of("sum of squares 1..20 = 2870 (3 workers)", "merged rank 0 of 4: 20 tasks done"), out.ofRank(0));
        List<String> merged = new ArrayList<>();
        for (int rank = 1; rank < 4; rank++) {
            List<String> mine = out.ofRank(rank);
            assertEquals(1, mine.size(), mine::toString);
            merged.add(mine.getFirst());
        }
        // the workers keep their order: world rank r is merged rank r
        assertEquals(List.of("merged rank 1 of 4: 20 tasks done", "merged rank 2 of 4: 20 tasks done",
                "merged rank 3 of 4: 20 tasks done"), merged);

        Output few = launch(5, MasterWorker.class, "3");   // fewer tasks than workers: one worker gets none
        assertEquals("sum of squares 1..3 = 14 (4 workers)", few.ofRank(0).getFirst());
        for (int rank = 0; rank < 5; rank++) {
            assertEquals("merged rank " + rank + " of 5: 3 tasks done", few.ofRank(rank).getLast());
        }
        Output two = launch(2, MasterWorker.class, "100");
        assertEquals(List.of("sum of squares 1..100 = 338350 (1 workers)", "merged rank 0 of 2: 100 tasks done"), two.ofRank(0));
    }
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void communicatorTour() {
        for (int n : new int[] {4, 6}) {
            Output out = launch(n, CommunicatorTour.class);
            int half = n / 2;
            int evenSum = IntStream.range(0, n).filter(r -> r % 2 == 0).sum();
            int oddSum = IntStream.range(0, n).filter(r -> r % 2 == 1).sum();
            int[] dims = {half, 2};
            for (int rank = 0; rank < n; rank++) {
                boolean even = rank % 2 == 0;
                List<String> expected = new ArrayList<>();
                String evens = Arrays.toString(IntStream.range(0, n).filter(r -> r % 2 == 0).toArray());
                expected.add("groups: evens " + evens + ", my rank in evens " + (even ? String.valueOf(rank / 2) : "UNDEFINED")
                        + ", odds' 0 and 1 are world's [1, 3], evens & first two [0], evens + odds vs world SIMILAR");
                expected.add("split: pair rank " + rank % 2 + " of 2, reversed rank " + (n - 1 - rank)
                        + ", world vs world IDENT, vs 'copy of world' CONGRUENT, vs reversed SIMILAR, vs pair UNEQUAL, node size " + n
                        + ", evens only " + (even ? "size " + half : "empty"));
                expected.add("idup: CONGRUENT");
                String group = rank < 2 ? "[0, 1]" : Arrays.toString(IntStream.range(2, n).toArray());
                int groupSum = rank < 2 ? 1 : IntStream.range(2, n).sum();
                expected.add("create: evens " + (even ? "rank " + rank / 2 + " of " + half : "empty") + ", createGroup of " + group
                        + " sums to " + groupSum);
                expected.add("attributes: copy has grid' and -, deleted grid', deleted grid, deleted mesh, hint true, TAG_UB >= 32767 true");
                int partner = even ? rank + 1 : rank - 1;
                expected.add("intercomm: remote size " + half + ", bcast " + (even && rank != 0 ? 0 : 7) + ", other group's sum "
                        + (even ? oddSum : evenSum) + ", partner " + partner);
                String star = rank == 0 ? Arrays.toString(IntStream.range(1, n).map(r -> r * r).toArray()) : "[0]";
                expected.add("graph: star got " + star + ", ring in [" + (rank + n - 1) % n + "] out [" + (rank + 1) % n + "] got "
                        + (rank + n - 1) % n);
                int column = rank % 2;
                int columnSum = IntStream.range(0, n).filter(r -> r % 2 == column).sum();
                int below = rank + 2 < n ? rank + 2 : -2;
                expected.add("sub: column " + column + " of " + Arrays.toString(dims) + ": rank " + rank / 2 + " of " + half
                        + ", ranks sum to " + columnSum + ", below " + below);
                assertEquals(expected, out.ofRank(rank), "rank " + rank + " of " + n);
            }
        }
    }
}
