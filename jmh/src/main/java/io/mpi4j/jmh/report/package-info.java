/**
 * The comparison report of a benchmark run: {@link io.mpi4j.jmh.report.Report} turns JMH's CSV and
 * the C reference's output into {@code bench/results/results.md} and latency and bandwidth charts.
 */
package io.mpi4j.jmh.report;
