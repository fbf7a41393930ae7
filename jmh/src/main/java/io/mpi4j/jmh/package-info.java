/**
 * JMH benchmarks of mpi4j's providers, measured the way DESIGN §8 states its targets: ping-pong
 * latency (half a round trip, 8 B to 1 KiB) and bandwidth (64 KiB to 16 MiB) for arrays, direct
 * buffers and shared-arena segments; objects; barrier, bcast, allreduce, allgather and alltoall on 2,
 * 4 and 16 ranks; {@code sim} on 1 024 (and, opt-in, 100 000) ranks.
 *
 * <h2>How one JMH invocation measures a multi-rank job</h2>
 * JMH times one thread calling a {@code @Benchmark} method; an MPI operation involves several ranks.
 * So each benchmark keeps one long-lived job per fork, and one invocation asks rank 0 to run a batch
 * of rounds of the operation while the other ranks serve it ({@link io.mpi4j.jmh.SimJob},
 * {@link io.mpi4j.jmh.Lockstep}):
 * <ul>
 * <li>{@code @Setup(Level.Trial)} starts the job: threads, {@code Mpi.init}, buffers. None of that
 *     is timed.</li>
 * <li>Each rank creates its {@link io.mpi4j.jmh.Step} (its half of a ping-pong, or its call of a
 *     collective) with its own buffers. Ranks 1..n-1 serve: they wait for rank 0's 4-byte control
 *     broadcast and run a batch of steps. Rank 0 waits for the benchmark thread.</li>
 * <li>An invocation hands a request to rank 0's thread, which broadcasts "a batch follows", runs the
 *     batch's rounds and hands back. {@code @OperationsPerInvocation} is the number of rounds (twice
 *     that for ping-pong, so the score is the half round trip), chosen per benchmark so that the
 *     invocation's fixed cost, measured by {@link io.mpi4j.jmh.NoOpBenchmark} and printed in the
 *     report, is about 1 % or less of it on an idle machine.</li>
 * <li>Rank 0 paces the job: no server can complete round {@code k + 1} before rank 0 starts it, so
 *     servers never run ahead and no per-operation command is needed.</li>
 * <li>{@code @TearDown(Level.Trial)} broadcasts "stop" and joins the job.</li>
 * </ul>
 * The score is rank 0's time per operation in a steady stream of operations, which is what the C
 * reference ({@code bench/c}) reports as total time over iterations. Only rank threads call MPI: when
 * the benchmark thread itself called MPI on rank 0's communicator (one operation per invocation, no
 * hand-off), {@code sim} had to treat it as a foreign thread of the rank, whose waits it re-checks
 * for deadlock, and a 1 024-rank barrier ran 4× slower than inside the ranks. The alternative of one
 * {@code Sim.run} per invocation would time job start-up and make small operations meaningless.
 *
 * <h2>Providers whose ranks are processes</h2>
 * {@link io.mpi4j.jmh.Lockstep} uses only the MPI API, so {@code shm} and {@code native} reuse it
 * unchanged. Their job is started by the launcher ({@code mpi4jrun} or {@code mpirun}); rank 0's
 * process runs JMH in-process ({@code -f 0}: a JMH fork would be a process outside the job) with a
 * rank-0 thread that serves requests as in {@link io.mpi4j.jmh.SimJob}, and the other processes run
 * {@link io.mpi4j.jmh.Lockstep#serve} with the same step. The benchmark then selects
 * its job by a {@code provider} parameter instead of building a {@code Sim}.
 *
 * <h2>Running</h2>
 * {@code bench/run-benchmarks.sh} builds this module, runs the benchmarks and the C reference, and
 * writes {@code bench/results/} with {@link io.mpi4j.jmh.report.Report}. JMH runs from the class
 * path (see the module descriptor); the smoke test runs one tiny configuration in-process.
 */
package io.mpi4j.jmh;
