package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.jni.programs.ThreadLevels;
import io.mpi4j.testkit.launch.MpirunTckRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each thread level a program asks for is the level it gets, and below MULTIPLE (MPI without its
 * own locks, the provider's calls serialized by its gate) the provider's threads still get their
 * calls in while the program's thread waits in a blocking call ({@link ThreadLevels}, 2 ranks).
 */
@ExtendWith(NativeTck.class)
class NativeThreadLevelTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SINGLE", "FUNNELED", "SERIALIZED", "MULTIPLE"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void eachLevelGetsWhatItAskedForAndProviderThreadsProgress(String level) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(MpirunTckRunner.launchCommand(2));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dmpi4j.provider=native",
                "-cp", System.getProperty("java.class.path"), ThreadLevels.class.getName(), level));
        Path log = Files.createTempFile("mpi4j-levels-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "the job hung; output:\n" + out);
            assertEquals(0, p.exitValue(), "exit status; output:\n" + out);
            assertTrue(out.contains("rank 0 ok at " + level) && out.contains("rank 1 ok at " + level), "output:\n" + out);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
