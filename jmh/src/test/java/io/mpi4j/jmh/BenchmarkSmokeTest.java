package io.mpi4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.jmh.report.Report;
import io.mpi4j.jmh.report.Result;
import io.mpi4j.sim.ThreadKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: one tiny in-process JMH run of each benchmark class (smallest
 * size, fewest ranks, one short iteration), then the report over its CSV. Checks that everything
 * runs and produces output, never how fast: timing belongs in bench/run-benchmarks.sh.
 */
class BenchmarkSmokeTest {
    @Test
    void everyBenchmarkRunsOnceAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("jmh.csv");
        Options options = new OptionsBuilder()
                .include("\\.(" + PingPongBenchmark.class.getSimpleName() + "|" + ObjectPingPongBenchmark.class.getSimpleName()
                        + "|" + BarrierBenchmark.class.getSimpleName() + "|" + CollectiveBenchmark.class.getSimpleName()
                        + "|" + NoOpBenchmark.class.getSimpleName() + ")\\.")
                .param("size", "8")
                .param("kind", "BYTES", "SEGMENT")
                .param("object", "record")
                .param("ranks", "2")
                .param("op", "ALLREDUCE")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeUnit(TimeUnit.MICROSECONDS)
                .resultFormat(ResultFormatType.CSV)
                .result(csv.toString())
                .shouldFailOnError(true)
                .build();
        var results = new Runner(options).run();
        assertEquals(6, results.size(), "runs: 2 ping-pong kinds, 1 object, 1 barrier, 1 collective, 1 no-op");

        List<Result> parsed = new ArrayList<>(Report.readJmhCsv(Files.readAllLines(csv)));
        assertEquals(6, parsed.size());
        parsed.addAll(Report.readC(List.of("bench impl=openmpi op=pingpong ranks=2 bytes=8 iters=10 usec=0.25",
                "bench impl=openmpi op=allreduce ranks=2 bytes=8 iters=10 usec=0.75")));
        new Report(parsed, List.of("smoke test")).write(dir);
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("| 8 B | 0.25 |"), md);
        assertTrue(md.contains("| allreduce | 8 B | 2 | 0.75 |"), md);
        assertTrue(md.contains("Harness cost per JMH invocation on sim"), md);
        for (String chart : List.of("latency.png", "bandwidth.png", "collectives.png")) {
            assertTrue(Files.size(dir.resolve(chart)) > 0, chart);
        }
    }

    @Test
    void jobsStopAfterAnyNumberOfBatches() {
        for (int batches : new int[] {0, 1, 3}) {
            try (SimJob job = SimJob.start(3, ThreadKind.VIRTUAL, 4, (world, arena) -> world::barrier)) {
                for (int i = 0; i < batches; i++) {
                    job.batch();
                }
            }
        }
    }

    @Test
    void lockstepCompletesAPartialBatchBeforeStopping() {
        io.mpi4j.sim.Sim.builder().ranks(3).build().exec(world -> {
            int[] count = new int[1];
            Step step = () -> {
                world.barrier();
                count[0]++;
            };
            if (world.rank() == 0) {
                Lockstep driver = new Lockstep(world, step, 4);
                for (int i = 0; i < 6; i++) {
                    driver.step();
                }
                driver.finish();
            } else {
                Lockstep.serve(world, step, 4);
            }
            assertEquals(8, count[0], "two whole batches of 4 on rank " + world.rank());
        });
    }
}
