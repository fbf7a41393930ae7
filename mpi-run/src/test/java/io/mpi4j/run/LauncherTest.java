package io.mpi4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.run.programs.Aborting;
import io.mpi4j.run.programs.Deadlock;
import io.mpi4j.run.programs.FailingRank;
import io.mpi4j.run.programs.Hello;
import io.mpi4j.run.programs.InstanceMain;
import io.mpi4j.run.programs.NoMain;
import io.mpi4j.run.programs.RunFailing;
import io.mpi4j.run.programs.Sleeper;
import io.mpi4j.run.programs.StaticCounter;
import io.mpi4j.run.programs.WildcardOrder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LauncherTest {
    /** The launcher's output: exit status, and the lines written to out and err. */
    record Result(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    static String testClasses() {
        try {
            return Path.of(StaticCounter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Result launch(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Launcher.run(argv, o, e);
        }
        assertTrue(System.out == originalOut && System.err == originalErr, "the original streams are restored");
        Result r = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        return r;
    }

    static Result launchProgram(int ranks, Class<?> program, String... extra) {
        List<String> argv = new ArrayList<>(List.of("-n", String.valueOf(ranks), "-cp", testClasses()));
        int split = extra.length;
        for (int i = 0; i < extra.length; i++) {
            if (extra[i].equals("--")) {
                split = i;
                break;
            }
        }
        argv.addAll(List.of(extra).subList(0, split));
        argv.add(program.getName());
        if (split < extra.length) {
            argv.addAll(List.of(extra).subList(split + 1, extra.length));
        }
        return launch(argv.toArray(String[]::new));
    }

    /** {@code Mpi.run}: a rank whose program throws aborts the job, which fails naming that rank. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void mpiRunAbortsTheJobWhenARankThrows() {
        Result r = launchProgram(3, RunFailing.class);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("rank 1") && r.err().contains("rank 1 gives up"), r.err());
    }

    /**
     * {@code --seed} runs the job on a deterministic schedule: the same seed gives the same
     * wildcard matching every time, and some seeds give other matchings.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void seedReplaysTheWildcardMatching() {
        java.util.Map<Long, String> orders = new java.util.HashMap<>();
        for (long seed = 0; seed < 12; seed++) {
            Result first = launchProgram(4, WildcardOrder.class, "--seed", String.valueOf(seed));
            assertEquals(0, first.status(), first.err());
            Result again = launchProgram(4, WildcardOrder.class, "--seed", String.valueOf(seed));
            assertEquals(first.out(), again.out(), "seed " + seed + " replays the same matching");
            orders.put(seed, first.out().strip());
        }
        assertTrue(new java.util.HashSet<>(orders.values()).size() > 1, "seeds explore other matchings: " + orders);
        Result shm = launch("-n", "2", "--provider", "shm", "--seed", "1", "-cp", testClasses(), WildcardOrder.class.getName());
        assertEquals(2, shm.status(), "a seed needs sim: " + shm.err());
        assertTrue(shm.err().contains("--seed needs the sim provider"), shm.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void staticStateIsPerRank() {
        Result r = launchProgram(4, StaticCounter.class);
        assertEquals(0, r.status(), r.err());
        List<String> expected = IntStream.range(0, 4)
                .mapToObj(rank -> "[" + rank + "] counter=1 rank=" + rank + " ownLoader=true").sorted().toList();
        assertEquals(expected, r.outLines().stream().sorted().toList());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void linesAreTaggedWithTheirRankAndNeverInterleave() {
        Result r = launchProgram(3, Hello.class, "--", "a", "-n", "b");
        assertEquals(0, r.status(), r.err());
        for (int rank = 0; rank < 3; rank++) {
            String line = "[" + rank + "] hello from " + rank + " of 3 args=a,-n,b";
            assertEquals(50, r.outLines().stream().filter(line::equals).count(), r.out());
            assertTrue(r.outLines().contains("[" + rank + "] child of " + rank), "a thread started by a rank writes as that rank");
            assertTrue(r.outLines().contains("[" + rank + "] unfinished " + rank), "the unfinished last line is written at the end");
            assertTrue(r.err().lines().toList().contains("[" + rank + "] err from " + rank), r.err());
        }
        assertEquals(3 * 52, r.outLines().size(), r.out());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void noTagLeavesLinesAsWritten() {
        Result r = launchProgram(2, StaticCounter.class, "--no-tag");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("counter=1 rank=0 ownLoader=true", "counter=1 rank=1 ownLoader=true"),
                r.outLines().stream().sorted().toList());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void platformThreadsAndZeroBufferingWork() {
        Result r = launchProgram(2, StaticCounter.class, "--threads", "PLATFORM", "--buffering", "zero", "--timeout", "20s");
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.outLines().size(), r.out());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFailingRankAbortsTheJobPromptly() {
        long start = System.nanoTime();
        Result r = launchProgram(4, FailingRank.class);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("mpi4jrun: rank 1 failed: java.lang.IllegalStateException: boom from rank 1"), r.err());
        assertTrue(r.err().contains("io.mpi4j.run.programs.FailingRank.main(FailingRank.java:"), "the stack trace is printed: " + r.err());
        assertFalse(r.err().contains("java.lang.reflect.Method.invoke"), "frames below the program's main are trimmed: " + r.err());
        assertTrue(seconds < 10, "aborted after " + seconds + " s");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void abortExitsWithTheGivenCode() {
        Result r = launchProgram(3, Aborting.class);
        assertEquals(7, r.status(), r.err());
        assertTrue(r.err().contains("mpi4jrun: rank 0"), r.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeadlockExitsWith3AndItsReport() {
        Result r = launchProgram(3, Deadlock.class);
        assertEquals(Launcher.EXIT_DEADLOCK, r.status(), r.err());
        assertTrue(r.err().contains("mpi4jrun: deadlock"), r.err());
        assertTrue(r.err().contains("rank 1 blocked in recv(source=2, tag=42"), r.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTimeoutExitsWith4() {
        Result r = launchProgram(2, Sleeper.class, "--timeout", "300ms");
        assertEquals(Launcher.EXIT_TIMEOUT, r.status(), r.err());
        assertTrue(r.err().contains("timed out"), r.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anUnknownClassExitsWith2() {
        Result r = launch("-n", "2", "-cp", testClasses(), "com.example.DoesNotExist");
        assertEquals(Launcher.EXIT_USAGE, r.status(), r.err());
        assertTrue(r.err().contains("main class 'com.example.DoesNotExist' was not found on the class path"), r.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aClassWithoutMainExitsWith2() {
        Result r = launchProgram(2, NoMain.class);
        assertEquals(Launcher.EXIT_USAGE, r.status(), r.err());
        assertTrue(r.err().contains("has no main method; declare 'public static void main(String[] args)'"), r.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anInstanceMainRuns() {
        Result r = launchProgram(2, InstanceMain.class);
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("[0] instance main", "[1] instance main"), r.outLines().stream().sorted().toList());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void badUsageExitsWith2WithAHelpfulMessage() {
        Result missingN = launch("-cp", testClasses(), StaticCounter.class.getName());
        assertEquals(2, missingN.status());
        assertTrue(missingN.err().contains("Missing required option"), missingN.err());
        assertTrue(missingN.err().contains("Usage: mpi4jrun"), missingN.err());

        Result zero = launchProgram(0, StaticCounter.class);
        assertEquals(2, zero.status());
        assertTrue(zero.err().contains("at least 1 rank"), zero.err());

        Result buffering = launchProgram(2, StaticCounter.class, "--buffering", "lots");
        assertEquals(2, buffering.status());
        assertTrue(buffering.err().contains("use infinite, zero, eager or eager:BYTES"), buffering.err());

        Result timeout = launchProgram(2, StaticCounter.class, "--timeout", "soon");
        assertEquals(2, timeout.status());
        assertTrue(timeout.err().contains("invalid timeout 'soon'"), timeout.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void nativeIsNotAvailableFromTheLauncher() {
        Result r = launchProgram(2, StaticCounter.class, "--provider", "native");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("'native' is not available from the launcher") && r.err().contains("mpiexec"), r.err());
        assertEquals(0, launchProgram(2, StaticCounter.class, "--provider", "sim").status());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void helpListsTheOptions() {
        Result r = launch("--help");
        assertEquals(0, r.status());
        for (String option : List.of("-n", "--provider", "--timeout", "--buffering", "--threads", "--no-tag", "-cp", "Exit status")) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMissingClassPathEntryIsReported() {
        Result r = launch("-n", "1", "-cp", testClasses() + java.io.File.pathSeparator + "no/such/dir", StaticCounter.class.getName());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("class path entry 'no/such/dir' does not exist"), r.err());
    }
}
