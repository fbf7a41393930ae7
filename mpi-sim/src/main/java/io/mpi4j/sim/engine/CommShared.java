package io.mpi4j.sim.engine;

/**
 * What the members of one communicator share: its contexts, its group and its barrier.
 *
 * <p>Point-to-point messages use {@link #context}; collective traffic uses {@link #collContext},
 * so the two never match each other (MPI-4.1 §6.2).
 */
final class CommShared {
    final int context;
    final int collContext;
    /** World rank of each rank of the communicator. */
    final int[] group;
    final String defaultName;
    final Barrier barrier;

    CommShared(SimWorld world, int context, int[] group, String defaultName) {
        this.context = context;
        this.collContext = context + 1;
        this.group = group;
        this.defaultName = defaultName;
        this.barrier = new Barrier(world, group);
    }
}
