/**
 * Writes the {@link io.mpi4j.sim.Trace} of a {@code sim} job as files a person opens: Chrome/Perfetto
 * trace JSON ({@link io.mpi4j.testkit.trace.ChromeTrace}, for {@code ui.perfetto.dev} or
 * {@code chrome://tracing}) and a self-contained SVG timeline
 * ({@link io.mpi4j.testkit.trace.SvgTimeline}, for any browser), which after a deadlock shows
 * where each rank stopped. {@link io.mpi4j.testkit.trace.TraceFiles} writes both.
 */
package io.mpi4j.testkit.trace;
