package io.mpi4j.jmh.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The comparison report of a benchmark run: reads JMH's CSV results and the C reference's output,
 * and writes a Markdown table (provider × benchmark × size, absolute figures and the ratio to C) and
 * charts of the latency and bandwidth curves per provider (DESIGN §8).
 *
 * <pre>
 * java -cp ... io.mpi4j.jmh.report.Report --jmh sim.csv [--jmh shm-2.csv ...] [--c c.txt] --out bench/results [--note text]...
 * </pre>
 *
 * <p>Every figure of the tables carries JMH's 99.9 % confidence half-width over the measurement
 * iterations ({@code ±}), and the charts draw it as error bars. Writes {@code results.md},
 * {@code latency.png}, {@code bandwidth.png} and {@code collectives.png} into the output folder
 * (PNG: XChart's SVG writes every glyph as a path, half a megabyte per chart, too much to commit
 * after every run). The C reference's lines have the form
 * {@code bench impl=openmpi op=pingpong ranks=2 bytes=8 iters=100000 usec=0.241}
 * ({@code bench/c/pingpong.c} and {@code bench/c/collectives.c --suite}).
 */
public final class Report {
    /** Ping-pong sizes up to this many bytes are latency rows, larger ones bandwidth rows. */
    static final long LATENCY_MAX_BYTES = 1024;

    private static final Map<String, String> KINDS = Map.of(
            "BYTES", "byte[]", "DOUBLES", "double[]", "DIRECT", "direct", "SEGMENT", "segment");

    private final List<Result> results;
    private final List<String> notes;

    /**
     * Creates a report of the given figures.
     *
     * @param results the figures of every provider and of C
     * @param notes lines printed under the title (machine, versions, command)
     */
    public Report(List<Result> results, List<String> notes) {
        this.results = List.copyOf(results);
        this.notes = List.copyOf(notes);
    }

    /**
     * Writes the report from the command line.
     *
     * @param args {@code --jmh FILE} (required, repeatable: one file per JMH run), {@code --c FILE}, {@code --out DIR} (default
     *     {@code bench/results}), {@code --note TEXT} (repeatable)
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        List<Path> jmh = new ArrayList<>();
        Path c = null;
        Path out = Path.of("bench/results");
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--jmh" -> jmh.add(Path.of(value));
                case "--c" -> c = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--note" -> notes.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --jmh, --c, --out, --note");
            }
            i++;
        }
        if (jmh.isEmpty()) {
            throw new IllegalArgumentException("missing --jmh FILE (JMH results written with -rf csv)");
        }
        List<Result> all = new ArrayList<>();
        for (Path file : jmh) {
            if (Files.exists(file)) {
                all.addAll(readJmhCsv(Files.readAllLines(file)));
            } else {
                System.err.println("report: no " + file + " (that run failed or was skipped); its columns stay empty");
            }
        }
        if (c != null && Files.exists(c)) {
            all.addAll(readC(Files.readAllLines(c)));
        }
        new Report(all, notes).write(out);
        System.out.println("report: wrote " + out.resolve("results.md") + " and the charts beside it");
    }

    /**
     * Writes {@code results.md} and the charts into {@code dir}, creating it if needed.
     *
     * @param dir the output folder
     * @throws IOException if a file cannot be written
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown());
        XYChart latency = latencyChart();
        XYChart bandwidth = bandwidthChart();
        BitmapEncoder.saveBitmap(latency, dir.resolve("latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(bandwidth, dir.resolve("bandwidth.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(collectivesChart(), dir.resolve("collectives.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    // ---- parsing ----

    /**
     * Reads JMH's CSV result format ({@code -rf csv}) of this module's benchmarks.
     *
     * @param lines the file's lines, header first
     * @return one result per row; rows of unknown benchmarks are skipped
     * @throws IllegalArgumentException if the header lacks a column JMH always writes
     */
    public static List<Result> readJmhCsv(List<String> lines) {
        List<Result> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = csvFields(lines.getFirst());
        int bench = column(header, "Benchmark");
        int score = column(header, "Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = column(header, "Unit");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = csvFields(line);
            Map<String, String> p = new HashMap<>();
            for (int i = 0; i < header.size() && i < f.size(); i++) {
                if (header.get(i).startsWith("Param: ") && !f.get(i).isEmpty()) {
                    p.put(header.get(i).substring(7), f.get(i));
                }
            }
            double scale = switch (f.get(unit)) {
                case "ns/op" -> 1e-3;
                case "us/op" -> 1;
                case "ms/op" -> 1e3;
                case "s/op" -> 1e6;
                default -> throw new IllegalArgumentException("unsupported JMH unit=" + f.get(unit) + "; run in AverageTime mode");
            };
            double micros = Double.parseDouble(f.get(score)) * scale;
            double err = error >= 0 ? parseOrNaN(f.get(error)) * scale : Double.NaN;
            String provider = p.getOrDefault("provider", "sim");
            String name = f.get(bench);
            String simple = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Result r = switch (simple) {
                case "PingPongBenchmark.pingPong", "PingPongBandwidthBenchmark.pingPong" -> new Result(provider, "pingpong", KINDS.getOrDefault(p.get("kind"), p.get("kind")),
                        2, Long.parseLong(p.get("size")), micros, err);
                case "ObjectPingPongBenchmark.pingPong" -> new Result(provider, "object", p.get("object"), 2,
                        "1MiB".equals(p.get("object")) ? 1 << 20 : 0, micros, err);
                case "BarrierBenchmark.barrier" -> new Result(provider, "barrier", "", Integer.parseInt(p.get("ranks")), 0, micros, err);
                case "NoOpBenchmark.invocation" -> new Result(provider, "harness", "", 2, 0, micros, err);
                case "CollectiveBenchmark.collective", "CollectiveLargeBenchmark.collective", "SimScaleBenchmark.collective", "SimHugeScaleBenchmark.collective" -> {
                    String op = p.get("op").toLowerCase(Locale.ROOT);
                    long bytes = op.equals("barrier") ? 0 : p.containsKey("size") ? Long.parseLong(p.get("size")) : 8;
                    String ranks = p.containsKey("ranks") ? p.get("ranks") : p.get("simRanks");
                    yield new Result(provider, op, "", Integer.parseInt(ranks), bytes, micros, err);
                }
                default -> null;
            };
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Reads the C reference's output: lines {@code bench impl=... op=... ranks=... bytes=... usec=...};
     * other lines are skipped.
     *
     * @param lines the output
     * @return one result per measurement line, with provider {@link Result#C}
     */
    public static List<Result> readC(List<String> lines) {
        List<Result> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("bench ")) {
                continue;
            }
            Map<String, String> kv = new HashMap<>();
            for (String field : line.trim().split("\\s+")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    kv.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            out.add(new Result(Result.C, kv.get("op"), "", Integer.parseInt(kv.get("ranks")), Long.parseLong(kv.get("bytes")),
                    Double.parseDouble(kv.get("usec")), Double.NaN));
        }
        return out;
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("JMH CSV without column '" + name + "'; header=" + header);
        }
        return i;
    }

    private static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // ---- the table ----

    /**
     * Returns the report as Markdown: point-to-point latency and bandwidth, objects, collectives,
     * scale, and where each provider stands against the targets of DESIGN §8.
     *
     * @return the Markdown text
     */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# mpi4j benchmarks\n\n");
        for (String n : notes) {
            md.append("- ").append(n).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        md.append("Times are per operation (ping-pong: half a round trip); \"/ C\" is provider ÷ C on the same machine in the same run, ")
                .append("so for times above 1 is slower than C, for bandwidth below 1 is slower. \"±\" is JMH's 99.9 % confidence ")
                .append("half-width over the measurement iterations (C: one timed loop, no error). Charts: [latency](latency.png), ")
                .append("[bandwidth](bandwidth.png), [collectives](collectives.png).\n\n");
        for (Result r : results.stream().sorted(Comparator.comparingInt(r -> providers().indexOf(r.provider()))).toList()) {
            if (r.benchmark().equals("harness")) {
                md.append("Harness cost per JMH invocation on ").append(r.provider())
                        .append(r.provider().equals("sim") ? " (hand-off to rank 0 and back, one control broadcast" : " (one control broadcast")
                        .append("; NoOpBenchmark): ").append(fmtErr(r.micros(), r.error()))
                        .append(" µs, paid once per invocation of 1024 round trips (ping-pong latency), 16 (bandwidth), 256 calls ")
                        .append("(barrier, 8 B collectives), 8 (1 MiB collectives)")
                        .append(r.provider().equals("sim") ? ", 16 (1 024 ranks), 1 (100 000 ranks).\n\n" : ".\n\n");
            }
        }
        List<String> providers = providers();
        List<String[]> p2pColumns = p2pColumns(providers);

        md.append("## Point-to-point latency (µs, half round trip, 2 ranks)\n\n");
        p2pTable(md, p2pColumns, sizes("pingpong", true), false);
        md.append("\n## Point-to-point bandwidth (GB/s, size / half round trip, 2 ranks)\n\n");
        p2pTable(md, p2pColumns, sizes("pingpong", false), true);

        List<Result> objects = results.stream().filter(r -> r.benchmark().equals("object")).toList();
        if (!objects.isEmpty()) {
            md.append("\n## Objects (µs, half round trip, 2 ranks, default codec)\n\n");
            md.append("| provider | object | µs | C bytes of the same size, µs | / C |\n|---|---|---:|---:|---:|\n");
            for (Result r : objects) {
                Optional<Result> c = r.bytes() > 0 ? find(Result.C, "pingpong", "", 2, r.bytes()) : Optional.empty();
                md.append("| ").append(r.provider()).append(" | ").append(r.variant().equals("1MiB") ? "1 MiB double[]" : "small record")
                        .append(" | ").append(fmtErr(r.micros(), r.error())).append(" | ").append(c.map(x -> fmt(x.micros())).orElse("–"))
                        .append(" | ").append(c.map(x -> ratio(r.micros() / x.micros())).orElse("–")).append(" |\n");
            }
        }

        md.append("\n## Collectives (µs per call; size = bytes per rank, per peer for alltoall)\n\n");
        md.append("| collective | size | ranks | ").append(Result.C).append(" |");
        for (String p : providers) {
            md.append(' ').append(p).append(" | / C |");
        }
        md.append("\n|---|---:|---:|---:|");
        md.append("---:|---:|".repeat(providers.size()));
        md.append('\n');
        Set<List<Object>> keys = new LinkedHashSet<>();
        List<String> order = List.of("barrier", "bcast", "allreduce", "allgather", "alltoall");
        results.stream().filter(r -> order.contains(r.benchmark()))
                .sorted(Comparator.comparingInt((Result r) -> order.indexOf(r.benchmark())).thenComparingLong(Result::bytes)
                        .thenComparingInt(Result::ranks))
                .forEach(r -> keys.add(List.of(r.benchmark(), r.bytes(), r.ranks())));
        for (List<Object> k : keys) {
            String op = (String) k.get(0);
            long bytes = (Long) k.get(1);
            int ranks = (Integer) k.get(2);
            Optional<Result> c = find(Result.C, op, "", ranks, bytes);
            md.append("| ").append(op).append(" | ").append(op.equals("barrier") ? "–" : size(bytes)).append(" | ").append(ranks)
                    .append(" | ").append(c.map(x -> fmt(x.micros())).orElse("–")).append(" |");
            for (String p : providers) {
                Optional<Result> v = find(p, op, "", ranks, bytes);
                md.append(' ').append(v.map(x -> fmtErr(x.micros(), x.error())).orElse("–")).append(" | ")
                        .append(v.isPresent() && c.isPresent() ? ratio(v.get().micros() / c.get().micros()) : "–").append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Against the targets of DESIGN §8\n\n");
        targets(md, providers);
        return md.toString();
    }

    private void targets(StringBuilder md, List<String> providers) {
        Optional<Result> cLat = find(Result.C, "pingpong", "", 2, 8);
        Optional<Result> cBw = find(Result.C, "pingpong", "", 2, 16L << 20);
        for (String p : providers) {
            Optional<Result> lat = results.stream()
                    .filter(r -> r.provider().equals(p) && r.benchmark().equals("pingpong") && r.bytes() == 8)
                    .min(Comparator.comparingDouble(Result::micros));
            Optional<Result> bw = results.stream()
                    .filter(r -> r.provider().equals(p) && r.benchmark().equals("pingpong") && r.bytes() == 16L << 20)
                    .max(Comparator.comparingDouble(Result::gigabytesPerSecond));
            double worst = 0;
            String worstName = "";
            for (Result r : results) {
                if (r.provider().equals(p) && r.ranks() >= 4 && r.ranks() <= 16 && !r.benchmark().equals("pingpong")
                        && !r.benchmark().equals("object")) {
                    Optional<Result> c = find(Result.C, r.benchmark(), "", r.ranks(), r.bytes());
                    if (c.isPresent() && r.micros() / c.get().micros() > worst) {
                        worst = r.micros() / c.get().micros();
                        worstName = r.benchmark() + (r.benchmark().equals("barrier") ? "" : " " + size(r.bytes())) + " on " + r.ranks();
                    }
                }
            }
            md.append("- **").append(p).append("**: 8 B latency ")
                    .append(lat.map(r -> fmt(r.micros()) + " µs (" + r.variant() + ")").orElse("not measured"));
            switch (p) {
                case "sim" -> md.append(lat.map(r -> verdict(r.micros() <= 0.5)).orElse("")).append(" (target ≤ 0.5 µs)");
                case "shm" -> md.append(lat.map(r -> verdict(r.micros() <= 2)).orElse("")).append(" (target ≤ 2 µs)");
                case "native" -> {
                    Optional<Result> zeroCopy = results.stream().filter(r -> r.provider().equals(p) && r.benchmark().equals("pingpong")
                            && r.bytes() == 8 && (r.variant().equals("direct") || r.variant().equals("segment")))
                            .min(Comparator.comparingDouble(Result::micros));
                    if (zeroCopy.isPresent() && cLat.isPresent()) {
                        double q = zeroCopy.get().micros() / cLat.get().micros();
                        md.append(", ").append(ratio(q)).append(" C with ").append(zeroCopy.get().variant()).append(verdict(q <= 1.2));
                    }
                    md.append(" (target ≤ 1.2× C)");
                }
                default -> { }
            }
            md.append("; 16 MiB bandwidth ").append(bw.map(r -> fmt(r.gigabytesPerSecond()) + " GB/s (" + r.variant() + ")").orElse("not measured"));
            switch (p) {
                case "sim" -> md.append(bw.map(r -> verdict(r.gigabytesPerSecond() >= 10)).orElse("")).append(" (target ≥ 10 GB/s)");
                case "shm" -> md.append(bw.map(r -> verdict(r.gigabytesPerSecond() >= 5)).orElse("")).append(" (target ≥ 5 GB/s)");
                case "native" -> {
                    Optional<Result> zeroCopy = results.stream().filter(r -> r.provider().equals(p) && r.benchmark().equals("pingpong")
                            && r.bytes() == 16L << 20 && (r.variant().equals("direct") || r.variant().equals("segment")))
                            .max(Comparator.comparingDouble(Result::gigabytesPerSecond));
                    if (zeroCopy.isPresent() && cBw.isPresent()) {
                        double q = zeroCopy.get().gigabytesPerSecond() / cBw.get().gigabytesPerSecond();
                        md.append(", ").append(String.format(Locale.ROOT, "%.0f %%", 100 * q)).append(" of C with ")
                                .append(zeroCopy.get().variant()).append(verdict(q >= 0.95));
                    }
                    md.append(" (target ≥ 95 % of C)");
                }
                default -> { }
            }
            if (!worstName.isEmpty()) {
                md.append("; worst collective on 4–16 ranks ").append(ratio(worst)).append(" C (").append(worstName)
                        .append(")").append(verdict(worst <= 2)).append(" (target ≤ 2×)");
            }
            if (p.equals("sim")) {
                List<Result> huge = results.stream().filter(r -> r.provider().equals(p) && r.ranks() >= 100_000).toList();
                md.append("; 100 000 ranks: ").append(huge.isEmpty() ? "not run (bench/run-benchmarks.sh --huge)"
                        : String.join(", ", huge.stream().map(r -> r.benchmark() + " " + fmt(r.micros() / 1000) + " ms").toList())
                                + " in a 4 GB heap");
            }
            md.append(".\n");
        }
    }

    private static String verdict(boolean met) {
        return met ? " — met" : " — **missed**";
    }

    private void p2pTable(StringBuilder md, List<String[]> columns, List<Long> sizes, boolean bandwidth) {
        md.append("| size | ").append(Result.C).append(" |");
        for (String[] col : columns) {
            md.append(' ').append(col[0]).append(' ').append(col[1]).append(" | / C |");
        }
        md.append("\n|---:|---:|").append("---:|---:|".repeat(columns.size())).append('\n');
        for (long bytes : sizes) {
            Optional<Result> c = find(Result.C, "pingpong", "", 2, bytes);
            md.append("| ").append(size(bytes)).append(" | ").append(c.map(x -> fmt(bandwidth ? x.gigabytesPerSecond() : x.micros())).orElse("–"))
                    .append(" |");
            for (String[] col : columns) {
                Optional<Result> v = find(col[0], "pingpong", col[1], 2, bytes);
                double value = v.map(x -> bandwidth ? x.gigabytesPerSecond() : x.micros()).orElse(Double.NaN);
                double err = v.map(x -> bandwidth ? x.gigabytesPerSecond() * x.error() / x.micros() : x.error()).orElse(Double.NaN);
                md.append(' ').append(v.isPresent() ? fmtErr(value, err) : "–").append(" | ");
                if (v.isPresent() && c.isPresent()) {
                    md.append(ratio(value / (bandwidth ? c.get().gigabytesPerSecond() : c.get().micros())));
                } else {
                    md.append('–');
                }
                md.append(" |");
            }
            md.append('\n');
        }
    }

    private List<String> providers() {
        Set<String> set = new LinkedHashSet<>();
        for (String p : List.of("sim", "shm", "native")) {
            if (results.stream().anyMatch(r -> r.provider().equals(p))) {
                set.add(p);
            }
        }
        results.stream().map(Result::provider).filter(p -> !p.equals(Result.C)).forEach(set::add);
        return List.copyOf(set);
    }

    private List<String[]> p2pColumns(List<String> providers) {
        List<String[]> out = new ArrayList<>();
        for (String p : providers) {
            for (String kind : List.of("byte[]", "double[]", "direct", "segment")) {
                if (results.stream().anyMatch(r -> r.provider().equals(p) && r.benchmark().equals("pingpong") && r.variant().equals(kind))) {
                    out.add(new String[] {p, kind});
                }
            }
        }
        return out;
    }

    private List<Long> sizes(String benchmark, boolean latency) {
        Set<Long> set = new TreeSet<>();
        for (Result r : results) {
            if (r.benchmark().equals(benchmark) && !r.provider().equals(Result.C) && (r.bytes() <= LATENCY_MAX_BYTES) == latency) {
                set.add(r.bytes());
            }
        }
        return List.copyOf(set);
    }

    private Optional<Result> find(String provider, String benchmark, String variant, int ranks, long bytes) {
        return results.stream().filter(r -> r.provider().equals(provider) && r.benchmark().equals(benchmark) && r.variant().equals(variant)
                && r.ranks() == ranks && r.bytes() == bytes).findFirst();
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A figure with its error, {@code 0.41 ±0.02}; just the figure when the error is unknown. */
    static String fmtErr(double v, double err) {
        if (Double.isNaN(err) || Double.isInfinite(err)) {
            return fmt(v);
        }
        return fmt(v) + " ±" + fmt(err);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.2f×", r);
    }

    // ---- the charts ----

    private static final Map<String, java.awt.Color> COLORS = Map.of(
            "sim", new java.awt.Color(0x1f77b4), "shm", new java.awt.Color(0x2ca02c), "native", new java.awt.Color(0xd62728),
            Result.C, java.awt.Color.BLACK);
    private static final Map<String, org.knowm.xchart.style.markers.Marker> MARKERS = Map.of(
            "byte[]", SeriesMarkers.CIRCLE, "double[]", SeriesMarkers.DIAMOND, "direct", SeriesMarkers.SQUARE,
            "segment", SeriesMarkers.TRIANGLE_UP);
    private static final Map<String, java.awt.BasicStroke> LINES = Map.of(
            "byte[]", SeriesLines.SOLID, "double[]", SeriesLines.DOT_DOT, "direct", SeriesLines.DASH_DASH,
            "segment", SeriesLines.DASH_DOT);

    private XYChart latencyChart() {
        XYChart chart = chart("Ping-pong latency (half round trip), 2 ranks", "message size (bytes)", "µs");
        chart.getStyler().setYAxisLogarithmic(true);
        series(chart, true);
        return chart;
    }

    private XYChart bandwidthChart() {
        XYChart chart = chart("Ping-pong bandwidth, 2 ranks", "message size (bytes)", "GB/s");
        series(chart, false);
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        Styler s = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** One curve per provider and memory kind: colour by provider, marker and dash by kind; JMH's error as bars. */
    private void series(XYChart chart, boolean latency) {
        Map<String, List<Result>> lines = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.benchmark().equals("pingpong") && (r.bytes() <= LATENCY_MAX_BYTES) == latency) {
                String name = r.provider().equals(Result.C) ? Result.C : r.provider() + " " + r.variant();
                lines.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Result>> e : lines.entrySet()) {
            List<Result> pts = e.getValue().stream().sorted(Comparator.comparingLong(Result::bytes)).toList();
            double[] x = pts.stream().mapToDouble(Result::bytes).toArray();
            double[] y = pts.stream().mapToDouble(r -> latency ? r.micros() : r.gigabytesPerSecond()).toArray();
            double[] err = new double[pts.size()];
            for (int i = 0; i < err.length; i++) {
                Result r = pts.get(i);
                double e0 = Double.isFinite(r.error()) ? (latency ? r.error() : r.gigabytesPerSecond() * r.error() / r.micros()) : 0;
                // on a logarithmic axis a bar reaching zero or below cannot be drawn: clip it just above zero
                err[i] = Math.min(e0, 0.95 * y[i]);
            }
            Result first = pts.getFirst();
            XYSeries s = chart.addSeries(e.getKey(), x, y, err);
            java.awt.Color color = COLORS.getOrDefault(first.provider(), java.awt.Color.GRAY);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(MARKERS.getOrDefault(first.variant(), SeriesMarkers.CIRCLE));
            s.setLineStyle(first.provider().equals(Result.C) ? new java.awt.BasicStroke(2.5f) : LINES.getOrDefault(first.variant(), SeriesLines.SOLID));
        }
    }

    /**
     * Collectives on 4 ranks (where DESIGN §8 sets its 2× target): time per call of each provider
     * divided by C's, one bar per provider, on a logarithmic axis; without a C figure, the bar is
     * left out.
     */
    private CategoryChart collectivesChart() {
        int ranks = 4;
        List<String> categories = new ArrayList<>();
        List<List<Object>> keys = new ArrayList<>();
        List<String> order = List.of("barrier", "bcast", "allreduce", "allgather", "alltoall");
        results.stream().filter(r -> r.provider().equals(Result.C) && r.ranks() == ranks && order.contains(r.benchmark()))
                .sorted(Comparator.comparingInt((Result r) -> order.indexOf(r.benchmark())).thenComparingLong(Result::bytes))
                .forEach(r -> {
                    keys.add(List.of(r.benchmark(), r.bytes()));
                    categories.add(r.benchmark() + (r.benchmark().equals("barrier") ? "" : " " + size(r.bytes())));
                });
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Collectives on " + ranks + " ranks: time ÷ C Open MPI (below 1 is faster; target ≤ 2)")
                .xAxisTitle("collective, bytes per rank").yAxisTitle("time ÷ C").build();
        CategoryStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        st.setYAxisLogarithmic(true);
        st.setXAxisLabelRotation(30);
        st.setErrorBarsColorSeriesColor(true);
        boolean any = false;
        double lowest = 1;
        for (String p : providers()) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String op = (String) keys.get(i).get(0);
                long bytes = (Long) keys.get(i).get(1);
                Optional<Result> v = find(p, op, "", ranks, bytes);
                Optional<Result> c = find(Result.C, op, "", ranks, bytes);
                if (v.isPresent() && c.isPresent()) {
                    xs.add(categories.get(i));
                    double q = v.get().micros() / c.get().micros();
                    ys.add(q);
                    double e = Double.isFinite(v.get().error()) ? v.get().error() / c.get().micros() : 0;
                    es.add(Math.min(e, 0.95 * q));
                }
            }
            if (xs.size() == keys.size() && !xs.isEmpty()) {
                for (int i = 0; i < ys.size(); i++) {
                    lowest = Math.min(lowest, ys.get(i) - es.get(i));
                }
                var s = chart.addSeries(p, xs, ys, es);
                s.setFillColor(COLORS.getOrDefault(p, java.awt.Color.GRAY));
                any = true;
            }
        }
        // bars grow from the axis minimum, which a logarithmic axis needs above zero: the decade below the lowest bar
        st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
        if (!any) {
            // XChart cannot draw a chart without series: say why on an empty axis instead
            chart.addSeries("no provider with C figures on " + ranks + " ranks", List.of("–"), List.of(1.0));
        }
        return chart;
    }
}
