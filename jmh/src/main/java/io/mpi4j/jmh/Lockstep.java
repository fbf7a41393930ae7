package io.mpi4j.jmh;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;

/**
 * The protocol that lets rank 0 of a long-lived job run a benchmarked operation in rounds while every
 * other rank serves it: the ranks run the same {@link Step} in batches of rounds, and before every
 * batch rank 0 broadcasts whether one follows.
 *
 * <p>Rank 0 is the pacer: in every benchmarked operation no rank can finish round {@code k + 1}
 * before rank 0 has started it (a reply needs the request, a collective needs every rank), so the
 * servers never run ahead and one 4-byte broadcast per batch is all the control traffic. It uses only
 * the MPI API, so it works unchanged for providers whose ranks are processes ({@code shm},
 * {@code native}).
 *
 * <p>The broadcast is part of the timed region, amortized over the batch: a benchmark makes the
 * batch one JMH invocation, large enough that the broadcast costs well under 1 % of it.
 *
 * {@snippet :
 * // on every rank but 0:
 * Lockstep.serve(world, step, batch);
 * // on rank 0:
 * Lockstep driver = new Lockstep(world, step, batch);
 * driver.step();          // one round, as often as the harness likes
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
     * Runs one round on rank 0: the step, preceded at the start of every batch by the control
     * broadcast that tells the servers a batch follows.
     *
     * @throws IllegalStateException if {@link #finish()} was called
     */
    public void step() {
        if (finished) {
            throw new IllegalStateException("Lockstep already finished");
        }
        if (done == 0) {
            more[0] = 1;
            world.bcast(moreBuf, 0);
        }
        step.run();
        if (++done == batch) {
            done = 0;
        }
    }

    /**
     * Completes the current batch, if one is under way, and tells the servers to return. Not timed:
     * call it when the measurement is over.
     */
    public void finish() {
        if (finished) {
            return;
        }
        while (done != 0) {
            step();
        }
        finished = true;
        more[0] = 0;
        world.bcast(moreBuf, 0);
    }

    /**
     * Serves rank 0 until it {@linkplain #finish() finishes}: waits for rank 0's control broadcast,
     * then runs {@code step} for a batch of {@code batch} rounds, and again.
     *
     * @param world the serving rank's world communicator
     * @param step the serving rank's step
     * @param batch the driver's batch
     */
    public static void serve(Intracomm world, Step step, int batch) {
        int[] more = new int[1];
        Buf moreBuf = Buf.of(more);
        while (true) {
            world.bcast(moreBuf, 0);
            if (more[0] == 0) {
                return;
            }
            for (int i = 0; i < batch; i++) {
                step.run();
            }
        }
    }
}
