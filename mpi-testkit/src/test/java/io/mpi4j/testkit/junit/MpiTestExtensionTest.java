package io.mpi4j.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.testkit.check.Leak;
import io.mpi4j.testkit.check.LeakException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** What {@code @MpiTest} reports, checked by running {@link MpiTestFixtures} through the launcher. */
class MpiTestExtensionTest {
    /** The outcome of each test and container, by display name (method name, then "[N ranks]"). */
    private static Map<String, TestExecutionResult> run(Class<?> fixture) {
        Map<String, TestExecutionResult> results = new TreeMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .filters(EngineFilter.includeEngines("junit-jupiter")).build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                results.put(id.getDisplayName(), result);
            }
        });
        return results;
    }

    private static Throwable failure(Map<String, TestExecutionResult> results, String name) {
        TestExecutionResult r = results.get(name);
        assertTrue(r != null, () -> "no result for " + name + " in " + results.keySet());
        assertEquals(TestExecutionResult.Status.FAILED, r.getStatus(), () -> name + ": " + r);
        return r.getThrowable().orElseThrow();
    }

    @Test
    void rankExceptionNamesTheRankAndIsTheCause() {
        Throwable t = failure(run(MpiTestFixtures.RankThrows.class), "[3 ranks]");
        assertTrue(t.getMessage().startsWith("rank 2 failed: java.lang.IllegalStateException: boom on 2"), t::getMessage);
        assertInstanceOf(IllegalStateException.class, t.getCause());
    }

    @Test
    void everyFailingRankIsReported() {
        Throwable t = failure(run(MpiTestFixtures.TwoRanksFailAssertions.class), "[4 ranks]");
        assertTrue(t.getMessage().matches("(?s)rank [13] failed: .*parity of rank [13].*also failed: rank [13]: .*"), t::getMessage);
        assertEquals(1, t.getSuppressed().length, t::getMessage);
    }

    @Test
    void abortNamesTheRankAndCode() {
        Throwable t = failure(run(MpiTestFixtures.Aborts.class), "[2 ranks]");
        assertTrue(t.getMessage().startsWith("rank 1 failed: called abort(5)"), t::getMessage);
    }

    @Test
    void bufferingDependentDeadlockFailsWithTheReport() {
        Throwable t = failure(run(MpiTestFixtures.BufferingDependent.class), "[2 ranks]");
        assertTrue(t.getMessage().contains("deadlocked"), t::getMessage);
        assertTrue(t.getMessage().contains("buffering=zero"), t::getMessage);
        assertTrue(t.getMessage().contains("rank 0 blocked in send(dest=1, tag=0, comm=WORLD)"), t::getMessage);
        assertTrue(t.getMessage().contains("rank 1 blocked in send(dest=0, tag=0, comm=WORLD)"), t::getMessage);
    }

    @Test
    void collectiveMismatchFailsWithTheReport() {
        Throwable t = failure(run(MpiTestFixtures.Mismatch.class), "[3 ranks]");
        assertTrue(t.getMessage().startsWith("rank "), t::getMessage);
        MpiException cause = assertInstanceOf(MpiException.class, t.getCause());
        assertEquals(ErrorClass.ERR_NOT_SAME, cause.errorClass(), t::getMessage);
        assertTrue(t.getMessage().contains("root"), t::getMessage);
    }

    @Test
    void leaksAreReportedWithWhereTheyWereCreated() {
        Map<String, TestExecutionResult> results = run(MpiTestFixtures.Leaks.class);
        Throwable t = failure(results, "[2 ranks]");
        LeakException e = assertInstanceOf(LeakException.class, t);
        List<Leak> leaks = e.leaks();
        assertEquals(6, leaks.size(), t::getMessage);
        List<Leak> comms = leaks.stream().filter(l -> l.kind() == Leak.Kind.COMMUNICATOR).toList();
        assertEquals(4, comms.size(), t::getMessage);
        assertTrue(comms.stream().allMatch(l -> l.where().contains("MpiTestFixtures.java")), t::getMessage);
        assertEquals(2, comms.stream().filter(l -> l.what().startsWith("from Intracomm.dup()")).count(), t::getMessage);
        assertEquals(2, comms.stream().filter(l -> l.what().startsWith("from Intracomm.split()")).count(), t::getMessage);
        Leak request = leaks.stream().filter(l -> l.kind() == Leak.Kind.REQUEST).findFirst().orElseThrow();
        assertEquals(0, request.rank(), t::getMessage);
        assertTrue(request.what().contains("isend()") && request.where().contains("MpiTestFixtures.java"), t::getMessage);
        assertTrue(request.toString().contains(", never waited for or tested to completion, created at"), request::toString);
        Leak message = leaks.stream().filter(l -> l.kind() == Leak.Kind.MESSAGE).findFirst().orElseThrow();
        assertEquals(1, message.rank(), t::getMessage);
        assertEquals("from rank 0 (tag=9, 12 bytes) on WORLD", message.what(), t::getMessage);
        assertTrue(message.where().contains("MpiTestFixtures.java"), "the sender's call site: " + message);
        assertTrue(message.toString().contains("never received, sent at "), message::toString);
        long passed = results.values().stream().filter(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL).count();
        assertTrue(passed >= 3, "leakChecks = false passes: " + results); // the invocation, its method and the class
    }

    @Test
    void timeoutIsBounded() {
        long start = System.nanoTime();
        Throwable t = failure(run(MpiTestFixtures.TimesOut.class), "[2 ranks]");
        assertTrue(t.getMessage().contains("timeoutSeconds=1"), t::getMessage);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the timeout bounds the test");
    }

    @Test
    void assertionFailureOnEveryRankReportsTheFirst() {
        Map<String, TestExecutionResult> results = run(MpiTestFixtures.ValueAfterAllreduce.class);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("[2 ranks]").getStatus());
        Throwable one = failure(results, "[1 rank]");
        assertTrue(one.getMessage().startsWith("rank 0 failed: org.opentest4j.AssertionFailedError: expected: <2> but was: <1>"),
                one::getMessage);
        Throwable three = failure(results, "[3 ranks]");
        assertTrue(three.getMessage().matches("(?s)rank \\d failed: .*expected: <2> but was: <3>.*also failed: .*"), three::getMessage);
        // the first failure aborts the job: a rank still returning from the allreduce at that moment
        // is stopped by the abort before its own assertion fails, so 1 or 2 others are attached
        int others = three.getSuppressed().length;
        assertTrue(others >= 1 && others <= 2, "other ranks' failures attached: " + others);
    }

    @Test
    void configurationErrorsNameTheMethodAndTheFix() {
        assertConfigError(MpiTestFixtures.NoRanks.class, "must list at least one rank count > 0");
        assertConfigError(MpiTestFixtures.NegativeRanks.class, "but lists 0");
        assertConfigError(MpiTestFixtures.BadBuffering.class,
                "must declare buffering as eager, eager:BYTES, zero or infinite, but declares 'lots'");
        assertConfigError(MpiTestFixtures.BadTimeout.class, "must declare timeoutSeconds > 0");
        assertConfigError(MpiTestFixtures.RankOnLong.class, "@Rank goes on an int parameter");
    }

    @Test
    void lifecycleMethodsGetNoWorld() {
        Throwable t = failure(run(MpiTestFixtures.WorldInBeforeEach.class), "[1 rank]");
        assertTrue(t.getMessage().contains("No ParameterResolver registered for parameter [io.mpi4j.Intracomm"), t::getMessage);
    }

    private static void assertConfigError(Class<?> fixture, String fix) {
        Map<String, TestExecutionResult> results = run(fixture);
        Throwable t = failure(results, results.keySet().stream().filter(k -> k.startsWith("nothing(")).findFirst().orElseThrow());
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith("Configuration error: @MpiTest on method [void " + fixture.getName().replace('$', '.')
                .replace("MpiTestFixtures.", "MpiTestFixtures$")), t::getMessage);
        assertTrue(t.getMessage().contains(fix), t::getMessage);
    }

    @Test
    void exploringSchedulesFindsTheWildcardRaceAndNamesItsSeed() {
        Throwable t = failure(run(MpiTestFixtures.WildcardRaceExplored.class), "[3 ranks]");
        assertTrue(t.getMessage().contains("deadlocked"), t::getMessage);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("@MpiTest\\(seed = (\\d+)L\\) replays this run").matcher(t.getMessage());
        assertTrue(m.find(), t::getMessage);
        long seed = Long.parseLong(m.group(1));
        // the named seed replays the deadlock, and the run just before it passed
        io.mpi4j.DeadlockException again = org.junit.jupiter.api.Assertions.assertThrows(io.mpi4j.DeadlockException.class,
                () -> io.mpi4j.sim.Sim.builder().ranks(3).deterministic(seed).build().exec(MpiTestFixtures::wildcardRace));
        assertTrue(again.getMessage().contains("seed=" + seed), again::getMessage);
    }

    @Test
    void correctWildcardProgramPassesEverySchedule() {
        Map<String, TestExecutionResult> results = run(MpiTestFixtures.WildcardSafeExplored.class);
        for (String size : List.of("[2 ranks]", "[3 ranks]", "[4 ranks]")) {
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get(size).getStatus(), () -> size + ": " + results.get(size));
        }
    }

    @Test
    void traceOptionWritesJsonAndSvgEvenForADeadlock() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target/mpi-traces-fixture");
        java.nio.file.Path svg = dir.resolve("TracedDeadlock.ringSendFirst-3ranks.svg");
        java.nio.file.Files.deleteIfExists(svg);
        Throwable t = failure(run(MpiTestFixtures.TracedDeadlock.class), "[3 ranks]");
        assertTrue(t.getMessage().contains("deadlocked"), t::getMessage);
        String picture = java.nio.file.Files.readString(svg);
        assertEquals(3, picture.split("stopped in send\\(dest=").length - 1, picture);
        assertTrue(java.nio.file.Files.exists(dir.resolve("TracedDeadlock.ringSendFirst-3ranks.trace.json")));
    }
}
