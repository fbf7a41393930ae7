package io.mpi4j.sim.engine;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * One rank's view of a communicator on the {@code sim} provider.
 *
 * <h2>Transfers</h2>
 * A send locks the destination's {@link Mailbox}. If a matching receive is posted, the sender
 * copies straight into the receiver's buffer (one copy). Otherwise the message is queued: eager
 * messages (buffered sends, and standard sends the {@link io.mpi4j.sim.Buffering} allows) with a
 * private copy, and the send completes; rendezvous messages (synchronous sends, larger standard
 * sends) with a reference to the sender's memory, and the send completes when the receiver has
 * copied out of it (again one copy).
 */
final class SimComm implements CommEngine {
    final SimWorld world;
    final CommShared shared;
    final int rank;
    final RankState me;
    /** The matching context: the communicator's point-to-point one, or its collective one for {@link #collectiveChannel()}. */
    private final int context;
    private volatile String name;
    /** Collective calls made by this rank on this communicator: the n-th call is the same call everywhere. */
    private int collectiveCalls;
    private volatile SimComm collectivePeer;

    SimComm(SimWorld world, CommShared shared, int rank) {
        this(world, shared, rank, shared.context);
    }

    private SimComm(SimWorld world, CommShared shared, int rank, int context) {
        this.world = world;
        this.shared = shared;
        this.rank = rank;
        this.me = world.rank(shared.group[rank]);
        this.context = context;
        this.name = shared.defaultName;
    }

    /** The world rank of a peer of point-to-point operations: a remote rank on an intercommunicator. */
    int worldRankOf(int peerRank) {
        return peers()[peerRank];
    }

    private int[] peers() {
        return shared.remote != null ? shared.remote : shared.group;
    }

    String displayName() {
        String n = name;
        return n.isEmpty() ? shared.origin + "#" + shared.context : n;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return shared.group.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    // ---- point-to-point ----

    @Override
    public SpiRequest isend(Buf buf, int dest, int tag, SendMode mode) {
        world.point(me);
        world.checkAbort();
        RankState d = world.rank(peers()[dest]);
        MemorySegment src = buf.segment();
        long bytes = buf.byteSize();
        Datatype type = buf.datatype();
        SimRequest req = new SimRequest(this, kindOf(mode), dest, tag);
        Mailbox box = d.mailbox;
        PostedRecv match;
        box.lock.lock();
        try {
            match = box.takePosted(context, rank, tag);
            if (match != null && match.source == Mpi.ANY_SOURCE) {
                d.matchedWildcard(match.request.comm(), rank, tag);
            }
            if (match == null) {
                if (mode == SendMode.READY) {
                    throw new MpiException(ErrorClass.ERR_OTHER, "rsend: no matching receive is posted at dest=" + dest
                            + " (tag=" + tag + ", comm=" + displayName() + "); a ready send requires the receive to be posted first");
                }
                Envelope env;
                if (mode == SendMode.BUFFERED) {
                    // the API has already copied the data: queue it as is; the request completes on delivery
                    env = new Envelope(context, rank, tag, bytes, type, src, req);
                } else if (mode == SendMode.STANDARD && world.buffering.buffers(bytes)) {
                    env = new Envelope(context, rank, tag, bytes, type, copyOf(src, bytes), null);
                    req.completeImmediately(sendStatus(dest, tag, bytes, type));
                } else {
                    // Rendezvous: the receiver copies straight out of the sender's memory, unless that
                    // memory is confined to this thread; then it takes a private copy.
                    MemorySegment data = src.isAccessibleBy(receiverThread(d)) ? src : copyOf(src, bytes);
                    env = new Envelope(context, rank, tag, bytes, type, data, req);
                }
                req.envelope = env;
                req.envelopeBox = box;
                env.from = this;
                if (world.trace != null) {
                    env.tracedAt = world.trace.now();
                }
                if (world.recordsSenders()) {
                    env.sentAt = SimWorld.programFrame();
                }
                box.arrive(env);
            }
        } finally {
            box.lock.unlock();
        }
        TraceRecorder tr = world.trace;
        if (tr != null) {
            tr.step(me.worldRank, req.describe());
            if (match != null) {
                tr.message(me.worldRank, d.worldRank, displayName(), tag, bytes, tr.now());
            }
        }
        if (match != null) {
            if (match.target.writableBy(Thread.currentThread())) {
                deliver(src, bytes, type, rank, tag, match.target, match.request);
            } else {
                // The receive buffer is confined to the receiver's thread: it copies the data in itself.
                match.request.defer(new Envelope(context, rank, tag, bytes, type, copyOf(src, bytes), null), match.target);
            }
            req.completeImmediately(sendStatus(dest, tag, bytes, type));
        } else {
            world.signal(d); // a probe may be waiting for this arrival
        }
        return req;
    }

    @Override
    public SpiRequest irecv(RecvTarget target, int source, int tag) {
        world.point(me);
        world.checkAbort();
        SimRequest req = new SimRequest(this, "recv", source, tag);
        Mailbox box = me.mailbox;
        Envelope env;
        box.lock.lock();
        try {
            env = box.takeUnexpected(context, source, tag, world.matchChooser(me));
            if (env != null && source == Mpi.ANY_SOURCE) {
                me.matchedWildcard(this, env.source, env.tag);
            }
            if (env == null) {
                PostedRecv p = new PostedRecv(context, source, tag, target, req);
                req.posted = p;
                box.post(p);
            }
        } finally {
            box.lock.unlock();
        }
        TraceRecorder tr = world.trace;
        if (tr != null) {
            tr.step(me.worldRank, req.describe());
            traceMatch(tr, env);
        }
        if (env != null) {
            deliver(env, target, req);
        }
        return req;
    }

    /** Records that a queued message was matched by a receive of this rank. */
    private void traceMatch(TraceRecorder tr, Envelope env) {
        if (env != null && env.from != null) {
            tr.message(env.from.me.worldRank, me.worldRank, displayName(), env.tag, env.bytes, env.tracedAt);
        }
    }

    @Override
    public Optional<Status> iprobe(int source, int tag) {
        world.point(me);
        world.checkAbort();
        Mailbox box = me.mailbox;
        box.lock.lock();
        try {
            Envelope e = box.peekUnexpected(context, source, tag, world.matchChooser(me));
            if (e != null) {
                return Optional.of(probeStatus(e));
            }
        } finally {
            box.lock.unlock();
        }
        world.pollPoint(me); // a program may poll in a loop: in a deterministic job, let others run
        return Optional.empty();
    }

    @Override
    public Status probe(int source, int tag) {
        Mailbox box = me.mailbox;
        while (true) {
            long seen = box.arrivals;
            Optional<Status> s = iprobe(source, tag);
            if (s.isPresent()) {
                return s.get();
            }
            world.await(me, () -> box.arrivals != seen, () -> pending("probe", source, tag));
        }
    }

    @Override
    public Optional<SpiMessage> improbe(int source, int tag) {
        world.point(me);
        world.checkAbort();
        Mailbox box = me.mailbox;
        Envelope e;
        box.lock.lock();
        try {
            e = box.takeUnexpected(context, source, tag, world.matchChooser(me));
            if (e != null && source == Mpi.ANY_SOURCE) {
                me.matchedWildcard(this, e.source, e.tag);
            }
        } finally {
            box.lock.unlock();
        }
        if (e == null) {
            world.pollPoint(me); // as in iprobe
            return Optional.empty();
        }
        TraceRecorder tr = world.trace;
        if (tr != null) {
            tr.step(me.worldRank, "improbe" + pending("", source, tag).description() + " matched");
            traceMatch(tr, e);
        }
        return Optional.of(new SimMessage(e));
    }

    @Override
    public SpiMessage mprobe(int source, int tag) {
        Mailbox box = me.mailbox;
        while (true) {
            long seen = box.arrivals;
            Optional<SpiMessage> m = improbe(source, tag);
            if (m.isPresent()) {
                return m.get();
            }
            world.await(me, () -> box.arrivals != seen, () -> pending("mprobe", source, tag));
        }
    }

    @Override
    public void collective(io.mpi4j.spi.Collective call) {
        world.point(me);
        world.checkAbort();
        if (world.collectives == SimWorld.Collectives.P2P) {
            io.mpi4j.spi.coll.DefaultCollectives.run(collectiveChannel(), call);
            return;
        }
        traceCollective(call);
        SimCollectiveRequest r = startShared(call, false);
        if (!r.poll()) {
            world.awaitRequests(me, java.util.List.of(r), r.describe());
            r.poll(); // copies into memory confined to this thread, if any
        }
        MpiException f = r.failure();
        if (f != null) {
            throw new MpiException(f.errorClass(), f.getMessage());
        }
    }

    @Override
    public SpiRequest startCollective(io.mpi4j.spi.Collective call) {
        world.point(me);
        world.checkAbort();
        traceCollective(call);
        if (world.collectives == SimWorld.Collectives.P2P) {
            SpiRequest r = io.mpi4j.spi.coll.DefaultCollectives.start(collectiveChannel(), call);
            r.onComplete(() -> world.signal(me)); // the algorithm's thread finished: wake the rank
            return new SpawnedCollectiveRequest(r);
        }
        return startShared(call, true);
    }

    private void traceCollective(io.mpi4j.spi.Collective call) {
        TraceRecorder tr = world.trace;
        if (tr != null) {
            tr.step(me.worldRank, call.name() + "(comm=" + displayName() + ")");
        }
    }

    /** Arrives at the rendezvous of this call; the last rank to arrive executes it for everyone. */
    private SimCollectiveRequest startShared(io.mpi4j.spi.Collective call, boolean nonblocking) {
        int seq = nextCollectiveCall();
        java.util.List<Runnable> ownerCopies = new java.util.ArrayList<>(0);
        io.mpi4j.spi.Collective prepared = ConfinedStaging.prepare(call, rank, ownerCopies);
        CollectiveRound round = shared.rounds.computeIfAbsent(seq, s -> new CollectiveRound(shared, s, displayName()));
        SimCollectiveRequest request = new SimCollectiveRequest(this, prepared, round, ownerCopies);
        round.arrive(rank, prepared, nonblocking, request);
        return request;
    }

    /**
     * Notes the refusal for the reports: the call takes no place in the order of collective calls
     * (a refused call may have been this rank's alone, which leaves the communicator usable), but
     * if the other ranks made it, a later mismatch or deadlock comes from here.
     */
    @Override
    public void collectiveRefused(String operation, MpiException error) {
        me.refusedCollective = "rank " + me.worldRank + "'s " + operation + " on " + displayName() + " was refused by its own argument"
                + " checks (" + error.errorClass() + ": " + error.getMessage() + ") instead of becoming its collective call #" + (collectiveCalls + 1)
                + " there; if the other ranks made that call, each of their collectives since has paired with this rank's next one";
    }

    /** Counts a collective call on this communicator and returns its sequence number. */
    int nextCollectiveCall() {
        return collectiveCalls++;
    }

    @Override
    public io.mpi4j.spi.CollectiveChannel collectiveChannel() {
        SimComm peer = collectivePeer;
        if (peer == null) {
            peer = new SimComm(world, shared, rank, shared.collContext);
            peer.name = displayName();
            collectivePeer = peer;
        }
        SimComm p2p = peer;
        return new io.mpi4j.spi.CollectiveChannel() {
            @Override
            public CommEngine p2p() {
                return p2p;
            }

            @Override
            public void awaitAny(java.util.List<? extends SpiRequest> requests, String operation) {
                world.awaitRequests(me, requests, operation);
            }

            @Override
            public int nextTag() {
                return nextCollectiveCall() & Integer.MAX_VALUE;
            }

            @Override
            public void spawn(String threadName, Runnable task) {
                Thread t = Thread.ofVirtual().name(threadName).start(task);
                world.workingFor(me, t);
            }
        };
    }

    @Override
    public CommEngine dup() {
        world.checkAbort();
        CommShared s = world.derived(new SimWorld.ContextKey(shared.context, "dup#" + nextCollectiveCall()), shared.group, "", "dup(" + displayName() + ")");
        return new SimComm(world, s, rank);
    }

    @Override
    public int[] group() {
        return shared.group.clone();
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
    public CommEngine intercomm(int[] local, int[] remote, int tag) {
        world.checkAbort();
        // both sides name the pair of groups in the same order: the one holding the lowest process first
        boolean localFirst = java.util.Arrays.stream(local).min().orElse(0) < java.util.Arrays.stream(remote).min().orElse(0);
        int[] a = localFirst ? local : remote;
        int[] b = localFirst ? remote : local;
        java.util.List<Integer> pair = java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.stream.IntStream.concat(
                java.util.stream.IntStream.of(-1), java.util.Arrays.stream(b))).boxed().toList();
        int count = intercommCreations.merge(new GroupCall(pair, tag, 0), 1, Integer::sum);
        CommShared[] sides = world.derivedIntercomm(new SimWorld.ContextKey(-1, new GroupCall(pair, tag, count)), a, b, "intercomm(tag=" + tag + ")");
        CommShared mine = localFirst ? sides[0] : sides[1];
        return new SimComm(world, mine, indexOf(mine.group, shared.group[rank]));
    }

    private final java.util.Map<GroupCall, Integer> intercommCreations = new java.util.HashMap<>();

    @Override
    public CommEngine merge(int[] members) {
        world.checkAbort();
        int seq = nextCollectiveCall(); // merge is collective over both groups, numbered alike on each side
        CommShared s = world.derived(new SimWorld.ContextKey(shared.context, "merge#" + seq), members.clone(), "", "merge(" + displayName() + ")");
        return new SimComm(world, s, indexOf(members, shared.group[rank]));
    }

    @Override
    public CommEngine split(int color, int key) {
        world.checkAbort();
        int seq = collectiveCalls; // the allgather below is this call number on every rank
        int n = size();
        int[] all = new int[2 * n];
        collective(new io.mpi4j.spi.Collective.Allgather(io.mpi4j.Buf.of(new int[] {color, key}), io.mpi4j.Buf.of(all)));
        if (color == Mpi.UNDEFINED) {
            return null;
        }
        // the members of my color, ordered by key and then by rank in this communicator
        java.util.List<Integer> ranks = new java.util.ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (all[2 * r] == color) {
                ranks.add(r);
            }
        }
        ranks.sort(java.util.Comparator.<Integer>comparingInt(r -> all[2 * r + 1]).thenComparingInt(r -> r));
        int[] members = new int[ranks.size()];
        int myRank = -1;
        for (int i = 0; i < members.length; i++) {
            members[i] = shared.group[ranks.get(i)];
            if (ranks.get(i) == rank) {
                myRank = i;
            }
        }
        CommShared s = world.derived(new SimWorld.ContextKey(shared.context, "split#" + seq + "/color=" + color), members, "",
                "split(" + displayName() + ", color=" + color + ")");
        return new SimComm(world, s, myRank);
    }

    @Override
    public CommEngine splitType(io.mpi4j.SplitType type, int key) {
        // every rank of a sim job runs in one JVM: they can all share memory
        return split(type == io.mpi4j.SplitType.SHARED ? 0 : Mpi.UNDEFINED, key);
    }

    @Override
    public CommEngine create(int[] members) {
        world.checkAbort();
        int seq = nextCollectiveCall(); // create is collective: this number is the same on every rank
        int myRank = indexOf(members, shared.group[rank]);
        if (myRank < 0) {
            return null;
        }
        // MPI-2.2 allows disjoint groups in one call: each group gets its own communicator
        java.util.List<Integer> group = java.util.Arrays.stream(members).boxed().toList();
        CommShared s = world.derived(new SimWorld.ContextKey(shared.context, new GroupCall(group, -1, seq)), members.clone(), "", "create(" + displayName() + ")");
        return new SimComm(world, s, myRank);
    }

    @Override
    public CommEngine createGroup(int[] members, int tag) {
        world.checkAbort();
        // Only the members call it: they number their calls with these members and tag alike.
        java.util.List<Integer> key = java.util.Arrays.stream(members).boxed().toList();
        int count = groupCreations.merge(new GroupCall(key, tag, 0), 1, Integer::sum);
        int myRank = indexOf(members, shared.group[rank]);
        CommShared s = world.derived(new SimWorld.ContextKey(shared.context, new GroupCall(key, tag, count)), members.clone(), "",
                "createGroup(" + displayName() + ", tag=" + tag + ")");
        return new SimComm(world, s, myRank);
    }

    /** A call of createGroup (or an intercommunicator creation): the members, the tag, and the how-many-th such call it is. */
    private record GroupCall(java.util.List<Integer> members, int tag, int count) {
    }

    private final java.util.Map<GroupCall, Integer> groupCreations = new java.util.HashMap<>();

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void free() {
        // Contexts are not recycled: the allocator has 2^30 of them, and nothing else is held.
    }

    // ---- transfer ----

    private static Thread receiverThread(RankState r) {
        Thread t = r.mainThread;
        return t != null ? t : Thread.currentThread();
    }

    /** Completes a receive from a queued message, and the message's send if it was waiting. */
    void deliver(Envelope env, RecvTarget target, SimRequest recv) {
        deliver(env.data, env.bytes, env.datatype, env.source, env.tag, target, recv);
        if (env.sendRequest != null) {
            env.sendRequest.complete(sendStatus(rank, env.tag, env.bytes, env.datatype), null);
        }
    }

    /**
     * Fails a receive whose matched message cannot be written: its buffer is memory confined to
     * another thread than the one completing it (which would otherwise wait for the owner to copy
     * it in, perhaps forever). The message counts as received: its send completes.
     */
    void refuseConfined(Envelope env, RecvTarget target, SimRequest recv) {
        MpiException e = io.mpi4j.spi.SpiRequest.completedOffTheMemorysThread(recv.describe(),
                "the message from source=" + env.source + ", tag=" + env.tag);
        recv.complete(new Status(env.source, env.tag, 0, target.datatype(), false, ErrorClass.ERR_BUFFER), e);
        if (env.sendRequest != null) {
            env.sendRequest.complete(sendStatus(rank, env.tag, env.bytes, env.datatype), null);
        }
    }

    /** Copies a message into a receive's buffer (truncating if it does not fit) and completes the receive. */
    private void deliver(MemorySegment data, long bytes, Datatype type, int source, int tag, RecvTarget target, SimRequest recv) {
        Datatype expected = target.datatype();
        if (world.checksTypes() && type != expected && type != Datatype.BYTE && expected != Datatype.BYTE
                && !Datatype.signaturesMatch(type, expected, bytes)) {
            // on the collective context the message is one of a collective's own (the point-to-point
            // algorithms): say so, rather than name a receive the program never made
            boolean collective = context == shared.collContext;
            MpiException e = new MpiException(ErrorClass.ERR_TYPE, (collective ? "a collective on " + displayName()
                    + " (run as point-to-point messages): its message from rank " + source : "recv: the message from source=" + source
                    + " (tag=" + tag + ", comm=" + displayName() + ")") + " was sent as " + type + " but is received as " + expected
                    + "; the type signatures of " + (collective ? "the ranks' buffers" : "a send and its receive")
                    + " must match (MPI-4.1 " + (collective ? "§6.1.1" : "§3.3.1") + ")");
            recv.complete(new Status(source, tag, 0, expected, false, ErrorClass.ERR_TYPE), e);
            return;
        }
        Buf dst;
        try {
            dst = target.bufferFor(bytes);
        } catch (MpiException e) {
            recv.complete(new Status(source, tag, 0, target.datatype(), false, e.errorClass()), e);
            return;
        }
        long capacity = dst.byteSize();
        long n = Math.min(bytes, capacity);
        if (n > 0) {
            MemorySegment.copy(data, 0, dst.segment(), 0, n);
        }
        if (n < bytes) {
            MpiException e = new MpiException(ErrorClass.ERR_TRUNCATE, "recv: message of " + bytes + " bytes (source=" + source
                    + ", tag=" + tag + ", comm=" + displayName() + ") is longer than the receive buffer of " + capacity
                    + " bytes; the first " + capacity + " bytes were stored");
            recv.complete(new Status(source, tag, n, target.datatype(), false, ErrorClass.ERR_TRUNCATE), e);
        } else {
            recv.complete(new Status(source, tag, n, target.datatype(), false, ErrorClass.SUCCESS), null);
        }
    }

    private static MemorySegment copyOf(MemorySegment src, long bytes) {
        if (bytes == 0) {
            return MemorySegment.NULL;
        }
        MemorySegment copy = bytes <= Integer.MAX_VALUE - 8
                ? MemorySegment.ofArray(new byte[(int) bytes])
                : java.lang.foreign.Arena.ofAuto().allocate(bytes, 8);
        MemorySegment.copy(src, 0, copy, 0, bytes);
        return copy;
    }

    private static Status sendStatus(int dest, int tag, long bytes, Datatype type) {
        return new Status(dest, tag, bytes, type, false, ErrorClass.SUCCESS);
    }

    /** What a probe reports: counted in BYTE, as on every provider (a real MPI does not know the sender's datatype). */
    private static Status probeStatus(Envelope e) {
        return new Status(e.source, e.tag, e.bytes, Datatype.BYTE, false, ErrorClass.SUCCESS);
    }

    private static String kindOf(SendMode mode) {
        return switch (mode) {
            case STANDARD -> "send";
            case SYNCHRONOUS -> "ssend";
            case BUFFERED -> "bsend";
            case READY -> "rsend";
        };
    }

    private PendingOp pending(String op, int source, int tag) {
        return new PendingOp(op + "(source=" + (source == Mpi.ANY_SOURCE ? "ANY_SOURCE" : source) + ", tag="
                + (tag == Mpi.ANY_TAG ? "ANY_TAG" : tag) + ", comm=" + displayName() + ")",
                source == Mpi.ANY_SOURCE ? null : new int[] {worldRankOf(source)}, new PendingOp.Receive(shared.context, source, tag));
    }

    /** A message taken off the queue by a matched probe. */
    private final class SimMessage implements SpiMessage {
        private final Envelope env;

        SimMessage(Envelope env) {
            this.env = env;
        }

        @Override
        public Status status() {
            return probeStatus(env);
        }

        @Override
        public SpiRequest irecv(RecvTarget target) {
            SimRequest req = new SimRequest(SimComm.this, "mrecv", env.source, env.tag);
            deliver(env, target, req);
            return req;
        }
    }
}
