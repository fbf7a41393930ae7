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
 *
 * <p>An intercommunicator also has the world ranks of the remote group: point-to-point peers are
 * remote ranks, and both groups share the two contexts (a rank only ever sends to the other group
 * on them, so a receive on them only ever matches a remote sender). New communicators get their
 * contexts from {@link ShmContexts}.
 */
final class ShmComm implements CommEngine {
    final ShmTransport transport;
    final ShmSession session;
    private final int[] members;
    /** The remote group's world ranks for an intercommunicator; {@code null} for an intracommunicator. */
    private final int[] remote;
    private final int rank;
    private final int context;
    private volatile String name;
    private final AtomicInteger collectiveCalls = new AtomicInteger();
    private volatile ShmComm collectivePeer;

    ShmComm(ShmSession session, int[] members, int context, String name) {
        this(session, members, context, name, null);
    }

    ShmComm(ShmSession session, int[] members, int context, String name, int[] remote) {
        this.session = session;
        this.transport = session.transport;
        this.members = members;
        this.remote = remote;
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

    /** The world ranks of the point-to-point peers: the remote group of an intercommunicator. */
    private int[] peers() {
        return remote != null ? remote : members;
    }

    /** The peer rank of a world rank (a remote rank on an intercommunicator), or -1. */
    int rankOfWorld(int worldRank) {
        return indexOf(peers(), worldRank);
    }

    /** The world rank of a point-to-point peer (a remote rank on an intercommunicator), or -1 for none. */
    int worldOfPeer(int peer) {
        int[] p = peers();
        return peer >= 0 && peer < p.length ? p[peer] : -1;
    }

    /** The world ranks of the point-to-point peers (not to be modified). */
    int[] peerWorldRanks() {
        return peers();
    }

    private int worldOf(int source) {
        return source == Mpi.ANY_SOURCE ? Mpi.ANY_SOURCE : peers()[source];
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
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
        transport.send(context, peers()[dest], tag, buf, sync, req);
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
        return new Status(source, in.tag(), in.length(), Datatype.BYTE, false, ErrorClass.SUCCESS);
    }

    @Override
    public Optional<Status> iprobe(int source, int tag) {
        transport.checkFailure();
        ShmTransport.Incoming in = transport.find(context, worldOf(source), tag, false);
        return in == null ? Optional.empty() : Optional.of(probeStatus(in, rankOfWorld(in.source())));
    }

    @Override
    public Status probe(int source, int tag) {
        Backoff idle = Backoff.forJob(transport.size);
        while (true) {
            Optional<Status> s = iprobe(source, tag);
            if (s.isPresent()) {
                return s.get();
            }
            checkClosedSender(source, tag, "probe");
            idle.idle(0);
        }
    }

    /**
     * Fails a blocking probe for a message that can no longer come: its sender (every possible
     * sender, for {@code ANY_SOURCE}) has closed MPI and all it sent has been read.
     */
    private void checkClosedSender(int source, int tag, String op) {
        if (!transport.anyClosed()) {
            return;
        }
        int w = transport.closedSender(this, source, System.nanoTime());
        // what was read before is among the unexpected messages: look once more
        if (w >= 0 && transport.find(context, worldOf(source), tag, false) == null) {
            throw transport.closedPeerFailure(w, op + "(source=" + (source == Mpi.ANY_SOURCE ? "ANY_SOURCE" : source)
                    + ", tag=" + (tag == Mpi.ANY_TAG ? "ANY_TAG" : tag) + ", comm=" + displayName() + ")", null);
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
        Backoff idle = Backoff.forJob(transport.size);
        while (true) {
            Optional<SpiMessage> m = improbe(source, tag);
            if (m.isPresent()) {
                return m.get();
            }
            checkClosedSender(source, tag, "mprobe");
            idle.idle(0);
        }
    }

    @Override
    public CollectiveChannel collectiveChannel() {
        ShmComm peer = collectivePeer;
        if (peer == null) {
            peer = new ShmComm(session, members, context + 1, displayName(), remote);
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
                // a step of a collective needs every one of its requests
                session.await(requests, operation, false);
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
        // every rank proposes its next free context; all take the largest (see ShmContexts)
        int[] mine = {session.contexts.proposal()};
        int[] chosen = new int[1];
        collective(new Collective.Allreduce(Buf.of(mine), Buf.of(chosen), Op.MAX));
        session.contexts.reserve(chosen[0], 1);
        return new ShmComm(session, members, chosen[0], "");
    }

    /**
     * MPI_Comm_idup: rank 0 takes a job-wide pair of contexts ({@link ShmContexts#shared}) and
     * broadcasts it with a nonblocking broadcast on this communicator, started now in the
     * program's order of collectives here; the duplicate exists when that completes, and no rank
     * waits for another to start.
     */
    @Override
    public StartedDup startDup() {
        transport.checkFailure();
        int[] context = new int[1];
        if (rank() == 0) {
            context[0] = session.contexts.shared(transport.jobDir);
        }
        io.mpi4j.spi.SpiRequest agreed = startCollective(new Collective.Bcast(Buf.of(context), 0));
        return new StartedDup(List.of(agreed), () -> new ShmComm(session, members, context[0], ""));
    }

    @Override
    public CommEngine split(int color, int key) {
        transport.checkFailure();
        int n = size();
        int[] all = new int[3 * n];
        collective(new Collective.Allgather(Buf.of(new int[] {color, key, session.contexts.proposal()}), Buf.of(all)));
        // one block of contexts for all colors: the largest proposal, then a pair per color in increasing order
        int base = 0;
        java.util.TreeSet<Integer> colors = new java.util.TreeSet<>();
        for (int r = 0; r < n; r++) {
            base = Math.max(base, all[3 * r + 2]);
            if (all[3 * r] != Mpi.UNDEFINED) {
                colors.add(all[3 * r]);
            }
        }
        session.contexts.reserve(base, colors.size());
        if (color == Mpi.UNDEFINED) {
            return null;
        }
        List<Integer> ranks = new java.util.ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (all[3 * r] == color) {
                ranks.add(r);
            }
        }
        ranks.sort(java.util.Comparator.<Integer>comparingInt(r -> all[3 * r + 1]).thenComparingInt(r -> r));
        int[] group = ranks.stream().mapToInt(r -> members[r]).toArray();
        return new ShmComm(session, group, base + 2 * colors.headSet(color).size(), "");
    }

    @Override
    public CommEngine splitType(io.mpi4j.SplitType type, int key) {
        // every rank of an shm job runs on this machine: they can all share memory
        return split(type == io.mpi4j.SplitType.SHARED ? 0 : Mpi.UNDEFINED, key);
    }

    @Override
    public CommEngine create(int[] group) {
        transport.checkFailure();
        int[] mine = {session.contexts.proposal()};
        int[] chosen = new int[1];
        collective(new Collective.Allreduce(Buf.of(mine), Buf.of(chosen), Op.MAX));
        session.contexts.reserve(chosen[0], 1);
        // disjoint groups of one call (MPI-2.2) share the number: they share no process, so never meet
        return indexOf(group, transport.rank) < 0 ? null : new ShmComm(session, group.clone(), chosen[0], "");
    }

    @Override
    public CommEngine createGroup(int[] group, int tag) {
        transport.checkFailure();
        String key = "group/" + context + "/" + tag + "/" + java.util.Arrays.toString(group);
        int base = session.contexts.agree(group, key + "#" + session.contexts.count(key));
        return new ShmComm(session, group.clone(), base, "");
    }

    @Override
    public int remoteSize() {
        return peers().length;
    }

    @Override
    public int[] remoteGroup() {
        return peers().clone();
    }

    @Override
    public CommEngine intercomm(int[] local, int[] remoteGroup, int tag) {
        transport.checkFailure();
        // both sides name the pair alike: the group holding the lowest process first
        boolean localFirst = java.util.Arrays.stream(local).min().orElse(0) < java.util.Arrays.stream(remoteGroup).min().orElse(0);
        int[] a = localFirst ? local : remoteGroup;
        int[] b = localFirst ? remoteGroup : local;
        String key = "inter/" + tag + "/" + java.util.Arrays.toString(a) + "/" + java.util.Arrays.toString(b);
        int[] union = java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray();
        int base = session.contexts.agree(union, key + "#" + session.contexts.count(key));
        return new ShmComm(session, local.clone(), base, "", remoteGroup.clone());
    }

    @Override
    public CommEngine merge(int[] merged) {
        transport.checkFailure();
        // both groups share this intercommunicator's context, so they name the call alike
        String key = "merge/" + context;
        int base = session.contexts.agree(merged, key + "#" + session.contexts.count(key));
        return new ShmComm(session, merged.clone(), base, "");
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
