/**
 * The {@code shm} provider of mpi4j: every rank is a JVM process on one machine, and messages
 * travel through Chronicle Queue files (memory-mapped, so between shared pages, no sockets) in a
 * private job directory.
 *
 * <p>Selected automatically in a JVM started by {@link io.mpi4j.shm.ShmLauncher} (it sets the
 * variables of {@link io.mpi4j.shm.ShmJob}), or explicitly with {@code -Dmpi4j.provider=shm}.
 */
module io.mpi4j.shm {
    requires transitive io.mpi4j;
    requires chronicle.queue;
    requires chronicle.bytes;
    requires chronicle.wire;
    requires chronicle.core;

    exports io.mpi4j.shm;

    provides io.mpi4j.spi.MpiProvider with io.mpi4j.shm.ShmProvider;
}
