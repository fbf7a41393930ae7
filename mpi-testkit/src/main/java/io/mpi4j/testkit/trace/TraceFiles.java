package io.mpi4j.testkit.trace;

import io.mpi4j.sim.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Trace} as {@code NAME.trace.json} (Chrome/Perfetto) and {@code NAME.svg} in a
 * directory.
 *
 * {@snippet :
 * Sim.builder().ranks(2).buffering(Buffering.zero())
 *         .trace(t -> TraceFiles.write(t, Path.of("target/mpi-traces"), "exchange"))
 *         .build().exec(world -> { ... });
 * }
 */
public final class TraceFiles {
    private TraceFiles() {
    }

    /**
     * Writes both files, creating the directory if needed.
     *
     * @param trace the trace
     * @param dir the directory
     * @param name the base name of the files; characters other than letters, digits, {@code -},
     *     {@code _} and {@code .} become {@code _}
     * @return the JSON file and the SVG file
     * @throws UncheckedIOException if a file cannot be written
     */
    public static List<Path> write(Trace trace, Path dir, String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(base + ".trace.json");
            Path svg = dir.resolve(base + ".svg");
            Files.writeString(json, ChromeTrace.render(trace), StandardCharsets.UTF_8);
            Files.writeString(svg, SvgTimeline.render(trace), StandardCharsets.UTF_8);
            return List.of(json, svg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace of " + trace.job() + " to " + dir, e);
        }
    }
}
