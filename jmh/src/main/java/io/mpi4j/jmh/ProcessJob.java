package io.mpi4j.jmh;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;

/**
 * Rank 0's side of a benchmark job whose ranks are processes ({@code shm}, {@code native}): the
 * job is this JVM's own MPI job, started by a launcher, and JMH runs in rank 0's process
 * ({@link ProcessBench}). Before each trial rank 0 broadcasts the trial's {@link JobSpec}; every
 * other process, waiting in {@link #serve}, builds the same {@link Step} from it and serves one
 * {@link Lockstep} run until rank 0 {@linkplain #close() closes} the trial, then waits for the next
 * spec.
 *
 * <h2>Protocol</h2>
 * All traffic is on the world communicator, rooted at rank 0:
 * <ol>
 * <li>a broadcast of one {@code int}: the length of the encoded spec in bytes, 0 for "the run is
 *     over, return";</li>
 * <li>a broadcast of that many bytes: the spec, {@link JobSpec#encode()} in UTF-8;</li>
 * <li>the {@link Lockstep} run of the spec's step, ended by its control broadcast of 0.</li>
 * </ol>
 * Unlike {@link SimJob}, the JMH benchmark thread calls MPI itself (every process provider offers
 * {@code MPI_THREAD_MULTIPLE}), so there is no hand-off to a rank thread per invocation; the
 * control broadcast per batch remains.
 *
 * {@snippet :
 * // rank 0, in a benchmark's @Setup(Level.Trial):
 * BenchJob job = ProcessJob.start("shm", JobSpec.collective(Collective.BARRIER, 0, 2, 256));
 * // every other rank, for the whole run:
 * ProcessJob.serve(world);
 * }
 */
public final class ProcessJob implements BenchJob {
    private static volatile Intracomm world;
    private static volatile String provider;

    private final Lockstep driver;
    private final Arena arena;
    private final int rounds;
    private boolean closed;

    private ProcessJob(Lockstep driver, Arena arena, int rounds) {
        this.driver = driver;
        this.arena = arena;
        this.rounds = rounds;
    }

    /**
     * Makes this JVM rank 0 of a process job for {@link #start}: {@link ProcessBench} calls it
     * before it runs JMH.
     *
     * @param rank0World rank 0's world communicator
     * @param providerName the provider's name, as the benchmarks' {@code provider} parameter has it
     * @throws IllegalArgumentException if {@code rank0World} is not rank 0
     */
    static void attach(Intracomm rank0World, String providerName) {
        if (rank0World.rank() != 0) {
            throw new IllegalArgumentException("ProcessJob.attach on rank=" + rank0World.rank() + "; only rank 0 runs JMH, the others serve");
        }
        world = rank0World;
        provider = providerName;
    }

    /**
     * Starts one trial of {@code spec} on this JVM's job: broadcasts the spec, creates rank 0's step
     * and returns the driver. Not timed.
     *
     * @param providerName the provider the benchmark asks for
     * @param spec what to run
     * @return the job for this trial
     * @throws IllegalStateException if this JVM is not rank 0 of a job of {@code providerName}, or
     *     the job's size is not {@code spec.ranks()}
     */
    public static ProcessJob start(String providerName, JobSpec spec) {
        Intracomm w = world;
        if (w == null || !providerName.equals(provider)) {
            throw new IllegalStateException("provider=" + providerName + " needs this JVM to be rank 0 of a " + providerName
                    + " job (this JVM: " + (w == null ? "no job" : provider + " job") + "); run process providers through"
                    + " bench/run-benchmarks.sh, or io.mpi4j.jmh.ProcessBench under the provider's launcher");
        }
        if (spec.ranks() != w.size()) {
            throw new IllegalStateException("benchmark needs ranks=" + spec.ranks() + " but this " + providerName + " job has size="
                    + w.size() + "; select it with -p ranks=" + w.size() + " or launch a job of " + spec.ranks() + " processes");
        }
        sendSpec(w, spec.encode());
        Arena arena = Arena.ofShared();
        try {
            Step step = spec.steps().create(w, arena);
            return new ProcessJob(new Lockstep(w, step, spec.rounds()), arena, spec.rounds());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Runs one batch of the spec's rounds on rank 0 (the servers mirror it).
     *
     * @throws IllegalStateException if the trial was closed
     */
    @Override
    public void batch() {
        if (closed) {
            throw new IllegalStateException("ProcessJob already closed");
        }
        Lockstep d = driver;
        for (int i = 0; i < rounds; i++) {
            d.step();
        }
    }

    /** Ends the trial: completes the batch under way, tells the servers to stop serving it, frees rank 0's buffers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.finish();
        } finally {
            arena.close();
        }
    }

    /**
     * Serves rank 0 on a rank other than 0 until rank 0 calls {@link #end}: receives each trial's
     * spec, builds the step and serves it with {@link Lockstep#serve}.
     *
     * @param serverWorld the serving rank's world communicator
     * @return the number of trials served
     * @throws IllegalArgumentException if {@code serverWorld} is rank 0
     */
    public static int serve(Intracomm serverWorld) {
        if (serverWorld.rank() == 0) {
            throw new IllegalArgumentException("ProcessJob.serve on rank 0; rank 0 runs JMH and drives");
        }
        int trials = 0;
        while (true) {
            JobSpec spec = receiveSpec(serverWorld);
            if (spec == null) {
                return trials;
            }
            try (Arena arena = Arena.ofShared()) {
                Step step = spec.steps().create(serverWorld, arena);
                Lockstep.serve(serverWorld, step, spec.rounds());
            }
            trials++;
        }
    }

    /**
     * Tells the servers that the run is over, so that {@link #serve} returns on every other rank.
     * Call it on rank 0 after the last trial.
     *
     * @param rank0World rank 0's world communicator
     */
    public static void end(Intracomm rank0World) {
        sendSpec(rank0World, "");
    }

    private static void sendSpec(Intracomm w, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        w.bcast(Buf.of(new int[] {bytes.length}), 0);
        if (bytes.length > 0) {
            w.bcast(Buf.of(bytes), 0);
        }
    }

    private static JobSpec receiveSpec(Intracomm w) {
        int[] length = new int[1];
        w.bcast(Buf.of(length), 0);
        if (length[0] == 0) {
            return null;
        }
        byte[] bytes = new byte[length[0]];
        w.bcast(Buf.of(bytes), 0);
        return JobSpec.decode(new String(bytes, StandardCharsets.UTF_8));
    }
}
