package io.mpi4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.run.LauncherTest.Result;
import io.mpi4j.run.programs.FailingRank;
import io.mpi4j.run.programs.Hello;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code mpi4jrun --provider shm}: a JVM per rank, started through the shm launcher. */
class ShmLaunchTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fourRanksRunAsJvmsWithTaggedOutput() {
        long t0 = System.nanoTime();
        Result r = LauncherTest.launchProgram(4, Hello.class, "--provider", "shm", "--timeout", "100s", "--", "a", "b");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.err.println("ShmLaunchTest: a 4-rank shm job of Hello took " + ms + " ms from launch to exit");
        assertEquals(0, r.status(), r.err() + r.out());
        for (int rank = 0; rank < 4; rank++) {
            String line = "[" + rank + "] hello from " + rank + " of 4 args=a,b";
            assertEquals(50, r.outLines().stream().filter(line::equals).count(), line + " in\n" + r.out());
            // standard error travels with standard output, tagged alike
            assertTrue(r.outLines().contains("[" + rank + "] err from " + rank), r.out());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRankThatThrowsFailsTheJobNamingIt() {
        Result r = LauncherTest.launchProgram(3, FailingRank.class, "--provider", "shm", "--timeout", "100s");
        assertEquals(1, r.status(), r.err() + r.out());
        assertTrue(r.err().contains("rank 1 exited with status 1"), r.err());
        assertTrue(r.out().contains("[1] ") && r.out().contains("boom from rank 1"), r.out());
    }

    @Test
    void theShmCommandLineCarriesTheLaunch() {
        LaunchSpec spec = new LaunchSpec(2, "shm", io.mpi4j.sim.Buffering.eager(), io.mpi4j.sim.ThreadKind.VIRTUAL,
                Duration.ofMillis(1500), false, ClassPath.parse(LauncherTest.testClasses()), "com.example.Main", List.of("x"));
        List<String> a = ShmRun.arguments(spec, " -Xmx1g  -Dk=v ");
        assertEquals(List.of("-n", "2", "--timeout", "2", "--no-tag", "--exec"), a.subList(0, 6));
        assertEquals(List.of("-Xmx1g", "-Dk=v", "-cp"), a.subList(7, 10));
        assertTrue(a.get(10).startsWith(LauncherTest.testClasses()), a.get(10));
        assertEquals(List.of("com.example.Main", "x"), a.subList(11, 13));
    }
}
