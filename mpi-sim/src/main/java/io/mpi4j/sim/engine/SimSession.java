package io.mpi4j.sim.engine;

import io.mpi4j.ThreadLevel;
import io.mpi4j.Version;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.SpiRequest;
import java.util.List;

/**
 * One rank's MPI session on the {@code sim} provider.
 *
 * <p>This class is internal to the provider (its package is not exported).
 */
public final class SimSession implements ProviderSession {
    /** The version string of this provider. */
    public static final String LIBRARY_VERSION = "mpi4j 0.1.0, sim provider (ranks as threads in one JVM)";

    private final SimWorld world;
    private final RankState me;
    private final SimComm worldComm;
    private final SimComm selfComm;
    private final boolean ownsRank;

    /**
     * Opens the session of a rank of a world.
     *
     * @param world the world
     * @param worldRank the rank
     * @param ownsRank whether closing the session finishes the rank (a singleton world opened by
     *     {@code Mpi.init}), rather than the job runner
     */
    public SimSession(SimWorld world, int worldRank, boolean ownsRank) {
        this.world = world;
        this.me = world.rank(worldRank);
        this.worldComm = new SimComm(world, world.worldShared, worldRank);
        this.selfComm = new SimComm(world, new CommShared(SimWorld.selfContext(worldRank), new int[] {worldRank}, "SELF"), 0);
        this.ownsRank = ownsRank;
    }

    @Override
    public String providerName() {
        return "sim";
    }

    @Override
    public CommEngine world() {
        return worldComm;
    }

    @Override
    public CommEngine self() {
        return selfComm;
    }

    @Override
    public ThreadLevel threadLevel() {
        return ThreadLevel.MULTIPLE;
    }

    @Override
    public void awaitAny(List<? extends SpiRequest> requests, String operation) {
        world.awaitRequests(me, requests, operation);
    }

    @Override
    public String processorName() {
        return world.processorName();
    }

    @Override
    public Version version() {
        return new Version(4, 1);
    }

    @Override
    public String libraryVersion() {
        return LIBRARY_VERSION;
    }

    @Override
    public boolean wtimeIsGlobal() {
        return world.wtimeIsGlobal();
    }

    @Override
    public int tagUpperBound() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void abort(int errorCode, String reason) {
        throw world.abortByRank(me.worldRank, errorCode, reason);
    }

    @Override
    public void close() {
        me.finalized = true;
        if (ownsRank) {
            world.rankFinished(me.worldRank);
        }
    }

    @Override
    public boolean checksSendBuffers() {
        return world.checksBuffers();
    }

    @Override
    public boolean runsOneRankAtATime() {
        return world.isDeterministic();
    }

    @Override
    public boolean checksThreadLevel() {
        return world.checksThreadLevel();
    }
}
