package io.mpi4j.sim.engine;

/**
 * What a blocked thread is waiting in, for deadlock reports: the call and the world ranks that
 * could complete it.
 *
 * @param description the call, such as {@code recv(source=0, tag=42, comm=WORLD)}
 * @param waitsFor the world ranks whose action would unblock it; {@code null} for "any rank"
 */
record PendingOp(String description, int[] waitsFor) {
}
