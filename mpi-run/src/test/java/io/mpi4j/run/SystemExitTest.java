package io.mpi4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.run.programs.ExitingRank;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rank's {@code System.exit} ends every {@code sim} rank (they share the JVM): the launcher, run
 * as its own process here, must end the job as failed with a message, not with the status the
 * rank passed (0 would read as success, 3 as a deadlock).
 */
class SystemExitTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRankCallingSystemExitFailsTheJob() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Mpi4jRun.class.getName(),
                "-n", "2", "-cp", LauncherTest.testClasses(), ExitingRank.class.getName()))
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(100, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the launcher hung:\n" + out);
        assertEquals(Launcher.EXIT_FAILURE, p.exitValue(), out);
        assertTrue(out.contains("the JVM is exiting before the job finished"), out);
        assertFalse(out.contains("rank 0 received"), out);
    }
}
