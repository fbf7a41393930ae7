package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One rank's view of a communicator on the {@code shm} provider: a matching context, and the
 * world ranks of its members. Collectives run the SPI's default algorithms on the context after it.
 */
final class ShmComm implements CommEngine {
    final ShmTransport transport;
    final ShmSession session;
    private final int[] members;
    private final int rank;
    private final int context;
    private volatile String name;
    private final AtomicInteger collectiveCalls = new AtomicInteger();
    private volatile ShmComm collectivePeer;

    ShmComm(ShmSession session, int[] members, int context, String name) {
        this.session = session;
        this.transport = session.transport;
        this.members = members;
        this.context = context;
        this.name = name;
        int r = -1;
        for (int i = 0; i < members.length; i++) {
            if (members[i] == transport.rank) {
                r = i;
            }
        }
        this.rank = r;
    }

    int rankOfWorld(int worldRank) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == worldRank) {
                return i;
            }
        }
        return -1;
    }

    private int worldOf(int source) {
        return source == Mpi.ANY_SOURCE ? Mpi.ANY_SOURCE : members[source];
    }

    String displayName() {
        String n = name;
        return n.isEmpty() ? "comm#" + context : n;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return members.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public SpiRequest isend(Buf buf, int dest, int tag, SendMode mode) {
        transport.checkFailure();
        String kind = switch (mode) {
            case STANDARD -> "send";
            case SYNCHRONOUS -> "ssend";
            case BUFFERED -> "bsend";
            case READY -> "rsend";
        };
        ShmRequest req = new ShmRequest(this, kind, dest, tag);
        Status st = new Status(dest, tag, buf.byteSize(), buf.datatype(), false, ErrorClass.SUCCESS);
        boolean sync = mode == SendMode.SYNCHRONOUS;
        if (sync) {
            req.sendStatus = st;
        }
        transport.send(context, members[dest], tag, buf, sync, req);
        if (!sync) {
            req.complete(st, null); // eager: the data is in the destination's queue
        }
        return req;
    }

    @Override
    public SpiRequest irecv(RecvTarget target, int source, int tag) {
        transport.checkFailure();
        ShmRequest req = new ShmRequest(this, "recv", source, tag);
        transport.irecv(context, worldOf(source), tag, target, req, this);
        return req;
    }

    private static Status probeStatus(ShmTransport.Incoming in, int source) {
        return new Status(source, in.tag(), in.data().length, Datatype.BYTE, false, ErrorClass.SUCCESS);
    }

    @Override
    public Optional<Status> iprobe(int source, int tag) {
        transport.checkFailure();
        ShmTransport.Incoming in = transport.find(context, worldOf(source), tag, false);
        return in == null ? Optional.empty() : Optional.of(probeStatus(in, rankOfWorld(in.source())));
    }

    @Override
    public Status probe(int source, int tag) {
        Backoff idle = new Backoff();
        while (true) {
            Optional<Status> s = iprobe(source, tag);
            if (s.isPresent()) {
                return s.get();
            }
            idle.idle(0);
        }
    }

    @Override
    public Optional<SpiMessage> improbe(int source, int tag) {
        transport.checkFailure();
        ShmTransport.Incoming in = transport.find(context, worldOf(source), tag, true);
        return in == null ? Optional.empty() : Optional.of(new ShmMessage(in));
    }

    @Override
    public SpiMessage mprobe(int source, int tag) {
        Backoff idle = new Backoff();
        while (true) {
            Optional<SpiMessage> m = improbe(source, tag);
            if (m.isPresent()) {
                return m.get();
            }
            idle.idle(0);
        }
    }

    @Override
    public CollectiveChannel collectiveChannel() {
        ShmComm peer = collectivePeer;
        if (peer == null) {
            peer = new ShmComm(session, members, context + 1, displayName());
            collectivePeer = peer;
        }
        ShmComm p2p = peer;
        return new CollectiveChannel() {
            @Override
            public CommEngine p2p() {
                return p2p;
            }

            @Override
            public void awaitAny(List<? extends SpiRequest> requests, String operation) {
                session.awaitAny(requests, operation);
            }

            @Override
            public int nextTag() {
                return collectiveCalls.getAndIncrement() & Integer.MAX_VALUE;
            }
        };
    }

    @Override
    public CommEngine dup() {
        transport.checkFailure();
        // every rank proposes its next free context; all take the largest, so the new one is free everywhere
        int[] mine = {session.nextContext.get()};
        int[] chosen = new int[1];
        collective(new Collective.Allreduce(Buf.of(mine), Buf.of(chosen), Op.MAX));
        session.nextContext.accumulateAndGet(chosen[0] + 2, Math::max);
        return new ShmComm(session, members, chosen[0], "");
    }

    @Override
    public void free() {
        // nothing is held per communicator; contexts are not recycled (2^30 of them)
    }

    @Override
    public int[] group() {
        return members.clone();
    }

    /** A message taken off the queue by a matched probe. */
    private final class ShmMessage implements SpiMessage {
        private final ShmTransport.Incoming in;

        ShmMessage(ShmTransport.Incoming in) {
            this.in = in;
        }

        @Override
        public Status status() {
            return probeStatus(in, rankOfWorld(in.source()));
        }

        @Override
        public SpiRequest irecv(RecvTarget target) {
            ShmRequest req = new ShmRequest(ShmComm.this, "mrecv", rankOfWorld(in.source()), in.tag());
            transport.deliver(in, target, req, ShmComm.this);
            return req;
        }
    }
}
