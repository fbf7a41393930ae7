package io.mpi4j.shm;

import io.mpi4j.ThreadLevel;
import io.mpi4j.Version;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.SpiRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** One rank of an {@code shm} job, from init to finalize. */
final class ShmSession implements ProviderSession {
    /** World: point-to-point context 0, collectives 1; self: 2 and 3; new communicators from {@link ShmContexts#FIRST_FREE}. */
    private static final int WORLD_CONTEXT = 0;
    private static final int SELF_CONTEXT = 2;
    final ShmTransport transport;
    final ShmContexts contexts;
    private final ShmComm world;
    private final ShmComm self;

    ShmSession(Path jobDir, int rank, int size) {
        this.transport = new ShmTransport(jobDir, rank, size);
        this.contexts = new ShmContexts(this, size);
        this.world = new ShmComm(this, IntStream.range(0, size).toArray(), WORLD_CONTEXT, "WORLD");
        this.self = new ShmComm(this, new int[] {rank}, SELF_CONTEXT, "SELF");
    }

    @Override
    public String providerName() {
        return "shm";
    }

    @Override
    public CommEngine world() {
        return world;
    }

    @Override
    public CommEngine self() {
        return self;
    }

    @Override
    public ThreadLevel threadLevel() {
        return ThreadLevel.MULTIPLE;
    }

    @Override
    public void awaitAny(List<? extends SpiRequest> requests, String operation) {
        // the program's wait for any of them: hopeless only when every one is
        await(requests, operation, true);
    }

    /**
     * Blocks until one of the requests has completed, failing if the job failed or if a rank that
     * has closed MPI is needed: by every request ({@code all}), or by any one of them.
     */
    void await(List<? extends SpiRequest> requests, String operation, boolean all) {
        Backoff idle = Backoff.forJob(transport.size);
        long nextClosedCheck = 0;
        while (true) {
            for (SpiRequest r : requests) {
                if (r instanceof ShmRequest s) {
                    s.runHandOver();
                }
                if (r instanceof ShmRequest s ? s.isDone() : r.isComplete()) {
                    return;
                }
            }
            int work = transport.poll();
            transport.checkFailure();
            if (transport.anyClosed()) {
                long now = System.nanoTime();
                if (now - nextClosedCheck > 0) {
                    nextClosedCheck = now + ShmTransport.CHECK_NANOS / 4;
                    transport.checkClosedPeers(requests, operation, all, now);
                }
            }
            idle.idle(work);
        }
    }

    @Override
    public String processorName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public Version version() {
        return new Version(4, 1);
    }

    @Override
    public String libraryVersion() {
        return "mpi4j shm (Chronicle Queue) on Java " + Runtime.version();
    }

    @Override
    public int tagUpperBound() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void abort(int errorCode, String reason) {
        transport.writeAbort(reason + " (error code " + errorCode + ")");
        System.err.println("mpi4j-shm: rank " + transport.rank + " aborts the job: " + reason);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(errorCode == 0 ? 1 : errorCode);
    }

    @Override
    public void close() {
        transport.markDone();
        transport.close();
        ShmProvider.closed(this);
    }
}
