/**
 * JMH benchmarks of mpi4j's providers, measured the way DESIGN §8 states its targets: ping-pong
 * latency (half a round trip, 8 B to 1 KiB) and bandwidth (64 KiB to 16 MiB) for arrays, direct
 * buffers and shared-arena segments; objects; barrier, bcast, allreduce, allgather and alltoall on 2,
 * 4 and 16 ranks; {@code sim} on 1 024 (and, opt-in, 100 000) ranks.
 *
 * <h2>How one JMH invocation measures a multi-rank job</h2>
 * JMH times one thread calling a {@code @Benchmark} method; an MPI operation involves several ranks.
 * The benchmark thread therefore <em>is</em> rank 0 of a long-lived job, and the other ranks serve it
 * ({@link io.mpi4j.jmh.SimJob}, {@link io.mpi4j.jmh.Lockstep}):
 * <ul>
 * <li>{@code @Setup(Level.Trial)} starts the job once per fork: threads, {@code Mpi.init}, buffers.
 *     None of that is timed.</li>
 * <li>Each rank creates its {@link io.mpi4j.jmh.Step} (its half of a ping-pong, or its call of a
 *     collective) with its own buffers; ranks 1..n-1 then run their step in a loop, and rank 0's step
 *     is handed to the benchmark thread, which calls it from the {@code @Benchmark} method: one
 *     invocation is exactly one operation (one round trip for ping-pong, counted as two operations
 *     with {@code @OperationsPerInvocation(2)} so the score is the half round trip).</li>
 * <li>Rank 0 paces the job: no server can complete round {@code k + 1} before rank 0 starts it, so
 *     the servers cannot run ahead and no per-operation command is needed. Every {@code batch} rounds
 *     rank 0 broadcasts 4 bytes saying whether another batch follows; that broadcast is the only
 *     control traffic in the timed region, and the batch keeps it under about 1 % of the time.</li>
 * <li>{@code @TearDown(Level.Trial)} completes the batch, broadcasts "stop" and joins the job.</li>
 * </ul>
 * The score is rank 0's time per operation in a steady stream of operations, which is what the C
 * reference ({@code bench/c}) reports as total time over iterations. The alternative, one
 * {@code Sim.run} per invocation with {@code @OperationsPerInvocation(n)}, would put job start-up
 * (thread creation, {@code Mpi.init}, buffer allocation) into every timed invocation and make small
 * operations meaningless.
 *
 * <p>In {@code sim} the benchmark thread calls MPI on rank 0's communicator as a second thread of
 * rank 0 (jobs run at {@code MPI_THREAD_MULTIPLE}); rank 0's own thread waits outside MPI. Sim counts
 * the benchmark thread as foreign, which only makes parked waits re-check for deadlock every 200 ms.
 *
 * <h2>Providers whose ranks are processes</h2>
 * {@link io.mpi4j.jmh.Lockstep} uses only the MPI API, so {@code shm} and {@code native} reuse it
 * unchanged. Their job is started by the launcher ({@code mpi4jrun} or {@code mpirun}); rank 0's
 * process runs JMH in-process ({@code -f 0}: a JMH fork would be a process outside the job), and the
 * other processes run {@link io.mpi4j.jmh.Lockstep#serve} with the same step. The benchmark then selects
 * its job by a {@code provider} parameter instead of building a {@code Sim}.
 *
 * <h2>Running</h2>
 * {@code bench/run-benchmarks.sh} builds this module, runs the benchmarks and the C reference, and
 * writes {@code bench/results/} with {@link io.mpi4j.jmh.report.Report}. JMH runs from the class
 * path (see the module descriptor); the smoke test runs one tiny configuration in-process.
 */
package io.mpi4j.jmh;
