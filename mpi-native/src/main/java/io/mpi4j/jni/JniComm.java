package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.NeighborCollective;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A communicator of the native provider: an MPI_Comm with MPI_ERRORS_RETURN, and a second one
 * (MPI_Comm_dup'd at creation) for the provider-neutral collective algorithms the provider falls
 * back on (object collectives, user-defined operations on packed derived types).
 */
final class JniComm implements CommEngine {
    final JniSession session;
    final long handle;
    private final int rank;
    private final int size;
    /** The size of the remote group of an intercommunicator; -1 for an intracommunicator. */
    private final int remoteSize;
    private volatile String name;
    /** Point-to-point on a duplicate, for the portable collective algorithms; null for that duplicate. */
    private final Channel channel;
    private final boolean predefined;
    /**
     * The in- and out-degree of this process in a topology the library built (or kept in a
     * duplicate) and in which no process has a repeated neighbour: then the neighbourhood
     * collectives are the library's ({@link NativeNeighborCollectives}); {@code null} otherwise.
     */
    private final int[] neighbourhood;
    /** Whether free() was called. */
    private volatile boolean freed;
    /** Whether MPI_Comm_free has run, which may be after free() (CommUsers). */
    private volatile boolean handleFreed;

    JniComm(JniSession session, long handle, String name, boolean withChannel) {
        this(session, handle, name, withChannel, null);
    }

    JniComm(JniSession session, long handle, String name, boolean withChannel, int[] neighbourhood) {
        this(session, handle, name, withChannel ? DUP_CHANNEL : NO_CHANNEL, neighbourhood);
    }

    /** {@code channelHandle} for a communicator without a collective context of its own. */
    private static final long NO_CHANNEL = 0;
    /** {@code channelHandle} asking for MPI_Comm_dup of {@code handle} as the collective context. */
    private static final long DUP_CHANNEL = -1;

    /**
     * @param channelHandle the communicator of the collective context: {@link #NO_CHANNEL},
     *     {@link #DUP_CHANNEL}, or one made already (by MPI_Comm_idup, {@link #startDup()})
     */
    private JniComm(JniSession session, long handle, String name, long channelHandle, int[] neighbourhood) {
        this.session = session;
        this.neighbourhood = neighbourhood;
        this.handle = handle;
        long[] out = new long[2];
        Errors.check(Jni.commRankSize(handle, out), "comm_rank");
        this.rank = (int) out[0];
        this.size = (int) out[1];
        Errors.check(Jni.commTestInter(handle, out), "comm_test_inter");
        this.remoteSize = out[0] == 0 ? -1 : (int) out[1];
        this.name = name;
        this.predefined = name.equals("WORLD") || name.equals("SELF");
        if (channelHandle == NO_CHANNEL) {
            this.channel = null;
        } else {
            long c = channelHandle == DUP_CHANNEL ? session.dupHandle(handle) : channelHandle;
            this.channel = new Channel(new JniComm(session, c, name + "(collectives)", false));
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        live();
        Errors.check(Jni.commSetName(handle, name), "comm_set_name");
        this.name = name;
    }

    // ---- point-to-point ----

    /** MPI moves derived datatypes itself, with MPI derived datatypes ({@link DerivedP2p}). */
    @Override
    public boolean takesDerivedTypes() {
        return true;
    }

    /**
     * MPI moves the derived datatypes of data-movement collectives too, with MPI derived datatypes
     * ({@link TypedCollectives}).
     */
    @Override
    public boolean takesDerivedCollectiveTypes() {
        return true;
    }

    /**
     * All but, under Open MPI, a type with data below its lower bound (possible since a struct
     * takes its bounds from resized members, MPI-4.1 §5.1.7): Open MPI 4.1's MPI_Gather moved such
     * a type's data wrongly from a sending process (a TCK property found it: 3 elements of
     * {@code struct{DOUBLE at 0, resized(hindexed_block(SHORT at 26, 14), 0, 20) at 26}}, lower
     * bound 26, gathered on 4 processes), where MPI_Send of the same type, and MPICH, are right.
     * The API packs it instead.
     */
    @Override
    public boolean takesDerivedCollectiveType(Datatype type) {
        return !(session.openMpi && type.trueLowerBound() < type.lowerBound());
    }

    /** MPI_Send and its modes directly where this thread may block in MPI ({@link BlockingP2p}). */
    @Override
    public SpiRequest send(Buf buf, int dest, int tag, SendMode mode) {
        live();
        if (BlockingP2p.applies(this, buf)) {
            try (ClosingWatch.Slot _ = session.closing.enter(this, dest, false, "send")) {
                return BlockingP2p.send(this, buf, dest, tag, modeCode(mode));
            }
        }
        return isend(buf, dest, tag, mode);
    }

    /** MPI_Recv directly where this thread may block in MPI ({@link BlockingP2p}). */
    @Override
    public SpiRequest recv(RecvTarget target, int source, int tag) {
        live();
        if (target instanceof RecvTarget.Into(Buf buf) && BlockingP2p.applies(this, buf)) {
            try (ClosingWatch.Slot _ = session.closing.enter(this, source, false, "recv")) {
                return BlockingP2p.recv(this, buf, source, tag);
            }
        }
        return irecv(target, source, tag);
    }

    /**
     * The mode code of the C glue. BUFFERED: the API already made a private copy, so a standard
     * send gives MPI_Bsend's semantics without an MPI_Buffer_attach.
     */
    private static int modeCode(SendMode mode) {
        return switch (mode) {
            case STANDARD, BUFFERED -> 0;
            case SYNCHRONOUS -> 1;
            case READY -> 3;
        };
    }

    @Override
    public SpiRequest isend(Buf buf, int dest, int tag, SendMode mode) {
        live();
        int m = modeCode(mode);
        if (DerivedP2p.applies(buf)) {
            return DerivedP2p.isend(this, buf, dest, tag, m);
        }
        Mem mem = Mem.of(buf.segment(), true, buf);
        long[] out = new long[1];
        int rc = Jni.isend(handle, mem.address, mem.bytes, dest, tag, m, out);
        if (rc != 0) {
            mem.release();
            throw Errors.exception(rc, "isend");
        }
        long bytes = buf.byteSize();
        Datatype type = buf.datatype();
        return new JniRequest(session, out[0], "isend", "isend(dest=" + dest + ", tag=" + tag + ", comm=" + name + ")",
                (st, err) -> {
                    mem.release();
                    return new Status(dest, tag, bytes, type, st[4] != 0, err);
                }).waitsOn(this, dest, false);
    }

    @Override
    public SpiRequest irecv(RecvTarget target, int source, int tag) {
        live();
        if (target instanceof RecvTarget.Into(Buf buf)) {
            if (DerivedP2p.applies(buf)) {
                return DerivedP2p.irecv(this, buf, source, tag);
            }
            SpiRequest r = startRecv(buf, buf.datatype(), "irecv(source=" + source + ", tag=" + tag + ", comm=" + name + ")",
                    (mem, out) -> Jni.irecv(handle, mem.address, mem.bytes, source, tag, out));
            return r instanceof NativeRequest n ? n.waitsOn(this, source, false) : r;
        }
        // Polled by the progress thread, not only when the program tests it: until it has matched a
        // message no MPI receive is posted, and a sender that waits for its receive (a synchronous
        // or rendezvous send, or any send to oneself on MPICH's one-process path) would wait on this
        // process's own progress while its thread is blocked, perhaps in that very send.
        MatchingRecv r = new MatchingRecv(this, target, source, tag);
        session.watch(r);
        return r;
    }

    /** Starts an MPI call that receives into {@code mem}. */
    interface RecvStart<M extends Staged> {
        int start(M mem, long[] out);
    }

    SpiRequest startRecv(Buf buf, Datatype type, String description, RecvStart<Mem> start) {
        return startRecv(Mem.of(buf.segment(), false, buf), type, description, start);
    }

    /** Starts a receive into {@code mem} ({@link Mem}, or {@link TypedMem} for a derived datatype). */
    <M extends Staged> SpiRequest startRecv(M mem, Datatype type, String description, RecvStart<M> start) {
        long[] out = new long[1];
        int rc = start.start(mem, out);
        if (rc != 0) {
            mem.release();
            throw Errors.exception(rc, description);
        }
        return new JniRequest(session, out[0], "recv", description, (st, err) -> {
            long bytes = st[3];
            if (err != ErrorClass.SUCCESS) {
                // failed (ERR_TRUNCATE): MPI does not say what the buffer holds (MPI-4.1 §3.2.4), and the
                // count is not the data written: MPICH's ch4:ucx writes nothing and reports an arbitrary
                // count, so copying back from the uninitialized staging memory would put garbage into the
                // array. A heap array keeps its contents; native memory holds what the library wrote.
                mem.release();
                return new Status((int) st[1], (int) st[2], bytes, type, false, err);
            }
            if (st[4] != 0) {
                // cancelled: nothing was received, and the count of a cancelled status is
                // undefined (MPICH leaves it random): the user's array keeps its contents
                mem.release();
                return new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, type, true, err);
            }
            mem.copyOut(bytes);
            mem.release();
            return new Status((int) st[1], (int) st[2], bytes, type, false, err);
        });
    }

    @Override
    public Optional<io.mpi4j.spi.SpiPersistent> sendInit(Buf buf, int dest, int tag, SendMode mode) {
        live();
        return Optional.of(NativePersistent.send(this, buf, dest, tag, mode));
    }

    @Override
    public Optional<io.mpi4j.spi.SpiPersistent> recvInit(Buf buf, int source, int tag) {
        live();
        return Optional.of(NativePersistent.recv(this, buf, source, tag));
    }

    private static Status envelope(long[] st) {
        return new Status((int) st[1], (int) st[2], st[3], Datatype.BYTE, false, ErrorClass.SUCCESS);
    }

    @Override
    public Optional<Status> iprobe(int source, int tag) {
        live();
        long[] st = new long[7];
        Errors.check(Jni.iprobe(handle, source, tag, false, st), "iprobe");
        return st[0] == 0 ? Optional.empty() : Optional.of(envelope(st));
    }

    @Override
    public Status probe(int source, int tag) {
        live();
        if (pollsHere()) {
            return pollFor(source, "probe", () -> iprobe(source, tag));
        }
        long[] st = new long[7];
        try (ClosingWatch.Slot _ = session.closing.enter(this, source, false, "probe")) {
            Errors.check(Jni.iprobe(handle, source, tag, true, st), "probe");
        }
        return envelope(st);
    }

    @Override
    public Optional<SpiMessage> improbe(int source, int tag) {
        live();
        long[] st = new long[7];
        Errors.check(Jni.improbe(handle, source, tag, false, st), "improbe");
        return st[0] == 0 ? Optional.empty() : Optional.of(new JniMessage(this, st[6], envelope(st)));
    }

    @Override
    public SpiMessage mprobe(int source, int tag) {
        live();
        if (pollsHere()) {
            return pollFor(source, "mprobe", () -> improbe(source, tag));
        }
        long[] st = new long[7];
        try (ClosingWatch.Slot _ = session.closing.enter(this, source, false, "mprobe")) {
            Errors.check(Jni.improbe(handle, source, tag, true, st), "mprobe");
        }
        return new JniMessage(this, st[6], envelope(st));
    }

    /** Repeats a nonblocking probe until it finds a message, the thread watched as blocked on {@code source}. */
    private <T> T pollFor(int source, String op, java.util.function.Supplier<Optional<T>> attempt) {
        Idle idle = session.polls() ? Idle.oversubscribed() : new Idle();
        try (ClosingWatch.Slot _ = session.closing.enter(this, source, false, op)) {
            for (;;) {
                Optional<T> found = attempt.get();
                if (found.isPresent()) {
                    return found.get();
                }
                idle.idle();
            }
        }
    }

    /**
     * Whether a blocking call must poll rather than block in MPI: a virtual thread never blocks in
     * native code (it would pin its carrier), and under {@link WaitPolicy#POLL} no thread does.
     */
    private boolean pollsHere() {
        return session.polls() || Thread.currentThread().isVirtual();
    }

    // ---- collectives ----

    @Override
    public void barrier() {
        if (Thread.currentThread().isVirtual()) {
            session.offVirtualRun(this::barrier);
            return;
        }
        live();
        if (session.polls()) {
            collective(new Collective.Barrier());
            return;
        }
        long[] out = new long[1];
        try (ClosingWatch.Slot _ = session.closing.enter(this, -1, !isIntercomm(), "barrier")) {
            Errors.check(Jni.barrier(handle, false, out), "barrier");
        }
    }

    @Override
    public boolean takesIntercommCollective(io.mpi4j.Op op) {
        // every collective MPI defines on an intercommunicator, with every datatype the API hands
        // over, user-defined operations included (NativeUserOps); REPLACE and NO_OP, which MPI's
        // reductions do not take, keep the API's algorithm
        return remoteSize >= 0 && (op == null || Types.code(op) >= 0 || !op.isPredefined());
    }

    /** The call, for the provider-neutral algorithms, which work within one group only. */
    private Collective intracommOnly(Collective call) {
        if (isIntercomm()) {
            throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " on the intercommunicator " + name
                    + " has no mapping to the library");
        }
        return call;
    }

    /** On an intercommunicator: counts the call, and routes around the library's bugs. */
    private Collective intercommCall(Collective call) {
        if (!isIntercomm()) {
            return call;
        }
        NativeCollectives.countIntercomm();
        if (session.interIbcastBroken && call instanceof Collective.Bcast b && !LargeInterCollectives.applies(this, b)) {
            return NativeCollectives.bcastAsScatterv(b, remoteSize);
        }
        return call;
    }

    /** Per stream of large intercommunicator collectives, how many have been called ({@link LargeInterCollectives}). */
    private java.util.Map<Long, Long> largeInterCalls;

    /**
     * The tag of the next call in a stream of large intercommunicator collectives
     * ({@link LargeInterCollectives}): from the upper half of the tag space, which the collective
     * context's own sequence never reaches, and congruent to {@code stream} modulo {@code kinds},
     * so that streams of different kinds never share a tag.
     *
     * @param stream the stream, the same on every rank that takes part in its calls
     * @param kinds how many kinds of streams there are (a power of two)
     * @return the tag
     */
    synchronized int largeInterTag(long stream, int kinds) {
        if (largeInterCalls == null) {
            largeInterCalls = new java.util.HashMap<>();
        }
        long seq = largeInterCalls.merge(stream, 1L, Long::sum) - 1;
        int ub = session.tagUpperBound();
        int low = Integer.highestOneBit(ub);
        long range = (long) ub - low + 1;
        return (int) (low + ((seq * kinds + Math.floorMod(stream, kinds)) % range));
    }

    /** Whether this is an intercommunicator: then every collective it is given is the library's. */
    boolean isIntercomm() {
        return remoteSize >= 0;
    }

    @Override
    public void collective(Collective call) {
        if (Thread.currentThread().isVirtual()) {
            session.offVirtualRun(() -> collective(call));
            return;
        }
        if (isIntercomm() || !ClosingWatch.waitsForAll(call)) {
            collectiveUnwatched(call);
            return;
        }
        try (ClosingWatch.Slot _ = session.closing.enter(this, -1, true, call.name())) {
            collectiveUnwatched(call);
        }
    }

    private void collectiveUnwatched(Collective call) {
        live();
        call = intercommCall(call);
        if (isIntercomm() && LargeInterCollectives.applies(this, call)) {
            // polled, its library call is the nonblocking one, as the PROC_NULL ranks' is: MPI does
            // not match a blocking collective with a nonblocking one (MPICH then hangs)
            if (session.polls()) {
                awaitPolled(LargeInterCollectives.run(this, call, true));
            } else {
                LargeInterCollectives.run(this, call, false);
            }
            return;
        }
        if (NativeUserOps.supports(call)) {
            if (session.polls()) {
                awaitPolled(NativeUserOps.run(this, call, true));
            } else {
                NativeUserOps.run(this, call, false);
            }
            return;
        }
        NativeCollectives.Route route = NativeCollectives.route(call, size);
        if (route == NativeCollectives.Route.PORTABLE) {
            CommEngine.super.collective(intracommOnly(call));
            return;
        }
        if (session.polls()) {
            awaitPolled(NativeCollectives.run(this, call, route, true));
            return;
        }
        NativeCollectives.run(this, call, route, false);
    }

    /** Completes the nonblocking form of a blocking call by polling (WaitPolicy), raising its failure. */
    private void awaitPolled(SpiRequest request) {
        session.awaitAny(List.of(request), "collective");
        if (request.failure() != null) {
            throw request.failure();
        }
    }

    @Override
    public SpiRequest startCollective(Collective call) {
        live();
        call = intercommCall(call);
        if (isIntercomm() && LargeInterCollectives.applies(this, call)) {
            return LargeInterCollectives.run(this, call, true);
        }
        if (NativeUserOps.supports(call)) {
            return inFlight(NativeUserOps.run(this, call, true));
        }
        NativeCollectives.Route route = NativeCollectives.route(call, size);
        if (route == NativeCollectives.Route.PORTABLE) {
            return CommEngine.super.startCollective(intracommOnly(call));
        }
        return inFlight(NativeCollectives.run(this, call, route, true));
    }

    @Override
    public boolean hasCollectiveInit() {
        return NativePersistentCollectives.available();
    }

    @Override
    public boolean canInitCollective(Collective call) {
        // MPICH 4.0's in-place alltoallw aborts (JniSession); its persistent collectives are not
        // used anyway (NativePersistentCollectives), this keeps the guard next to the call
        if (session.inPlaceIalltoallwBroken && call instanceof Collective.Alltoallw a && a.send() == null) {
            return false;
        }
        return NativePersistentCollectives.canCreate(this, call);
    }

    @Override
    public Optional<io.mpi4j.spi.SpiPersistent> collectiveInit(Collective call) {
        live();
        return NativePersistentCollectives.create(this, call);
    }

    /**
     * Runs an algorithm of this communicator's collective context on a platform thread of its own
     * ({@link LargeInterCollectives}: it waits for large messages one at a time, in MPI_Wait).
     *
     * @param name the thread's name
     * @param task the algorithm
     */
    void spawnPlatform(String name, Runnable task) {
        ((Channel) collectiveChannel()).spawn(Thread.ofPlatform().daemon(), name, task);
    }

    @Override
    public CollectiveChannel collectiveChannel() {
        if (channel == null) {
            throw new UnsupportedOperationException("the collective context of " + name + " has no collective context of its own");
        }
        return channel;
    }

    @Override
    public CommEngine dup() {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> dup()); // a virtual thread must not block in the library
        }
        constructing();
        // MPI_Comm_dup keeps the topology (MPI-4.1 §7.4.2)
        return new JniComm(session, session.dupHandle(handle), "", true, neighbourhood);
    }

    /** The idups of this communicator that may still be pending ({@link IdupRequest}). */
    private final List<IdupRequest> idups = new java.util.ArrayList<>(0);

    /**
     * Two MPI_Comm_idup of this communicator, for the duplicate and its collective context
     * ({@link IdupRequest}): nothing waits for the other processes. Under Open MPI 4, whose
     * MPI_Comm_idup goes wrong beside another thread in MPI ({@link JniSession#idupBroken}), a
     * blocking MPI_Comm_dup.
     */
    @Override
    public StartedDup startDup() {
        if (session.idupBroken) {
            // Open MPI 4: its MPI_Comm_idup is broken; at MULTIPLE a platform thread duplicates
            // the collective context instead, below it a blocking dup (the thread would hold the gate)
            live();
            return channel != null && session.threadLevel() == io.mpi4j.ThreadLevel.MULTIPLE
                    ? channel.startDup(this) : CommEngine.super.startDup();
        }
        live();
        IdupRequest r;
        synchronized (idups) {
            idups.removeIf(IdupRequest::isDone);
            r = IdupRequest.start(this);
            idups.add(r);
        }
        inFlight(r); // freeing this communicator waits for it (CommUsers)
        int[] topology = neighbourhood; // MPI_Comm_idup keeps the topology, as MPI_Comm_dup does
        return new StartedDup(List.of(r), () -> new JniComm(session, r.duplicate(), "", r.context(), topology));
    }

    /**
     * Before a blocking constructor of this communicator: checks it is usable, and completes its
     * pending idups (every process started them before this call), which Open MPI 4.1 needs
     * ({@link IdupRequest}).
     */
    private void constructing() {
        live();
        List<IdupRequest> pending;
        synchronized (idups) {
            idups.removeIf(IdupRequest::isDone);
            pending = List.copyOf(idups);
        }
        for (IdupRequest r : pending) {
            r.await();
        }
    }

    // ---- communicator constructors: the MPI calls themselves ----

    @Override
    public int[] group() {
        return worldRanks(false, size);
    }

    @Override
    public int remoteSize() {
        return remoteSize < 0 ? size : remoteSize;
    }

    @Override
    public int[] remoteGroup() {
        return remoteSize < 0 ? group() : worldRanks(true, remoteSize);
    }

    /** The world ranks of the local and the remote group, asked of MPI once (they never change). */
    private volatile int[] localWorldRanks;
    private volatile int[] remoteWorldRanks;

    /** The world rank of each member of the local or remote group: the process ids of the API. */
    private int[] worldRanks(boolean remote, int n) {
        live();
        int[] ids = remote ? remoteWorldRanks : localWorldRanks;
        if (ids == null) {
            ids = new int[n];
            Errors.check(Jni.commWorldRanks(handle, remote, ids), remote ? "comm_remote_group" : "comm_group");
            if (remote) {
                remoteWorldRanks = ids;
            } else {
                localWorldRanks = ids;
            }
        }
        return ids.clone();
    }

    /**
     * Makes sure the world ranks of the groups are known, asking MPI on this (the program's)
     * thread the first time: {@link ClosingWatch} reads them from the progress thread, which must
     * not call MPI on a communicator the program may be freeing.
     */
    void cacheWorldRanks() {
        if (handleFreed) {
            // closed with operations pending, which still complete (MPI-4.1 §7.4.3); a wait on
            // a freed communicator is not judged (ClosingWatch.closedPeer), so nothing to cache
            return;
        }
        if (localWorldRanks == null) {
            worldRanks(false, size);
        }
        if (remoteSize >= 0 && remoteWorldRanks == null) {
            worldRanks(true, remoteSize);
        }
    }

    /**
     * The world ranks of a group if known, else {@code null}; never calls MPI.
     *
     * @param remote whether the remote group's (of an intercommunicator)
     * @return the shared array: not to be modified
     */
    int[] cachedWorldRanks(boolean remote) {
        return remote ? remoteWorldRanks : localWorldRanks;
    }

    /** Whether MPI_Comm_free has been called on this communicator (which may be after free()). */
    boolean isFreed() {
        return handleFreed;
    }

    @Override
    public CommEngine split(int color, int key) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> split(color, key)); // a virtual thread must not block in the library
        }
        constructing();
        long[] out = new long[2];
        Errors.check(Jni.commSplit(handle, color == Mpi.UNDEFINED ? -1 : color, key, out), "comm_split");
        return derived(out);
    }

    @Override
    public CommEngine splitType(io.mpi4j.SplitType type, int key) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> splitType(type, key)); // a virtual thread must not block in the library
        }
        constructing();
        long[] out = new long[2];
        Errors.check(Jni.commSplitShared(handle, type == io.mpi4j.SplitType.SHARED, key, out), "comm_split_type");
        return derived(out);
    }

    @Override
    public CommEngine cartCreate(int[] dims, boolean[] periods, boolean reorder) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> cartCreate(dims, periods, reorder)); // a virtual thread must not block in the library
        }
        constructing();
        if (dims.length == 0) {
            // a grid of no dimensions is one process; not every library takes ndims = 0
            return CommEngine.super.cartCreate(dims, periods, reorder);
        }
        int[] p = new int[periods.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = periods[i] ? 1 : 0;
        }
        long[] out = new long[5];
        Errors.check(JniTopology.cartCreate(handle, dims, p, reorder, out), "cart_create");
        return withTopology(out);
    }

    @Override
    public CommEngine graphCreate(int[] index, int[] edges, boolean reorder) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> graphCreate(index, edges, reorder)); // a virtual thread must not block in the library
        }
        constructing();
        if (index.length == 0) {
            // no nodes: no communicator anywhere, which MPI_Graph_create may refuse to say
            return CommEngine.super.graphCreate(index, edges, reorder);
        }
        long[] out = new long[5];
        Errors.check(JniTopology.graphCreate(handle, index, edges, reorder, out), "graph_create");
        return withTopology(out);
    }

    /** MPI_Dist_graph_create_adjacent, with the program's {@code reorder}: the library may renumber. */
    @Override
    public CommEngine distGraphCreate(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights,
                                      boolean reorder) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> distGraphCreate(sources, sourceWeights, destinations, destinationWeights, reorder)); // a virtual thread must not block in the library
        }
        constructing();
        long[] out = new long[5];
        Errors.check(JniTopology.distGraphCreate(handle, sources, destinations, reorder, out), "dist_graph_create_adjacent");
        return withTopology(out);
    }

    /**
     * MPI_Comm_split and MPI_Comm_create take an intercommunicator, and make one; not under MPICH
     * 4.0, whose duplicate of such an intercommunicator hangs ({@link JniSession#interSplitIdupBroken}).
     */
    @Override
    public boolean constructsFromIntercomms() {
        return !session.interSplitIdupBroken;
    }

    @Override
    public CommEngine create(int[] members) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> create(members)); // a virtual thread must not block in the library
        }
        constructing();
        long[] out = new long[2];
        Errors.check(Jni.commCreate(handle, members, false, 0, out), "comm_create");
        return derived(out);
    }

    @Override
    public CommEngine createGroup(int[] members, int tag) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> createGroup(members, tag)); // a virtual thread must not block in the library
        }
        constructing();
        long[] out = new long[2];
        Errors.check(Jni.commCreate(handle, members, true, tag, out), "comm_create_group");
        return derived(out);
    }

    @Override
    public CommEngine intercomm(int[] local, int[] remote, int tag) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> intercomm(local, remote, tag)); // a virtual thread must not block in the library
        }
        constructing();
        if (remoteSize >= 0) {
            // the API duplicates an intercommunicator by asking for one between the same groups
            return dup();
        }
        long[] out = new long[2];
        // the leaders are each group's first process; they meet on a private copy of the world
        Errors.check(Jni.intercommCreate(handle, 0, session.peer(), remote[0], tag, out), "intercomm_create");
        return derived(out);
    }

    @Override
    public CommEngine merge(int[] members) {
        if (Thread.currentThread().isVirtual()) {
            return session.offVirtual(() -> merge(members)); // a virtual thread must not block in the library
        }
        constructing();
        // MPI orders the merged group by the high flag: the group holding members[0] goes first
        boolean high = members[0] != group()[0];
        long[] out = new long[2];
        Errors.check(Jni.intercommMerge(handle, high, out), "intercomm_merge");
        return derived(out);
    }

    /** The engine of a new communicator, or {@code null} where this process is not a member. */
    private CommEngine derived(long[] out) {
        return out[1] == 0 ? null : new JniComm(session, out[0], "", true);
    }

    /**
     * The communicator a topology constructor made, or {@code null} on ranks it left out: {@code out
     * = {handle, member, library may run the neighbourhood collectives, in-degree, out-degree}}.
     */
    private CommEngine withTopology(long[] out) {
        if (out[1] == 0) {
            return null;
        }
        int[] degrees = out[2] != 0 ? new int[] {(int) out[3], (int) out[4]} : null;
        return new JniComm(session, out[0], "", true, degrees);
    }

    /** The in- and out-degree of this process in the topology, where the library runs the neighbourhood collectives. */
    int[] degrees() {
        return neighbourhood.clone();
    }

    // ---- neighbourhood collectives: the library's, on a communicator it built with a topology ----

    @Override
    public boolean takesNeighborCollectives() {
        return neighbourhood != null;
    }

    @Override
    public boolean takesNeighborCollective(NeighborCollective call) {
        return neighbourhood != null && NativeNeighborCollectives.supports(call);
    }

    @Override
    public void neighborCollective(NeighborCollective call) {
        if (Thread.currentThread().isVirtual()) {
            session.offVirtualRun(() -> neighborCollective(call));
            return;
        }
        live();
        if (session.polls()) {
            awaitPolled(NativeNeighborCollectives.run(this, call, true));
            return;
        }
        NativeNeighborCollectives.run(this, call, false);
    }

    @Override
    public SpiRequest startNeighborCollective(NeighborCollective call) {
        live();
        return inFlight(NativeNeighborCollectives.run(this, call, true));
    }

    /** What must finish before MPI_Comm_free: the library's requests still using this communicator. */
    final CommUsers users = new CommUsers();

    private SpiRequest inFlight(SpiRequest started) {
        if (started instanceof NativeRequest r) {
            users.started(r);
        }
        return started;
    }

    /**
     * Refuses operations on a freed communicator (its MPI handle is gone: using it would be
     * undefined behaviour in the library, not an error it reports).
     */
    private void live() {
        if (handleFreed) {
            throw new MpiException(ErrorClass.ERR_COMM, "communicator " + (name.isEmpty() ? "(unnamed)" : name)
                    + " has been freed; use a communicator that is still open");
        }
        if (session.isClosed()) {
            // a pending receive polled after Mpi.close() (MatchingRecv): MPI must not be called
            throw new MpiException(ErrorClass.ERR_OTHER, "MPI has been finalized (" + session.finalizedBy() + ")");
        }
    }

    @Override
    public void free() {
        if (predefined) {
            throw new MpiException(ErrorClass.ERR_COMM, name + " is a predefined communicator and cannot be freed"
                    + " (MPI-4.1 §7.4.3)");
        }
        if (freed) {
            return;
        }
        freed = true;
        if (channel != null) {
            channel.p2p.free();
        }
        boolean unused = users.freeWhenUnused(() -> {
            handleFreed = true;
            if (!session.isClosed()) { // MPI_Finalize has freed it already
                Jni.commFree(handle); // nobody to report a failure to; it fails only for a bad handle
            }
        });
        if (unused) {
            handleFreed = true;
            Errors.check(Jni.commFree(handle), "comm_free");
        }
    }

    @Override
    public String toString() {
        return "JniComm[" + name + ", rank=" + rank + ", size=" + size + "]";
    }

    /** The collective context: point-to-point on the dup'd communicator. */
    private static final class Channel implements CollectiveChannel {
        private final JniComm p2p;
        private final AtomicInteger tags = new AtomicInteger();
        private final int tagMask;

        Channel(JniComm p2p) {
            this.p2p = p2p;
            int ub = p2p.session.tagUpperBound();
            this.tagMask = Integer.highestOneBit(ub + 1 == 0 ? Integer.MAX_VALUE : ub) - 1;
        }

        @Override
        public CommEngine p2p() {
            return p2p;
        }

        @Override
        public void awaitAny(List<? extends SpiRequest> requests, String operation) {
            p2p.session.awaitAny(requests, operation);
        }

        @Override
        public int nextTag() {
            return tags.getAndIncrement() & tagMask;
        }

        @Override
        public void spawn(String name, Runnable task) {
            spawn(Thread.ofVirtual(), name, task);
        }

        /** How many idups of the communicator have been started; and completed, each in its turn. */
        private long idupsStarted;
        private long idupsServed;

        /**
         * A nonblocking duplicate of {@code parent} where the library's MPI_Comm_idup is broken
         * (Open MPI 4.1, {@link JniSession#idupBroken}): two blocking MPI_Comm_dup of this
         * collective context (the duplicate and its own context), on a platform thread, so that
         * the caller does not wait for the other processes. A duplicate of the context is one of
         * the parent: the same group, the topology kept by MPI_Comm_dup, and attributes are the
         * API's. The context carries no other collective, and its point-to-point traffic never
         * meets a collective's, so the dup runs beside whatever the program does on the parent
         * (checked in C: blocking dups of a shadow communicator on one thread, nonblocking
         * allreduces and splits of the parent on another, an MPI_Iprobe loop on a third, 0 wrong
         * of 1 200). The idups of one communicator run one at a time, in the order they were
         * called, which is the same on every process.
         */
        StartedDup startDup(JniComm parent) {
            long ticket;
            synchronized (this) {
                ticket = idupsStarted++;
            }
            String description = "idup(comm=" + parent.name() + ")";
            io.mpi4j.spi.TaskRequest done = new io.mpi4j.spi.TaskRequest(description);
            long[] made = new long[2];
            spawn(Thread.ofPlatform().daemon(), "mpi4j-" + description, () -> {
                MpiException failure = null;
                try {
                    synchronized (this) {
                        while (idupsServed != ticket) {
                            wait();
                        }
                    }
                    made[0] = dupOf(p2p.handle);
                    try {
                        made[1] = dupOf(p2p.handle);
                    } catch (MpiException e) {
                        Jni.commFree(made[0]);
                        throw e;
                    }
                } catch (MpiException e) {
                    failure = e;
                } catch (Throwable t) {
                    failure = new MpiException(ErrorClass.ERR_INTERN, description + " failed: " + t, t);
                } finally {
                    synchronized (this) {
                        idupsServed++;
                        notifyAll();
                    }
                }
                done.complete(failure);
            });
            return new StartedDup(List.of(done), () -> new JniComm(p2p.session, made[0], "", made[1], parent.neighbourhood));
        }

        /** MPI_Comm_dup, blocking on this platform thread (not the session's polled MPI_Comm_idup). */
        private static long dupOf(long handle) {
            long[] out = new long[2];
            Errors.check(Jni.commDup(handle, out), "comm_dup");
            return out[0];
        }

        /**
         * Runs an algorithm on a thread of the given kind: a platform thread waits for one request
         * inside MPI_Wait, where a virtual one polls with a backoff, too slow for a large message's
         * many fragments ({@link JniSession#awaitAny}).
         */
        void spawn(Thread.Builder builder, String name, Runnable task) {
            p2p.users.hold(); // freeing the communicator waits for the algorithm (CommUsers)
            builder.name(name).start(() -> {
                try {
                    task.run();
                } finally {
                    p2p.users.release();
                }
            });
        }
    }
}
