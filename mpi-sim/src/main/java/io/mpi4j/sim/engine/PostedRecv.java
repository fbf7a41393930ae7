package io.mpi4j.sim.engine;

import io.mpi4j.spi.RecvTarget;

/**
 * A receive posted before its message arrived, waiting in the receiver's posted queue.
 */
final class PostedRecv {
    final int context;
    final int source;
    final int tag;
    final RecvTarget target;
    final SimRequest request;

    PostedRecv(int context, int source, int tag, RecvTarget target, SimRequest request) {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.target = target;
        this.request = request;
    }

    boolean matches(int ctx, int src, int tg) {
        return context == ctx
                && (source == io.mpi4j.Mpi.ANY_SOURCE || source == src)
                && (tag == io.mpi4j.Mpi.ANY_TAG || tag == tg);
    }
}
