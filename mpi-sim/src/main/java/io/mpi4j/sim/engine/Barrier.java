package io.mpi4j.sim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reusable barrier over the ranks of one communicator: the last rank to arrive opens it by
 * advancing the generation and signalling every member.
 */
final class Barrier {
    private final SimWorld world;
    private final int[] group;
    private final ReentrantLock lock = new ReentrantLock();
    private final boolean[] present;
    private int arrived;
    private volatile long generation;

    Barrier(SimWorld world, int[] group) {
        this.world = world;
        this.group = group;
        this.present = new boolean[group.length];
    }

    void await(SimComm comm) {
        if (group.length == 1) {
            return;
        }
        long gen;
        boolean last = false;
        lock.lock();
        try {
            gen = generation;
            present[comm.rank] = true;
            if (++arrived == group.length) {
                arrived = 0;
                Arrays.fill(present, false);
                generation = gen + 1;
                last = true;
            }
        } finally {
            lock.unlock();
        }
        if (last) {
            for (int r : group) {
                world.signal(world.rank(r));
            }
            return;
        }
        world.await(comm.me, () -> generation != gen,
                () -> new PendingOp("barrier(comm=" + comm.displayName() + ")", missing(gen)));
    }

    /** The world ranks that have not arrived at generation {@code gen}, for reports. */
    private int[] missing(long gen) {
        lock.lock();
        try {
            if (generation != gen) {
                return new int[0];
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < group.length; i++) {
                if (!present[i]) {
                    out.add(group[i]);
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        } finally {
            lock.unlock();
        }
    }
}
