package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gate that serializes MPI calls below MPI_THREAD_MULTIPLE ({@code src/main/c/gate.c}) keeps
 * one thread inside at a time, with a favored thread and without: {@code src/test/c/gate_stress.c},
 * compiled here with the build's MPI compiler and run as a plain process (it calls no MPI function).
 * The favored thread's way in is a handshake whose other half is membarrier(2); the stress program
 * fails within milliseconds when either half is missing (checked by removing each).
 */
class NativeGateTest {
    private static Path program;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void compile() throws IOException, InterruptedException {
        String cc = System.getenv().getOrDefault("MPICC", "mpicc");
        Path jni = Path.of(System.getProperty("java.home"), "include");
        Path out = Path.of("target", "gate-stress");
        Files.createDirectories(out);
        program = out.resolve("gate_stress");
        List<String> cmd = new ArrayList<>(List.of(cc, "-std=c11", "-O2", "-D_GNU_SOURCE", "-I" + jni,
                "-I" + jni.resolve("linux"), "-Isrc/main/c", "src/test/c/gate_stress.c", "src/main/c/gate.c", "-o",
                program.toString(), "-lpthread"));
        Result r;
        try {
            r = run(cmd, 100);
        } catch (IOException e) {
            r = null;
        }
        assumeTrue(r != null, "gate stress test skipped: no MPI C compiler (" + cc + "); " + NativeLibrary.INSTALL);
        assertEquals(0, r.exit, "compiling the gate stress program:\n" + r.output);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"favor", "plain"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void oneThreadInsideAtATime(String mode) throws IOException, InterruptedException {
        for (int round = 0; round < 5; round++) {
            Result r = run(List.of(program.toString(), mode), 60);
            assertEquals(0, r.exit, "round " + round + ":\n" + r.output);
            assertTrue(r.output.startsWith("ok ") && r.output.contains("favored=" + ("favor".equals(mode) ? 1 : 0)),
                    "round " + round + " (favored=1 needs membarrier(2), Linux 4.14):\n" + r.output);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + seconds + " s: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
