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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
}
