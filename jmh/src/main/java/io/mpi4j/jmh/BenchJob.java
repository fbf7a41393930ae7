package io.mpi4j.jmh;

import io.mpi4j.sim.ThreadKind;

/**
 * A running benchmark job as the JMH benchmark thread sees it: every {@link #batch()} has rank 0
 * run one batch of the job's {@link Step} while the other ranks serve it ({@link Lockstep}). A
 * benchmark makes one batch one JMH invocation.
 *
 * <p>{@link #start} picks the job by provider: {@code sim} starts a {@link SimJob} in this JVM; any
 * other provider means this JVM is rank 0 of a process job started by a launcher, and
 * {@link ProcessJob} runs the spec on it.
 *
 * {@snippet :
 * try (BenchJob job = BenchJob.start("sim", ThreadKind.VIRTUAL, JobSpec.collective(Collective.BARRIER, 0, 4, 256))) {
 *     job.batch();   // 256 barriers
 * }
 * }
 */
public interface BenchJob extends AutoCloseable {
    /**
     * Has rank 0 run one batch of rounds and waits for it.
     *
     * @throws IllegalStateException if the job has failed or was closed
     */
    void batch();

    /**
     * Ends the job's use for this benchmark (not timed): the servers stop serving this spec.
     *
     * @throws IllegalStateException if a rank failed
     */
    @Override
    void close();

    /**
     * Starts the job that runs {@code spec} on {@code provider}.
     *
     * @param provider {@code sim}, or the provider of this process's job ({@code shm}, {@code native})
     * @param threads the kind of thread a sim rank runs on (ignored by process jobs)
     * @param spec what to run
     * @return the running job
     * @throws IllegalStateException if {@code provider} is not {@code sim} and this JVM is not rank 0
     *     of a job of that provider and of {@code spec.ranks()} processes
     */
    static BenchJob start(String provider, ThreadKind threads, JobSpec spec) {
        if (provider.equals("sim")) {
            return SimJob.start(spec.ranks(), threads, spec.rounds(), spec.steps());
        }
        return ProcessJob.start(provider, spec);
    }
}
