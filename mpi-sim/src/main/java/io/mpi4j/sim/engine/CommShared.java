package io.mpi4j.sim.engine;

/**
 * What the members of one communicator share: its contexts, its group and the rendezvous of its
 * collective calls.
 *
 * <p>Point-to-point messages use {@link #context}; collective traffic uses {@link #collContext},
 * so the two never match each other (MPI-4.1 §6.2).
 */
final class CommShared {
    final int context;
    final int collContext;
    /** World rank of each rank of the communicator (of this side, for an intercommunicator). */
    final int[] group;
    /** World rank of each rank of the other side of an intercommunicator; {@code null} for an intracommunicator. */
    final int[] remote;
    final String defaultName;
    /**
     * How the communicator was made, for reports while it has no name ({@code split(WORLD,
     * color=1)}); MPI's name of a new communicator stays empty.
     */
    final String origin;
    /** The collective calls in progress, by call number. */
    final java.util.concurrent.ConcurrentHashMap<Integer, CollectiveRound> rounds = new java.util.concurrent.ConcurrentHashMap<>();

    CommShared(int context, int[] group, String defaultName) {
        this(context, group, null, defaultName, defaultName);
    }

    CommShared(int context, int[] group, int[] remote, String defaultName, String origin) {
        this.context = context;
        this.collContext = context + 1;
        this.group = group;
        this.remote = remote;
        this.defaultName = defaultName;
        this.origin = origin;
    }
}
