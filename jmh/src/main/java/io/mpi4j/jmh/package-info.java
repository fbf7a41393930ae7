/**
 * JMH benchmarks of mpi4j's providers, measured the way DESIGN §8 states its targets: ping-pong
 * latency (half a round trip, 8 B to 1 KiB) and bandwidth (64 KiB to 16 MiB) for arrays, direct
 * buffers and shared-arena segments; objects; barrier, bcast, allreduce, allgather and alltoall on 2,
 * 4 and 16 ranks ({@code sim}; 2 and 4 processes for {@code shm} and {@code native}, see below);
 * {@code sim} on 1 024 and 100 000 ranks.
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
 * Every benchmark has a {@code provider} parameter and starts a {@link io.mpi4j.jmh.BenchJob} from
 * a {@link io.mpi4j.jmh.JobSpec} (kind, size, variant, ranks, rounds): on {@code sim} a
 * {@link io.mpi4j.jmh.SimJob}, on {@code shm} and {@code native} a
 * {@link io.mpi4j.jmh.ProcessJob} on the job this JVM belongs to. Such a job is started by the
 * provider's launcher ({@code io.mpi4j.shm.ShmLauncher}, {@code mpirun}) with
 * {@link io.mpi4j.jmh.ProcessBench} as every process's program:
 * <ul>
 * <li>Rank 0 runs JMH in its own JVM with {@code -f 0} (a JMH fork would be a process outside the
 *     MPI job), {@code -p provider=} the job's provider and {@code -p ranks=} its size, and by
 *     default only the benchmarks that fit that size (ping-pong, objects and the no-op need 2).</li>
 * <li>Each trial's {@code @Setup} on rank 0 broadcasts the trial's spec, encoded as one line of
 *     text (length, then bytes). Every other rank waits in {@link io.mpi4j.jmh.ProcessJob#serve}
 *     for it, builds the same {@link io.mpi4j.jmh.Step} with its own buffers and runs
 *     {@link io.mpi4j.jmh.Lockstep#serve} until the trial's {@code @TearDown} sends Lockstep's
 *     stop; then it waits for the next spec. After the last trial, a spec of length 0 ends the
 *     servers and every rank finalizes. A failure on any rank aborts the job
 *     ({@code Mpi.run}), so a broken benchmark never leaves processes waiting.</li>
 * <li>The JMH thread calls MPI itself on rank 0 (both process providers offer
 *     {@code MPI_THREAD_MULTIPLE}): no hand-off, so the harness cost per invocation is the one
 *     control broadcast, printed per provider from {@code NoOpBenchmark}.</li>
 * </ul>
 * Two caveats of {@code -f 0}: JMH's own threads share rank 0's JVM, and one JVM runs every trial
 * of the job, so a benchmark may see code compiled (or deoptimized) for the previous one; the
 * warm-up iteration of each trial absorbs most of it.
 *
 * <p>{@code shm} and {@code native} run on 2 and 4 processes, not 16: on a 2-core machine 16 JVMs
 * (each with its JIT and GC threads) mostly measure the scheduler, the start of 16 JVMs alone
 * takes tens of seconds, and the run must stay within 15 minutes. The C reference does run on 16,
 * and {@code sim} (threads in one JVM) too; {@code bench/run-benchmarks.sh --process-ranks "2 4 16"}
 * adds the 16-process jobs on a bigger machine.
 *
 * <h2>Running</h2>
 * {@code bench/run-benchmarks.sh} builds this module, runs the benchmarks and the C reference, and
 * writes {@code bench/results/} with {@link io.mpi4j.jmh.report.Report}. JMH runs from the class
 * path (see the module descriptor). The tests run one tiny configuration of each benchmark on
 * {@code sim} in-process, and a 2-process job of {@code shm} (and of {@code native} where
 * {@code mpirun} exists) through {@code ProcessBench}.
 */
package io.mpi4j.jmh;
