package io.mpi4j.sim.engine;

/**
 * The rank a thread runs, bound by the job runner so that {@code Mpi.init} called on that thread
 * joins the job.
 *
 * <p>This class is internal to the provider (its package is not exported).
 *
 * @param world the job's world
 * @param rank the world rank the thread runs
 */
public record SimContext(SimWorld world, int rank) {
    /** The binding: present on the main thread of every rank of a running job. */
    public static final ScopedValue<SimContext> CURRENT = ScopedValue.newInstance();
}
