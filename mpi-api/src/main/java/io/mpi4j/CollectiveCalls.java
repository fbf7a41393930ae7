package io.mpi4j;

import io.mpi4j.spi.Collective;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the arguments of a collective call on one rank and prepares the {@link Collective}
 * record the provider receives: roots, counts, datatypes, operations and {@code IN_PLACE} are
 * checked here once, so that every provider raises the same error classes; {@code boolean[]}
 * buffers are staged through bytes and copied back when the call completes.
 */
final class CollectiveCalls {
    /**
     * A call ready for the provider, and what to do once it has completed. {@code direct}: every
     * buffer of the call is the program's own memory (nothing staged, packed or copied, nothing to
     * do after), so that a provider's persistent collective may keep reading and writing it.
     */
    record Prepared(Collective call, List<Runnable> after, boolean direct, List<Buf> reads, List<Buf> writes) {
        void finish() {
            for (Runnable r : after) {
                r.run();
            }
        }
    }

    private final Comm comm;
    private final String op;
    private final int size;
    private final int rank;
    private final List<Runnable> after = new ArrayList<>(0);
    /** Whether some buffer of the call was replaced by a copy (staging, packing). */
    private boolean copied;
    /** Nonblocking calls may run on another thread: memory confined to this one is staged too. */
    private final boolean nonblocking;
    /**
     * Whether the engine takes non-contiguous buffers unpacked in this call
     * ({@link io.mpi4j.spi.CommEngine#takesDerivedCollectiveTypes()}); reductions never do.
     */
    private boolean unpacked;
    /** The derived buffers behind the signature views the checks see, while {@link #unpacked}. */
    private final Map<Object, Object> originals = new IdentityHashMap<>(0);

    private CollectiveCalls(Comm comm, String op) {
        comm.checkOpen(op);
        this.comm = comm;
        this.op = op;
        this.nonblocking = op.startsWith("i") || op.endsWith("Init") || op.equals("start");
        this.size = comm.size();
        this.rank = comm.rank();
    }

    static CollectiveCalls of(Comm comm, String op) {
        return new CollectiveCalls(comm, op);
    }

    /** Lets the engine take this data-movement call's derived buffers unpacked, if it can. */
    CollectiveCalls moving() {
        unpacked = comm.engine.takesDerivedCollectiveTypes();
        return this;
    }

    Prepared done(Collective call) {
        return new Prepared(call, List.copyOf(after), !copied && after.isEmpty(), reads == null ? List.of() : List.copyOf(reads),
                writes == null ? List.of() : List.copyOf(writes));
    }

    /** The program's plain buffers a nonblocking call writes, for {@link BufferGuard}; {@code null} until one. */
    private List<Buf> writes;

    private void written(Buf b) {
        if (nonblocking) {
            if (writes == null) {
                writes = new ArrayList<>(2);
            }
            writes.add(user(b));
        }
    }

    /** The program's plain buffers a nonblocking call reads, for {@link BufferGuard}; {@code null} until one. */
    private List<Buf> reads;

    /** The program's VBuf behind each flattened one ({@link #flat(VBuf, boolean)}), for the guard; {@code null} until one. */
    private Map<VBuf, VBuf> programVBufs;

    /**
     * Records the blocks of a nonblocking call's VBuf for {@link BufferGuard}, where the session
     * checks: each block, not the whole buffer, since the gaps between them stay the program's
     * during the call.
     */
    private void guardBlocks(VBuf v, boolean written) {
        if (v != null && nonblocking && comm.session.checksSendBuffers()) {
            VBuf user = programVBufs == null ? v : programVBufs.getOrDefault(v, v);
            for (int i = 0; i < user.blocks(); i++) {
                if (user.count(i) > 0) {
                    guard(user.block(i), written);
                }
            }
        }
    }

    /** {@link #guardBlocks} for an alltoallw buffer: each block with its own datatype. */
    private void guardBlocks(WBuf w, boolean written) {
        if (w != null && nonblocking && comm.session.checksSendBuffers()) {
            for (int i = 0; i < w.blocks(); i++) {
                if (w.counts()[i] > 0) {
                    guard(w.block(i), written);
                }
            }
        }
    }

    private void guard(Buf block, boolean written) {
        List<Buf> into = written ? writes : reads;
        if (into == null) {
            into = new ArrayList<>();
            if (written) {
                writes = into;
            } else {
                reads = into;
            }
        }
        into.add(block);
    }

    // ---- argument checks ----

    CollectiveCalls root(int root) {
        if (root < 0 || root >= size) {
            throw refuse(new MpiException(ErrorClass.ERR_ROOT, op + ": root=" + Comm.rankArgument(root) + " is not a rank of " + comm.displayName()
                    + " (size=" + size + "); use a rank in [0, " + size + ")"));
        }
        return this;
    }

    void requireBuf(String what, Buf b, boolean inPlaceAllowed) {
        if (b == null) {
            throw refuse(new MpiException(ErrorClass.ERR_BUFFER, op + ": null " + what + " buffer"));
        }
        if (!b.isInPlace()) {
            try {
                b.datatype().requireCommitted(op);
            } catch (MpiException e) {
                throw refuse(e);
            }
            if (!b.datatype().isContiguous()) {
                // Flattening packs every non-contiguous buffer it can reach: what is left has no memory view
                throw refuse(new MpiException(ErrorClass.ERR_TYPE, op + ": the " + what + " buffer " + b
                        + " has the non-contiguous datatype " + b.datatype() + " but no memory to lay it out in"));
            }
        }
        if (b.isInPlace() && !inPlaceAllowed) {
            throw refuse(new MpiException(ErrorClass.ERR_BUFFER, op + ": IN_PLACE is not allowed as the " + what + " buffer here"));
        }
    }

    void requireWritable(String what, Buf b) {
        requireBuf(what, b, false);
        if (b.isReadOnly()) {
            throw refuse(new MpiException(ErrorClass.ERR_BUFFER, op + ": the " + what + " buffer is read-only (" + b + ")"));
        }
    }

    void sameType(Buf a, Buf b) {
        if (a.datatype() != b.datatype()) {
            throw refuse(new MpiException(ErrorClass.ERR_TYPE, op + ": the send buffer has datatype " + a.datatype()
                    + " but the receive buffer has " + b.datatype()));
        }
    }

    /**
     * MPI-4.1 §6.1.1: the send and receive buffers of a collective must not overlap (MPICH refuses
     * aliased buffers, Open MPI computes garbage); {@link Buf#IN_PLACE} is how a rank uses one
     * buffer for both.
     */
    void disjoint(Buf send, Buf recv) {
        // judge the program's buffers: a derived one reaches here as a contiguous signature view
        // of its memory (or a packed copy), whose span says nothing about the bytes it names
        if (Buf.overlap(user(send), user(recv))) {
            throw refuse(new MpiException(ErrorClass.ERR_BUFFER, op + ": the send buffer " + user(send) + " and the receive buffer "
                    + user(recv) + " overlap; pass Buf.IN_PLACE as the send buffer to use one buffer for both"));
        }
    }

    /** Refuses the call with ERR_COUNT unless {@code ok}; callers build a message with numbers only when it fails. */
    void count(boolean ok, String message) {
        if (!ok) {
            throw refuse(new MpiException(ErrorClass.ERR_COUNT, op + ": " + message));
        }
    }

    void blocks(VBuf v, String what) {
        blocks(v, what, size, "the communicator has size=");
    }

    /** Checks that {@code v} has {@code n} blocks; {@code whose} says where {@code n} comes from, for the message. */
    void blocks(VBuf v, String what, int n, String whose) {
        if (v == null) {
            throw refuse(new MpiException(ErrorClass.ERR_BUFFER, op + ": null " + what + " buffer"));
        }
        if (v.blocks() != n) {
            count(false, "the " + what + " VBuf has " + v.blocks() + " blocks but " + whose + n);
        }
    }

    /** Raises a refused argument {@code e} through the communicator's error handler (see {@link #refuse}). */
    MpiException raise(MpiException e) {
        return refuse(e);
    }

    /**
     * Tells the engine that this rank refused the call ({@link io.mpi4j.spi.CommEngine#collectiveRefused},
     * for its reports), then raises {@code e} through the communicator's error handler. The creation
     * of a persistent collective is not a collective call of the communicator; its starts are.
     */
    private MpiException refuse(MpiException e) {
        if (!op.endsWith("Init") && !(comm instanceof Intercomm)) {
            comm.engine.collectiveRefused(op, e);
        }
        return comm.raise(e);
    }

    void operation(Op o, Datatype type) {
        if (o == null) {
            throw refuse(new MpiException(ErrorClass.ERR_OP, op + ": null operation"));
        }
        try {
            o.checkSupports(op, type);
        } catch (MpiException e) {
            throw refuse(e);
        }
    }

    int rank() {
        return rank;
    }

    int size() {
        return size;
    }

    // ---- staging: boolean[] (no segment view), and for nonblocking calls memory confined to this thread ----

    /** Whether the provider can use the buffer as it is. */
    private boolean direct(Buf b) {
        return b == null || b.isInPlace() || (b.hasSegment() && (!nonblocking || Staging.shared(b.segment())));
    }

    /** A buffer the provider reads. */
    Buf in(Buf b) {
        if (nonblocking) {
            if (reads == null) {
                reads = new ArrayList<>(2);
            }
            reads.add(user(b));
        }
        return stagedIn(b);
    }

    /** {@link #in(Buf)} without recording the read: the base of a VBuf, whose gaps are the program's. */
    private Buf stagedIn(Buf b) {
        Buf o = unpackedOriginal(b);
        if (o != null) {
            return o;
        }
        b = packedOriginal(b);
        if (direct(b)) {
            return b;
        }
        copied = true;
        return Staging.copyOf(b);
    }

    /** A buffer the provider writes entirely. */
    Buf out(Buf b) {
        written(b);
        Buf o = unpackedOriginal(b);
        if (o != null) {
            return o;
        }
        Buf user = packedOriginal(b);
        if (direct(user)) {
            return user;
        }
        copied = true;
        Buf staged = Staging.blank(user);
        after.add(() -> Staging.unstage(staged, user, user.byteSize()));
        return staged;
    }

    /** A buffer the provider reads and writes, or writes only in part. */
    Buf inout(Buf b) {
        written(b);
        return stagedInout(b);
    }

    /** {@link #inout(Buf)} without recording the write: the base of a VBuf, whose gaps are the program's. */
    private Buf stagedInout(Buf b) {
        Buf o = unpackedOriginal(b);
        if (o != null) {
            return o;
        }
        Buf user = packedOriginal(b);
        if (direct(user)) {
            return user;
        }
        copied = true;
        Buf staged = Staging.copyOf(user);
        after.add(() -> Staging.unstage(staged, user, user.byteSize()));
        return staged;
    }

    VBuf in(VBuf v) {
        guardBlocks(v, false);
        v = resolve(v);
        return v == null || direct(v.buf()) ? v : VBuf.of(stagedIn(v.buf()), v.counts(), v.displs());
    }

    /** The blocks of a VBuf need not cover it: the gaps must survive, so it is staged with its contents. */
    VBuf out(VBuf v) {
        return inout(v);
    }

    VBuf inout(VBuf v) {
        guardBlocks(v, true);
        v = resolve(v);
        return v == null || direct(v.buf()) ? v : VBuf.of(stagedInout(v.buf()), v.counts(), v.displs());
    }

    // ---- derived datatypes: seen as their type signature (Flattening) ----

    /** A derived buffer the engine takes unpacked, behind the signature view the checks see. */
    private record Original(Buf buf, boolean written) {
    }

    /**
     * The buffer as its signature, for the checks; packed unless the engine takes it unpacked
     * ({@link #unpacked}), in which case the checks see a view of its signature and
     * {@link #in}/{@link #out}/{@link #inout} hand the engine the buffer itself.
     */
    Buf flat(Buf b, boolean written) {
        if (!takesUnpacked(b, written)) {
            return noted(b, Flattening.flat(b, written, after));
        }
        Datatype type = b.datatype();
        if (written) {
            try {
                // as a packed receive would check (Flattening.pack)
                type.requireDistinctBytes(op, b.count());
            } catch (MpiException e) {
                throw refuse(e);
            }
        }
        Buf view = b.signatureView(Flattening.signatureType(type), b.count() * Flattening.signatureLength(type));
        originals.put(view, new Original(b, written));
        return view;
    }

    /**
     * {@link #flat(Buf, boolean)} for a buffer of {@code blocks} equal blocks (one per rank): a
     * derived buffer whose instances do not divide evenly into them goes packed, since a block of
     * the library's call is a whole number of instances of the datatype.
     */
    Buf flat(Buf b, boolean written, int blocks) {
        if (takesUnpacked(b, written) && b.count() % blocks != 0) {
            return noted(b, Flattening.flat(b, written, after));
        }
        return flat(b, written);
    }

    VBuf flat(VBuf v, boolean written) {
        if (v == null || !takesUnpacked(v.buf(), written)) {
            VBuf f = Flattening.flat(v, written, after);
            noted(v == null ? null : v.buf(), f == null ? null : f.buf());
            return program(f, v);
        }
        long k = Flattening.signatureLength(v.buf().datatype());
        VBuf view = VBuf.of(flat(v.buf(), written), Flattening.scale(v.counts(), k), Flattening.scale(v.displs(), k));
        originals.put(view, v);
        return program(view, v);
    }

    /** Notes that {@code flat} stands for the program's {@code v}; returns {@code flat}. */
    private VBuf program(VBuf flat, VBuf v) {
        if (flat != null && flat != v && nonblocking && comm.session.checksSendBuffers()) {
            if (programVBufs == null) {
                programVBufs = new IdentityHashMap<>(2);
            }
            programVBufs.put(flat, v);
        }
        return flat;
    }

    /** Whether {@code b} goes to the engine unpacked: a non-contiguous derived buffer in a call that allows it. */
    private boolean takesUnpacked(Buf b, boolean written) {
        return unpacked && b != null && !b.isInPlace() && b.hasSegment() && !b.datatype().isPredefined()
                && b.datatype().isCommitted() && !b.datatype().isContiguous() && !(written && b.isReadOnly())
                && comm.engine.takesDerivedCollectiveType(b.datatype());
    }

    /** The derived buffer behind a view, if the engine can use its memory as it is; else {@code null}. */
    private Buf unpackedOriginal(Buf b) {
        return b != null && !originals.isEmpty() && originals.get(b) instanceof Original o && direct(o.buf()) ? o.buf() : null;
    }

    /** The packed signature form of the buffer behind a view (its memory must be staged), or {@code b}. */
    private Buf packedOriginal(Buf b) {
        if (b != null && !originals.isEmpty() && originals.get(b) instanceof Original o) {
            return noted(o.buf(), Flattening.flat(o.buf(), o.written(), after));
        }
        return b;
    }

    /** The derived VBuf behind a view: as it is if its memory can go to the engine, else packed. */
    private VBuf resolve(VBuf v) {
        if (v == null || originals.isEmpty() || !(originals.get(v) instanceof VBuf o)) {
            return v;
        }
        if (direct(o.buf())) {
            return o;
        }
        copied = true;
        return Flattening.flat(o, originals.get(v.buf()) instanceof Original b && b.written(), after);
    }

    Buf flatForOp(Buf b, boolean written, Op o) {
        try {
            return noted(b, Flattening.forOp(b, written, o, after));
        } catch (MpiException e) {
            throw refuse(e);
        }
    }

    WBuf flat(WBuf w, boolean written) {
        WBuf f = Flattening.flat(w, written, after);
        if (f != w) {
            copied = true;
        }
        return f;
    }

    /** Notes whether flattening replaced the memory of {@code original} (a packed copy); returns {@code flat}. */
    private Buf noted(Buf original, Buf flat) {
        if (!sameMemory(original, flat)) {
            copied = true;
        }
        if (flat != original && flat != null && original != null) {
            if (packedFrom == null) {
                packedFrom = new IdentityHashMap<>(2);
            }
            packedFrom.put(flat, original);
        }
        return flat;
    }

    /** The program's buffer behind a packed copy made by {@link #noted}; {@code null} until one is made. */
    private Map<Buf, Buf> packedFrom;

    /** The program's own buffer behind a view or packed copy that the checks see, or {@code b} itself. */
    private Buf user(Buf b) {
        if (b != null && !originals.isEmpty() && originals.get(b) instanceof Original o) {
            return o.buf();
        }
        Buf packed = packedFrom == null || b == null ? null : packedFrom.get(b);
        return packed != null ? packed : b;
    }

    private static boolean sameMemory(Buf a, Buf b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || !a.hasSegment() || !b.hasSegment()) {
            return false;
        }
        java.lang.foreign.MemorySegment x = a.segment();
        java.lang.foreign.MemorySegment y = b.segment();
        return x.isNative() == y.isNative() && x.heapBase().equals(y.heapBase()) && x.address() == y.address()
                && x.byteSize() == y.byteSize();
    }

    /** The operation for {@link #flatForOp}'s buffers: a user operation on a non-contiguous type sees it unpacked. */
    static Op opFor(Op o, Buf send, Buf recv) {
        return Flattening.op(o, send != null && !send.isInPlace() ? send : recv);
    }

    // ---- one method per collective ----

    static Prepared barrier(Intracomm c, String op) {
        return of(c, op).done(new Collective.Barrier());
    }

    static Prepared bcast(Intracomm c, String op, Buf buf, int root) {
        CollectiveCalls p = of(c, op).moving().root(root);
        buf = p.flat(buf, p.rank != root);
        if (p.rank == root) {
            p.requireBuf("data", buf, false);
            return p.done(new Collective.Bcast(p.in(buf), root));
        }
        p.requireWritable("data", buf); // the same buffer argument as the root's, named alike
        return p.done(new Collective.Bcast(p.out(buf), root));
    }

    static Prepared gather(Intracomm c, String op, Buf send, Buf recv, int root) {
        CollectiveCalls p = of(c, op).moving().root(root);
        send = p.flat(send, false);
        recv = p.rank == root ? p.flat(recv, true, p.size) : recv;
        boolean isRoot = p.rank == root;
        p.requireBuf("send", send, isRoot);
        if (!isRoot) {
            return p.done(new Collective.Gather(p.in(send), null, root));
        }
        p.requireWritable("receive", recv);
        if (send.isInPlace()) {
            if (recv.count() % p.size != 0) {
                p.count(false, "the receive count=" + recv.count() + " is not a multiple of size=" + p.size);
            }
            return p.done(new Collective.Gather(send, p.inout(recv), root));
        }
        p.sameType(send, recv);
        if (recv.count() != send.count() * p.size) {
            p.count(false, "the root's receive buffer has count=" + recv.count()
                + " but needs size * send count = " + p.size + " * " + send.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.Gather(p.in(send), p.out(recv), root));
    }

    static Prepared gatherv(Intracomm c, String op, Buf send, VBuf recv, int root) {
        CollectiveCalls p = of(c, op).moving().root(root);
        send = p.flat(send, false);
        recv = p.rank == root ? p.flat(recv, true) : recv;
        boolean isRoot = p.rank == root;
        p.requireBuf("send", send, isRoot);
        if (!isRoot) {
            return p.done(new Collective.Gatherv(p.in(send), null, root));
        }
        p.blocks(recv, "receive");
        p.requireWritable("receive", recv.buf());
        if (!send.isInPlace()) {
            p.sameType(send, recv.buf());
            if (recv.count(root) != send.count()) {
                p.count(false, "the root's own block has count=" + recv.count(root)
                    + " but its send buffer has count=" + send.count());
            }
            return p.done(new Collective.Gatherv(p.in(send), p.out(recv), root));
        }
        return p.done(new Collective.Gatherv(send, p.inout(recv), root));
    }

    static Prepared scatter(Intracomm c, String op, Buf send, Buf recv, int root) {
        CollectiveCalls p = of(c, op).moving().root(root);
        send = p.rank == root ? p.flat(send, false, p.size) : send;
        recv = p.flat(recv, true);
        boolean isRoot = p.rank == root;
        if (!isRoot) {
            p.requireWritable("receive", recv);
            return p.done(new Collective.Scatter(null, p.out(recv), root));
        }
        p.requireBuf("send", send, false);
        p.requireBuf("receive", recv, true);
        if (recv.isInPlace()) {
            if (send.count() % p.size != 0) {
                p.count(false, "the send count=" + send.count() + " is not a multiple of size=" + p.size);
            }
            return p.done(new Collective.Scatter(p.in(send), recv, root));
        }
        p.requireWritable("receive", recv);
        p.sameType(send, recv);
        if (send.count() != recv.count() * p.size) {
            p.count(false, "the root's send buffer has count=" + send.count()
                + " but needs size * receive count = " + p.size + " * " + recv.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.Scatter(p.in(send), p.out(recv), root));
    }

    static Prepared scatterv(Intracomm c, String op, VBuf send, Buf recv, int root) {
        CollectiveCalls p = of(c, op).moving().root(root);
        send = p.rank == root ? p.flat(send, false) : send;
        recv = p.flat(recv, true);
        boolean isRoot = p.rank == root;
        if (!isRoot) {
            p.requireWritable("receive", recv);
            return p.done(new Collective.Scatterv(null, p.out(recv), root));
        }
        p.blocks(send, "send");
        p.requireBuf("receive", recv, true);
        if (recv.isInPlace()) {
            return p.done(new Collective.Scatterv(p.in(send), recv, root));
        }
        p.requireWritable("receive", recv);
        p.sameType(send.buf(), recv);
        if (send.count(root) != recv.count()) {
            p.count(false, "the root's own block has count=" + send.count(root)
                + " but its receive buffer has count=" + recv.count());
        }
        return p.done(new Collective.Scatterv(p.in(send), p.out(recv), root));
    }

    static Prepared allgather(Intracomm c, String op, Buf send, Buf recv) {
        CollectiveCalls p = of(c, op).moving();
        send = p.flat(send, false);
        recv = p.flat(recv, true, p.size);
        p.requireBuf("send", send, true);
        p.requireWritable("receive", recv);
        if (send.isInPlace()) {
            if (recv.count() % p.size != 0) {
                p.count(false, "the receive count=" + recv.count() + " is not a multiple of size=" + p.size);
            }
            return p.done(new Collective.Allgather(send, p.inout(recv)));
        }
        p.sameType(send, recv);
        if (recv.count() != send.count() * p.size) {
            p.count(false, "the receive buffer has count=" + recv.count()
                + " but needs size * send count = " + p.size + " * " + send.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.Allgather(p.in(send), p.out(recv)));
    }

    static Prepared allgatherv(Intracomm c, String op, Buf send, VBuf recv) {
        CollectiveCalls p = of(c, op).moving();
        send = p.flat(send, false);
        recv = p.flat(recv, true);
        p.requireBuf("send", send, true);
        p.blocks(recv, "receive");
        p.requireWritable("receive", recv.buf());
        if (send.isInPlace()) {
            return p.done(new Collective.Allgatherv(send, p.inout(recv)));
        }
        p.sameType(send, recv.buf());
        if (recv.count(p.rank) != send.count()) {
            p.count(false, "this rank's block has count=" + recv.count(p.rank)
                + " but its send buffer has count=" + send.count());
        }
        return p.done(new Collective.Allgatherv(p.in(send), p.out(recv)));
    }

    static Prepared alltoall(Intracomm c, String op, Buf send, Buf recv) {
        CollectiveCalls p = of(c, op).moving();
        send = p.flat(send, false, p.size);
        recv = p.flat(recv, true, p.size);
        p.requireBuf("send", send, true);
        p.requireWritable("receive", recv);
        if (recv.count() % p.size != 0) {
            p.count(false, "the receive count=" + recv.count() + " is not a multiple of size=" + p.size);
        }
        if (send.isInPlace()) {
            return p.done(new Collective.Alltoall(send, p.inout(recv)));
        }
        p.sameType(send, recv);
        if (send.count() != recv.count()) {
            p.count(false, "the send buffer has count=" + send.count() + " but the receive buffer has count="
                + recv.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.Alltoall(p.in(send), p.out(recv)));
    }

    static Prepared alltoallv(Intracomm c, String op, VBuf send, VBuf recv) {
        CollectiveCalls p = of(c, op).moving();
        send = p.flat(send, false);
        recv = p.flat(recv, true);
        p.blocks(recv, "receive");
        p.requireWritable("receive", recv.buf());
        if (send == null) {
            return p.done(new Collective.Alltoallv(null, p.inout(recv)));
        }
        p.blocks(send, "send");
        p.sameType(send.buf(), recv.buf());
        return p.done(new Collective.Alltoallv(p.in(send), p.out(recv)));
    }

    static Prepared alltoallw(Intracomm c, String op, WBuf send, WBuf recv) {
        CollectiveCalls p = of(c, op).moving();
        if (recv == null) {
            throw c.raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": null receive buffer"));
        }
        if (recv.blocks() != p.size) {
            p.count(false, "the receive WBuf has " + recv.blocks() + " blocks but size=" + p.size);
        }
        if (recv.memory().isReadOnly()) {
            throw c.raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": the receive memory is read-only"));
        }
        if (send != null) {
            if (send.blocks() != p.size) {
                p.count(false, "the send WBuf has " + send.blocks() + " blocks but size=" + p.size);
            }
        }
        try {
            return p.done(new Collective.Alltoallw(p.wbuf(send, false), p.wbuf(recv, true)));
        } catch (MpiException e) {
            throw c.raise(e);
        }
    }

    /**
     * An alltoallw buffer as the engine takes it: unpacked ({@link #unpackedW}) or flattened, and in
     * a nonblocking call staged if its memory is confined to this thread (flattening leaves blocks of
     * predefined types in place).
     */
    WBuf wbuf(WBuf w, boolean written) {
        guardBlocks(w, written);
        WBuf f = unpacked ? unpackedW(w, written) : flat(w, written);
        return f == null || !nonblocking || Staging.shared(f.memory()) ? f : staged(f, written);
    }

    /**
     * A copy of an alltoallw buffer's memory that any thread may use, copied back afterwards if the
     * call writes it: all of it, so that the bytes between the blocks keep their contents.
     */
    private WBuf staged(WBuf w, boolean written) {
        Buf user = Buf.of(w.memory());
        Buf copy = Staging.copyOf(user);
        copied = true;
        if (written) {
            after.add(() -> Staging.unstage(copy, user, user.byteSize()));
        }
        return new WBuf(copy.segment(), w.counts(), w.byteDispls(), w.types());
    }

    /**
     * An alltoallw buffer for an engine that takes derived types: as it is, its types checked as
     * {@link Flattening#flat(WBuf, boolean, List)} checks them, unless its memory must be staged
     * (confined to this thread in a nonblocking call), in which case it is packed.
     */
    private WBuf unpackedW(WBuf w, boolean written) {
        if (w == null) {
            return null;
        }
        if (nonblocking && !Staging.shared(w.memory())) {
            return flat(w, written);
        }
        Datatype[] types = w.types();
        int[] counts = w.counts();
        for (int i = 0; i < types.length; i++) {
            types[i].requireCommitted(op);
            if (written) {
                types[i].requireDistinctBytes(op, counts[i]);
            }
        }
        return w;
    }

    static Prepared reduce(Intracomm c, String op, Buf send, Buf recv, Op o, int root) {
        Op original = o;
        o = opFor(o, send, recv);
        CollectiveCalls p = of(c, op).root(root);
        send = p.flatForOp(send, false, original);
        recv = p.rank == root ? p.flatForOp(recv, true, original) : recv;
        boolean isRoot = p.rank == root;
        p.requireBuf("send", send, isRoot);
        if (!isRoot) {
            p.operation(o, send.datatype());
            return p.done(new Collective.Reduce(p.in(send), null, o, root));
        }
        p.requireWritable("receive", recv);
        p.operation(o, recv.datatype());
        if (send.isInPlace()) {
            return p.done(new Collective.Reduce(send, p.inout(recv), o, root));
        }
        p.sameType(send, recv);
        if (send.count() != recv.count()) {
            p.count(false, "the send buffer has count=" + send.count() + " but the receive buffer has count="
                + recv.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.Reduce(p.in(send), p.out(recv), o, root));
    }

    static Prepared allreduce(Intracomm c, String op, Buf send, Buf recv, Op o) {
        CollectiveCalls p = of(c, op);
        Operands x = p.prefixLike(send, recv, o);
        return p.done(new Collective.Allreduce(p.input(x), p.output(x), x.op()));
    }

    static Prepared scan(Intracomm c, String op, Buf send, Buf recv, Op o) {
        CollectiveCalls p = of(c, op);
        Operands x = p.prefixLike(send, recv, o);
        return p.done(new Collective.Scan(p.input(x), p.output(x), x.op()));
    }

    static Prepared exscan(Intracomm c, String op, Buf send, Buf recv, Op o) {
        CollectiveCalls p = of(c, op);
        Operands x = p.prefixLike(send, recv, o);
        // rank 0's result is undefined and its buffer must keep its contents: staged with them
        return p.done(new Collective.Exscan(p.input(x), p.inout(x.recv()), x.op()));
    }

    /** The buffers and operation of an allreduce, scan or exscan, in their flat forms (Flattening). */
    private record Operands(Buf send, Buf recv, Op op) {
    }

    /** Flattens and checks the operands of an allreduce, scan or exscan. */
    private Operands prefixLike(Buf send, Buf recv, Op o) {
        Op flatOp = opFor(o, send, recv);
        Buf s = flatForOp(send, false, o);
        Buf r = flatForOp(recv, true, o);
        requireBuf("send", s, true);
        requireWritable("receive", r);
        operation(flatOp, r.datatype());
        if (!s.isInPlace()) {
            sameType(s, r);
            if (s.count() != r.count()) {
                count(false, "the send buffer has count=" + s.count()
                    + " but the receive buffer has count=" + r.count());
            }
            disjoint(s, r);
        }
        return new Operands(s, r, flatOp);
    }

    private Buf input(Operands x) {
        return x.send().isInPlace() ? x.send() : in(x.send());
    }

    /** With IN_PLACE the receive buffer holds the operands too. */
    private Buf output(Operands x) {
        return x.send().isInPlace() ? inout(x.recv()) : out(x.recv());
    }

    static Prepared reduceScatter(Intracomm c, String op, Buf send, Buf recv, int[] recvCounts, Op o) {
        CollectiveCalls p = of(c, op);
        // the counts are in elements of the receive type: in elements of its flat form they scale
        long k = Flattening.opLength(send != null && !send.isInPlace() ? send : recv, o);
        Op original = o;
        o = opFor(o, send, recv);
        send = p.flatForOp(send, false, original);
        recv = p.flatForOp(recv, true, original);
        p.requireBuf("send", send, true);
        p.requireWritable("receive", recv);
        p.operation(o, recv.datatype());
        if (recvCounts == null) {
            throw c.raise(new MpiException(ErrorClass.ERR_COUNT, op + ": null recvCounts"));
        }
        if (recvCounts.length != p.size) {
            p.count(false, "recvCounts has " + recvCounts.length + " entries but size=" + p.size);
        }
        long total = 0;
        for (int i = 0; i < recvCounts.length; i++) {
            if (recvCounts[i] < 0) {
                p.count(false, "recvCounts[" + i + "]=" + recvCounts[i] + " is negative");
            }
            total += recvCounts[i];
        }
        int[] counts = Flattening.scale(recvCounts, k);
        total *= k;
        if (send.isInPlace()) {
            if (recv.count() != total) {
                p.count(false, "with IN_PLACE the receive buffer holds all operands: count=" + recv.count()
                    + " but the recvCounts add up to " + total);
            }
            return p.done(new Collective.ReduceScatter(send, p.inout(recv), counts, o));
        }
        p.sameType(send, recv);
        if (send.count() != total) {
            p.count(false, "the send buffer has count=" + send.count() + " but the recvCounts add up to " + total);
        }
        if (recv.count() != counts[p.rank]) {
            p.count(false, "the receive buffer has count=" + recv.count() + " but recvCounts[" + p.rank
                + "]=" + counts[p.rank]);
        }
        p.disjoint(send, recv);
        return p.done(new Collective.ReduceScatter(p.in(send), p.out(recv), counts, o));
    }

    static Prepared reduceScatterBlock(Intracomm c, String op, Buf send, Buf recv, Op o) {
        Op original = o;
        o = opFor(o, send, recv);
        CollectiveCalls p = of(c, op);
        send = p.flatForOp(send, false, original);
        recv = p.flatForOp(recv, true, original);
        p.requireBuf("send", send, true);
        p.requireWritable("receive", recv);
        p.operation(o, recv.datatype());
        if (send.isInPlace()) {
            if (recv.count() % p.size != 0) {
                p.count(false, "with IN_PLACE the receive buffer holds size blocks: count=" + recv.count()
                    + " is not a multiple of size=" + p.size);
            }
            return p.done(new Collective.ReduceScatterBlock(send, p.inout(recv), o));
        }
        p.sameType(send, recv);
        if (send.count() != recv.count() * p.size) {
            p.count(false, "the send buffer has count=" + send.count()
                + " but needs size * receive count = " + p.size + " * " + recv.count());
        }
        p.disjoint(send, recv);
        return p.done(new Collective.ReduceScatterBlock(p.in(send), p.out(recv), o));
    }
}
