package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher itself is interrupted ({@code SIGINT}, {@code SIGTERM}) or killed ({@code SIGKILL})
 * while its ranks run: it exits non-zero without hanging, and leaves no job directory and no rank
 * JVM behind.
 */
@Timeout(120)
class ShmLauncherSignalTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CP = System.getProperty("java.class.path");

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM", "KILL"})
    void anInterruptedLauncherLeavesNothingBehind(String signal, @TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "no kill command");
        String marker = UUID.randomUUID().toString();
        // env --default-signal: a JVM keeps SIGINT ignored if it starts with it ignored, as under a
        // non-interactive shell's background job (which is how builds often run)
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM", JAVA, "-cp", CP,
                ShmLauncher.class.getName(), "-n", "3", "--tmpdir", tmp.toString(), "-cp", CP, Faulty.class.getName(),
                "hang", marker));
        Process launcher = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
            int ready = 0;
            for (String line; ready < 3 && (line = out.readLine()) != null;) {
                if (line.matches("\\[\\d] ready")) {
                    ready++;
                }
            }
            assertEquals(3, ready, "the ranks did not start");
            Thread.ofPlatform().daemon().start(() -> drain(out));
            long pid = launcher.pid();
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
            assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "the launcher did not exit after SIG" + signal);
            assertNotEquals(0, launcher.exitValue());
            assertTrue(eventually(() -> !anyAlive(marker)), "a rank JVM outlived the launcher (SIG" + signal + ")");
            assertTrue(eventually(() -> isEmpty(tmp)), "files left in the job directory's parent: " + list(tmp));
        } finally {
            launcher.destroyForcibly();
            ProcessHandle.allProcesses().filter(p -> hasMarker(p, marker)).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the ranks' output after the signal is not checked
            }
        } catch (IOException ignored) {
            // the launcher is gone
        }
    }

    /** Waits up to 10 s for a condition. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static boolean hasMarker(ProcessHandle p, String marker) {
        return p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false);
    }

    private static boolean anyAlive(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && hasMarker(p, marker));
    }

    private static boolean isEmpty(Path dir) {
        return list(dir).isEmpty();
    }

    private static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of(dir);
        }
    }
}
