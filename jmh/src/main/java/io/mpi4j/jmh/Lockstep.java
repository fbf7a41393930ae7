package io.mpi4j.jmh;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;

/**
 * The protocol that lets a benchmark thread drive rank 0 of a long-lived job one operation at a time
 * while every other rank serves it: the ranks run the same {@link Step} in rounds, and after every
 * {@code batch} rounds rank 0 broadcasts whether another batch follows.
 *
 * <p>Rank 0 is the pacer: in every benchmarked operation no rank can finish round {@code k + 1}
 * before rank 0 has started it (a reply needs the request, a collective needs every rank), so the
 * servers never run ahead and one 4-byte broadcast per batch is all the control traffic. It uses only
 * the MPI API, so it works unchanged for providers whose ranks are processes ({@code shm},
 * {@code native}).
 *
 * <p>The broadcast is part of the timed region, amortized over the batch: choose the batch so that it
 * costs well under 1 % of the batch ({@link #batchFor(long)}).
 *
 * {@snippet :
 * // on every rank but 0:
 * Lockstep.serve(world, step, batch);
 * // on rank 0, driven by the benchmark thread:
 * Lockstep driver = new Lockstep(world, step, batch);
 * driver.step();          // the timed operation, as often as the harness likes
 * driver.finish();        // completes the batch, then tells the servers to return
 * }
 */
public final class Lockstep {
    private final Intracomm world;
    private final Step step;
    private final int batch;
    private final int[] more = new int[1];
    private final Buf moreBuf = Buf.of(more);
    private int done;
    private boolean finished;

    /**
     * Creates the driver side, for rank 0.
     *
     * @param world rank 0's world communicator
     * @param step rank 0's step
     * @param batch rounds between two control broadcasts; the servers must use the same
     * @throws IllegalArgumentException if {@code batch < 1} or {@code world} is not rank 0
     */
    public Lockstep(Intracomm world, Step step, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("invalid batch=" + batch + "; use a batch >= 1");
        }
        if (world.rank() != 0) {
            throw new IllegalArgumentException("Lockstep driver on rank=" + world.rank() + "; only rank 0 drives, the others serve");
        }
        this.world = world;
        this.step = step;
        this.batch = batch;
    }

    /**
     * Returns a batch that keeps the control broadcast under about 1 % of the time of a batch, for
     * operations that move {@code bytes} per rank: 1024 rounds for small messages, fewer for large.
     *
     * @param bytes the message size of the operation
     * @return the batch, between 2 and 1024
     */
    public static int batchFor(long bytes) {
        long b = (64L << 20) / Math.max(1, bytes);
        return (int) Math.max(2, Math.min(1024, b));
    }

    /**
     * Runs one round on rank 0: the step and, after every {@code batch} rounds, the control broadcast.
     *
     * @throws IllegalStateException if {@link #finish()} was called
     */
    public void step() {
        if (finished) {
            throw new IllegalStateException("Lockstep already finished");
        }
        step.run();
        if (++done == batch) {
            done = 0;
            more[0] = 1;
            world.bcast(moreBuf, 0);
        }
    }

    /**
     * Completes the current batch (a whole one if none is under way) and tells the servers to return.
     * Not timed: call it when the measurement is over.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        do {
            step.run();
            done++;
        } while (done < batch);
        more[0] = 0;
        world.bcast(moreBuf, 0);
    }

    /**
     * Serves rank 0 until it {@linkplain #finish() finishes}: runs {@code step} in batches of
     * {@code batch} rounds, each followed by rank 0's control broadcast.
     *
     * @param world the serving rank's world communicator
     * @param step the serving rank's step
     * @param batch the driver's batch
     */
    public static void serve(Intracomm world, Step step, int batch) {
        int[] more = new int[1];
        Buf moreBuf = Buf.of(more);
        do {
            for (int i = 0; i < batch; i++) {
                step.run();
            }
            world.bcast(moreBuf, 0);
        } while (more[0] != 0);
    }
}
