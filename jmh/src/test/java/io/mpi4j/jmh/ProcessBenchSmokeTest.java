package io.mpi4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpi4j.jmh.report.Report;
import io.mpi4j.jmh.report.Result;
import io.mpi4j.shm.ShmLauncher;
import io.mpi4j.testkit.launch.MpirunTckRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the process-provider path of the benchmarks from rotting: a job of 2 processes whose rank 0
 * runs JMH ({@link ProcessBench}) with one tiny iteration of a ping-pong and an allreduce, on
 * {@code shm} always and on {@code native} where {@code mpirun} and the JNI library exist. Checks
 * that the job ends and its CSV has both rows for the right provider, never how fast.
 */
class ProcessBenchSmokeTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CP = System.getProperty("java.class.path");
    /** Seconds a job may take; the launchers stop it a little earlier. */
    private static final int JOB_SECONDS = 150;

    private static List<String> bench(String provider, Path csv) {
        return List.of(JAVA, "-Dmpi4j.provider=" + provider, "-cp", CP, ProcessBench.class.getName(),
                "\\.(PingPongBenchmark|CollectiveBenchmark)\\.", "-wi", "0", "-i", "1", "-r", "100ms",
                "-p", "size=8", "-p", "kind=BYTES", "-p", "op=ALLREDUCE", "-rf", "csv", "-rff", csv.toString());
    }

    @Test
    @Timeout(value = JOB_SECONDS + 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shmJobOfTwoProcessesRunsAPingPongAndAnAllreduce(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("shm.csv");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", CP, ShmLauncher.class.getName(), "-n", "2",
                "--timeout", Integer.toString(JOB_SECONDS), "--exec"));
        cmd.addAll(bench("shm", csv));
        runAndCheck(cmd, dir, csv, "shm");
    }

    @Test
    @Timeout(value = JOB_SECONDS + 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void nativeJobOfTwoProcessesRunsAPingPongAndAnAllreduce(@TempDir Path dir) throws Exception {
        String why = MpirunTckRunner.unavailableReason();
        assumeTrue(why == null, () -> "native smoke run skipped: " + why);
        assumeTrue(ProcessBenchSmokeTest.class.getClassLoader().getResource("META-INF/native/linux-x86_64/libmpi4jni.list") != null,
                "native smoke run skipped: mpi-native was built without an MPI compiler (no libmpi4jni-*.so)");
        Path csv = dir.resolve("native.csv");
        List<String> cmd = new ArrayList<>(MpirunTckRunner.launchCommand(2));
        List<String> bench = new ArrayList<>(bench("native", csv));
        bench.add(1, "--enable-native-access=ALL-UNNAMED");
        cmd.addAll(bench);
        runAndCheck(cmd, dir, csv, "native");
    }

    private static void runAndCheck(List<String> cmd, Path dir, Path csv, String provider) throws Exception {
        Path log = dir.resolve(provider + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean ended = p.waitFor(JOB_SECONDS + 10, TimeUnit.SECONDS);
            String out = Files.readString(log);
            assertTrue(ended, provider + " job did not end within " + (JOB_SECONDS + 10) + " s; output:\n" + out);
            assertEquals(0, p.exitValue(), provider + " job failed; output:\n" + out);
            List<Result> results = Report.readJmhCsv(Files.readAllLines(csv));
            assertEquals(2, results.size(), "rows: " + results + "\noutput:\n" + out);
            assertTrue(results.stream().allMatch(r -> r.provider().equals(provider) && r.micros() > 0), results::toString);
            assertTrue(results.stream().anyMatch(r -> r.benchmark().equals("pingpong") && r.bytes() == 8), results::toString);
            assertTrue(results.stream().anyMatch(r -> r.benchmark().equals("allreduce") && r.ranks() == 2), results::toString);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
