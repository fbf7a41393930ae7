package io.mpi4j;

import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiRequest;
import io.mpi4j.spi.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An intercommunicator: communication between two disjoint groups (MPI-4.1 §7.6). Point-to-point
 * ranks name processes of the <em>remote</em> group; {@link #rank()} and {@link #size()} are those
 * of the local group. Created by {@link Intracomm#createIntercomm}; {@link #merge} makes an
 * intracommunicator of both groups.
 *
 * {@snippet :
 * Intracomm half = world.split(world.rank() % 2, world.rank()).orElseThrow();
 * Intercomm bridge = half.createIntercomm(0, world, world.rank() % 2 == 0 ? 1 : 0, 99);
 * bridge.send(data, 0, 5);                     // to rank 0 of the other half
 * }
 *
 * <p>Collectives follow MPI's rooted rules: in the root's group, the root passes
 * {@link Mpi#ROOT} and the others {@link Mpi#PROC_NULL}; the other group passes the root's rank
 * in the remote group. All-to-all collectives exchange data between the groups: each group
 * receives what the other one contributed.
 *
 * <p>Where the provider runs intercommunicator collectives itself
 * ({@link io.mpi4j.spi.CommEngine#takesIntercommCollective}: {@code native}), each call is the MPI
 * library's collective on the intercommunicator,
 * its nonblocking form the library's {@code MPI_I*} call; elsewhere the API runs them over
 * point-to-point messages, the nonblocking forms on a thread of their own.
 */
public final class Intercomm extends Comm {
    /** The local group as an intracommunicator, for the local phases of collectives. */
    private final Intracomm local;

    Intercomm(Mpi mpi, CommEngine engine, Intracomm local) {
        super(mpi, engine, false);
        this.local = local;
    }

    /**
     * Returns the size of the remote group (MPI_Comm_remote_size).
     *
     * @return the number of remote processes
     */
    public int remoteSize() {
        checkOpen("remoteSize");
        return engine.remoteSize();
    }

    /**
     * Returns the remote group (MPI_Comm_remote_group).
     *
     * @return the remote processes, in rank order
     */
    public Group remoteGroup() {
        checkOpen("remoteGroup");
        return Group.of(engine.remoteGroup(), engine.group()[engine.rank()]);
    }

    @Override
    int peerSize() {
        return engine.remoteSize();
    }

    /**
     * Merges both groups into an intracommunicator (MPI_Intercomm_merge). Collective over both
     * groups. The group whose ranks pass {@code high = false} comes first; if both pass the same
     * value, the group holding the lowest process id comes first.
     *
     * @param high whether this group goes after the other
     * @return the merged intracommunicator
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the intercommunicator is closed
     */
    public Intracomm merge(boolean high) {
        checkOpen("merge");
        int[] remoteHigh = new int[1];
        exchangeWithRemoteLeader(Buf.of(new int[] {high ? 1 : 0}), Buf.of(remoteHigh));
        local.bcast(Buf.of(remoteHigh), 0);
        int[] mine = engine.group();
        int[] theirs = engine.remoteGroup();
        boolean mineFirst = high == (remoteHigh[0] == 1)
                ? java.util.Arrays.stream(mine).min().orElse(0) < java.util.Arrays.stream(theirs).min().orElse(0)
                : !high;
        int[] members = new int[mine.length + theirs.length];
        System.arraycopy(mineFirst ? mine : theirs, 0, members, 0, (mineFirst ? mine : theirs).length);
        System.arraycopy(mineFirst ? theirs : mine, 0, members, (mineFirst ? mine : theirs).length, (mineFirst ? theirs : mine).length);
        return child(new Intracomm(mpi, engine.merge(members), false));
    }

    /**
     * Duplicates this intercommunicator (MPI_Comm_dup). Collective over both groups.
     *
     * @return the duplicate, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the intercommunicator is closed
     */
    public Intercomm dup() {
        checkOpen("dup");
        Intercomm copy = sameGroups();
        inheritInto(copy);
        return copy;
    }

    /** A new intercommunicator between the same groups, without this one's attributes and error handler. */
    private Intercomm sameGroups() {
        Intracomm localCopy = local.dup();
        return new Intercomm(mpi, engine.intercomm(engine.group(), engine.remoteGroup(), DUP_TAG), localCopy);
    }

    /**
     * Splits this intercommunicator into disjoint ones, one per color (MPI_Comm_split on an
     * intercommunicator, MPI-4.1 §7.4.2). Collective over both groups. The new intercommunicator
     * of a color joins the processes of each group that chose it: its local group is this
     * group's, ordered by {@code key} and then by rank here, and its remote group the other
     * group's, ordered the same way.
     *
     * {@snippet :
     * Optional<Intercomm> part = bridge.split(bridge.rank() % 2, 0); // even with even, odd with odd
     * }
     *
     * @param color a non-negative color, or {@link Mpi#UNDEFINED} to join no new communicator
     * @param key the ordering key
     * @return this rank's new intercommunicator; empty for {@code UNDEFINED}, or when no process of
     *     the other group chose this color
     * @throws MpiException {@link ErrorClass#ERR_ARG} for a negative color other than
     *     {@code UNDEFINED}, {@link ErrorClass#ERR_COMM} if the intercommunicator is closed
     */
    public Optional<Intercomm> split(int color, int key) {
        checkOpen("split");
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw raise(new MpiException(ErrorClass.ERR_ARG, "split: color=" + color + " is invalid; use a color >= 0 or UNDEFINED"));
        }
        if (engine.constructsFromIntercomms()) {
            return joined(engine.split(color, key), () -> local.split(color, key));
        }
        return splitBy(color, key);
    }

    /**
     * Creates an intercommunicator over a subgroup of each group (MPI_Comm_create on an
     * intercommunicator, MPI-4.1 §7.4.2). Collective over both groups; every process of a group
     * passes the same subgroup of it. The new intercommunicator's local group is this group's
     * subgroup, in its rank order, and its remote group the subgroup the other group passed.
     *
     * @param group the members of this side, a subgroup of {@link #group()}
     * @return the new intercommunicator; empty if this process is not in {@code group}, or if the
     *     other group passed an empty one
     * @throws MpiException {@link ErrorClass#ERR_GROUP} if the group has processes that are not in
     *     this intercommunicator's local group, {@link ErrorClass#ERR_COMM} if it is closed
     */
    public Optional<Intercomm> create(Group group) {
        checkOpen("create");
        int[] members = subgroup("create", group);
        if (engine.constructsFromIntercomms()) {
            return joined(engine.create(members), () -> local.create(group));
        }
        int at = group.rank();
        return splitBy(at == Mpi.UNDEFINED ? Mpi.UNDEFINED : 0, at);
    }

    /**
     * The intercommunicator the engine made (or none), with its local group's intracommunicator,
     * made the same way from this one's: every process of this group makes that call too, so its
     * collectives stay in step.
     */
    private Optional<Intercomm> joined(CommEngine made, java.util.function.Supplier<Optional<Intracomm>> localPart) {
        Optional<Intracomm> part = localPart.get();
        if (made == null) {
            part.ifPresent(Intracomm::close);
            return Optional.empty();
        }
        return Optional.of(child(new Intercomm(mpi, made, part.orElseThrow())));
    }

    /**
     * The split: each group splits itself by color, and for each color present in both groups
     * their two parts are joined by MPI_Intercomm_create, with the parts' first ranks as leaders
     * talking over a duplicate of this intercommunicator (so that no message of the program here
     * can match theirs; made without the program's attributes, whose copy callbacks it must not run). Each process learns the other group's colors and keys first, to know
     * whether its color has partners there and which of them leads.
     */
    private Optional<Intercomm> splitBy(int color, int key) {
        int[] theirs = new int[2 * remoteSize()];
        allgather(Buf.of(new int[] {color, key}), Buf.of(theirs));
        int leader = -1;
        for (int j = 0; j < remoteSize(); j++) {
            // the first of the other part: the smallest key, then the lowest rank
            if (color != Mpi.UNDEFINED && theirs[2 * j] == color && (leader < 0 || theirs[2 * j + 1] < theirs[2 * leader + 1])) {
                leader = j;
            }
        }
        try (Intercomm peers = sameGroups()) {
            Optional<Intracomm> part = local.split(color, key);
            if (part.isEmpty() || leader < 0) {
                part.ifPresent(Intracomm::close);
                return Optional.empty();
            }
            try (Intracomm side = part.get()) {
                return Optional.of(child(side.createIntercomm(0, peers, leader, 0)));
            }
        }
    }

    /** Tag of the intercommunicators made by {@link #dup()}: no user tag, since user tags are >= 0. */
    private static final int DUP_TAG = -7;

    @Override
    void release() {
        java.util.concurrent.CompletableFuture<Void> last;
        synchronized (this) {
            last = lastStarted;
        }
        // the portable nonblocking forms still running use this communicator and its local group
        last.whenComplete((ignored, failure) -> {
            super.release();
            local.close();
        });
    }

    // ---- collectives across the two groups ----

    /**
     * Blocks until every process of both groups has called it (MPI_Barrier on an intercommunicator).
     *
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the intercommunicator is closed
     */
    public void barrier() {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.barrier(this, "barrier"));
            return;
        }
        checkOpen("barrier");
        local.barrier();
        exchangeWithRemoteLeader(Buf.of(new byte[0]), Buf.of(new byte[0]));
        local.barrier();
    }

    /**
     * Broadcasts from the root to every process of the other group (MPI_Bcast on an intercommunicator).
     *
     * @param buf the data at the root, the receive buffer in the other group; ignored on
     *     {@code PROC_NULL} ranks
     * @param root {@link Mpi#ROOT} at the root, {@link Mpi#PROC_NULL} at the rest of its group, the
     *     root's rank in the remote group elsewhere
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER}
     *     for a missing buffer
     */
    public void bcast(Buf buf, int root) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.bcast(this, "bcast", buf, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        bcastFlat(root == Mpi.ROOT ? f.read(buf) : f.write(buf), root);
        f.finish();
    }

    /** {@link #bcast} on buffers of predefined or contiguous types (Flattening). */
    private void bcastFlat(Buf buf, int root) {
        checkInterRoot("bcast", root);
        // every rank takes the call's tag, so that call numbers stay aligned within each group
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        checkSendBuf("bcast", buf);
        if (root == Mpi.ROOT) {
            wait(channel, List.of(channel.p2p().isend(Staging.copyOf(buf), 0, tag, SendMode.STANDARD)), "bcast");
            return;
        }
        if (local.rank() == 0) {
            Buf target = Staging.blank(buf);
            wait(channel, List.of(channel.p2p().irecv(new RecvTarget.Into(target), root, tag)), "bcast");
            Staging.unstage(target, buf, buf.byteSize());
        }
        local.bcast(buf, 0);
    }

    /**
     * Gathers one block from every process of the other group at the root (MPI_Gather on an
     * intercommunicator).
     *
     * @param send this rank's block (in the group that sends)
     * @param recv at the root, {@code remoteSize()} blocks; ignored elsewhere
     * @param root as for {@link #bcast}
     * @throws MpiException as {@link #bcast}, and {@link ErrorClass#ERR_COUNT} for a receive buffer
     *     that is not a whole number of blocks
     */
    public void gather(Buf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.gather(this, "gather", send, recv, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        gatherFlat(root == Mpi.ROOT ? send : f.read(send), root == Mpi.ROOT ? f.write(recv) : recv, root);
        f.finish();
    }

    /** {@link #gather} on buffers of predefined or contiguous types (Flattening). */
    private void gatherFlat(Buf send, Buf recv, int root) {
        checkInterRoot("gather", root);
        // every rank takes the call's tag, so that call numbers stay aligned within each group
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        if (root == Mpi.ROOT) {
            checkRecvBuf("gather", recv);
            requireWholeBlocks("gather", recv);
            Buf target = Staging.blank(recv);
            wait(channel, List.of(channel.p2p().irecv(new RecvTarget.Into(target), 0, tag)), "gather");
            Staging.unstage(target, recv, recv.byteSize());
            return;
        }
        checkSendBuf("gather", send);
        Buf all = local.rank() == 0 ? Staging.blank(Buf.of(new byte[Math.toIntExact(send.byteSize() * size())])) : null;
        Buf gathered = all == null ? null : Buf.of(all.segment(), send.datatype(), send.count() * size());
        local.gather(send, gathered, 0);
        if (local.rank() == 0) {
            wait(channel, List.of(channel.p2p().isend(gathered, root, tag, SendMode.STANDARD)), "gather");
        }
    }

    /**
     * Scatters the root's blocks to the processes of the other group (MPI_Scatter on an intercommunicator).
     *
     * @param send at the root, {@code remoteSize()} blocks; ignored elsewhere
     * @param recv this rank's block (in the group that receives)
     * @param root as for {@link #bcast}
     * @throws MpiException as {@link #gather}
     */
    public void scatter(Buf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.scatter(this, "scatter", send, recv, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        scatterFlat(root == Mpi.ROOT ? f.read(send) : send, root == Mpi.ROOT ? recv : f.write(recv), root);
        f.finish();
    }

    /** {@link #scatter} on buffers of predefined or contiguous types (Flattening). */
    private void scatterFlat(Buf send, Buf recv, int root) {
        checkInterRoot("scatter", root);
        // every rank takes the call's tag, so that call numbers stay aligned within each group
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        if (root == Mpi.ROOT) {
            checkSendBuf("scatter", send);
            requireWholeBlocks("scatter", send);
            wait(channel, List.of(channel.p2p().isend(Staging.copyOf(send), 0, tag, SendMode.STANDARD)), "scatter");
            return;
        }
        checkRecvBuf("scatter", recv);
        Buf all = null;
        if (local.rank() == 0) {
            all = Buf.of(Staging.blank(Buf.of(new byte[Math.toIntExact(recv.byteSize() * size())])).segment(), recv.datatype(),
                    recv.count() * size());
            wait(channel, List.of(channel.p2p().irecv(new RecvTarget.Into(all), root, tag)), "scatter");
        }
        local.scatter(all, recv, 0);
    }

    /**
     * Combines the operands of the other group's processes at the root (MPI_Reduce on an
     * intercommunicator).
     *
     * @param send this rank's operands (in the group that sends)
     * @param recv the result at the root; ignored elsewhere
     * @param op the operation, applied in rank order
     * @param root as for {@link #bcast}
     * @throws MpiException as {@link #bcast}, and {@link ErrorClass#ERR_OP} if the operation does not
     *     apply to the datatype
     */
    public void reduce(Buf send, Buf recv, Op op, int root) {
        if (engine.takesIntercommCollective(op)) {
            run(IntercommCalls.reduce(this, "reduce", send, recv, op, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        reduceFlat(root == Mpi.ROOT ? send : f.read(send, op), root == Mpi.ROOT ? f.write(recv, op) : recv,
                Flattening.op(op, root == Mpi.ROOT ? recv : send), root);
        f.finish();
    }

    /** {@link #reduce} on buffers of predefined or contiguous types (Flattening). */
    private void reduceFlat(Buf send, Buf recv, Op op, int root) {
        checkInterRoot("reduce", root);
        // every rank takes the call's tag, so that call numbers stay aligned within each group
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        if (root == Mpi.ROOT) {
            checkRecvBuf("reduce", recv);
            op.checkSupports("reduce", recv.datatype());
            Buf target = Staging.blank(recv);
            wait(channel, List.of(channel.p2p().irecv(new RecvTarget.Into(target), 0, tag)), "reduce");
            Staging.unstage(target, recv, recv.byteSize());
            return;
        }
        checkSendBuf("reduce", send);
        Buf partial = local.rank() == 0 ? Staging.blank(send) : null;
        local.reduce(send, partial, op, 0);
        if (local.rank() == 0) {
            wait(channel, List.of(channel.p2p().isend(partial, root, tag, SendMode.STANDARD)), "reduce");
        }
    }

    /**
     * Each group receives the reduction of the other group's operands (MPI_Allreduce on an
     * intercommunicator).
     *
     * @param send this rank's operands
     * @param recv the reduction of the remote group's operands
     * @param op the operation, applied in rank order
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for missing buffers, {@link ErrorClass#ERR_OP}
     *     if the operation does not apply, {@link ErrorClass#ERR_COUNT} for buffers of different counts
     */
    public void allreduce(Buf send, Buf recv, Op op) {
        if (engine.takesIntercommCollective(op)) {
            run(IntercommCalls.allreduce(this, "allreduce", send, recv, op));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        allreduceFlat(f.read(send, op), f.write(recv, op), Flattening.op(op, send));
        f.finish();
    }

    /** {@link #allreduce} on buffers of predefined or contiguous types (Flattening). */
    private void allreduceFlat(Buf send, Buf recv, Op op) {
        checkOpen("allreduce");
        checkSendBuf("allreduce", send);
        checkRecvBuf("allreduce", recv);
        op.checkSupports("allreduce", send.datatype());
        boolean leader = local.rank() == 0;
        Buf partial = leader ? Staging.blank(send) : null;
        local.reduce(send, partial, op, 0);
        Buf target = leader ? Staging.blank(recv) : null;
        exchangeWithRemoteLeader(partial, target); // every rank takes the call's tag; only the leaders exchange
        if (leader) {
            Staging.unstage(target, recv, recv.byteSize());
        }
        local.bcast(recv, 0);
    }

    /**
     * Each group receives the blocks of every process of the other group, in rank order
     * (MPI_Allgather on an intercommunicator).
     *
     * @param send this rank's block
     * @param recv {@code remoteSize()} blocks
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for missing buffers
     */
    public void allgather(Buf send, Buf recv) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.allgather(this, "allgather", send, recv));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        allgatherFlat(f.read(send), f.write(recv));
        f.finish();
    }

    /** {@link #allgather} on buffers of predefined or contiguous types (Flattening). */
    private void allgatherFlat(Buf send, Buf recv) {
        checkOpen("allgather");
        checkSendBuf("allgather", send);
        checkRecvBuf("allgather", recv);
        Buf mine = local.rank() == 0
                ? Buf.of(Staging.blank(Buf.of(new byte[Math.toIntExact(send.byteSize() * size())])).segment(), send.datatype(), send.count() * size())
                : null;
        local.gather(send, mine, 0);
        boolean leader = local.rank() == 0;
        Buf target = leader ? Staging.blank(recv) : null;
        exchangeWithRemoteLeader(mine, target); // every rank takes the call's tag; only the leaders exchange
        if (leader) {
            Staging.unstage(target, recv, recv.byteSize());
        }
        local.bcast(recv, 0);
    }

    /**
     * Sends block {@code j} to remote rank {@code j} and receives block {@code i} from remote rank
     * {@code i} (MPI_Alltoall on an intercommunicator).
     *
     * @param send {@code remoteSize()} equal blocks
     * @param recv {@code remoteSize()} equal blocks
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for missing buffers, {@link ErrorClass#ERR_COUNT}
     *     for buffers that are not a whole number of blocks
     */
    public void alltoall(Buf send, Buf recv) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.alltoall(this, "alltoall", send, recv));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        alltoallFlat(f.read(send), f.write(recv));
        f.finish();
    }

    /** {@link #alltoall} on buffers of predefined or contiguous types (Flattening). */
    private void alltoallFlat(Buf send, Buf recv) {
        checkOpen("alltoall");
        checkSendBuf("alltoall", send);
        checkRecvBuf("alltoall", recv);
        int n = remoteSize();
        if (send.count() % n != 0 || recv.count() % n != 0) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, "alltoall: the buffers must hold remoteSize()=" + n + " equal blocks; send count="
                    + send.count() + ", receive count=" + recv.count()));
        }
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        long sb = send.count() / n;
        long rb = recv.count() / n;
        Buf target = Staging.blank(recv);
        List<SpiRequest> parts = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            parts.add(channel.p2p().irecv(new RecvTarget.Into(target.slice(j * rb, rb)), j, tag));
        }
        Buf data = Staging.copyOf(send);
        for (int j = 0; j < n; j++) {
            parts.add(channel.p2p().isend(data.slice(j * sb, sb), j, tag, SendMode.STANDARD));
        }
        wait(channel, parts, "alltoall");
        Staging.unstage(target, recv, recv.byteSize());
    }

    /**
     * Gathers blocks of different sizes from the processes of the other group at the root
     * (MPI_Gatherv on an intercommunicator).
     *
     * @param send this rank's block (in the group that sends)
     * @param recv at the root, one block per remote rank; ignored elsewhere
     * @param root as for {@link #bcast}
     * @throws MpiException as {@link #gather}
     */
    public void gatherv(Buf send, VBuf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.gatherv(this, "gatherv", send, recv, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        gathervFlat(root == Mpi.ROOT ? send : f.read(send), root == Mpi.ROOT ? f.write(recv) : recv, root);
        f.finish();
    }

    /** {@link #gatherv} on buffers of predefined or contiguous types (Flattening). */
    private void gathervFlat(Buf send, VBuf recv, int root) {
        checkInterRoot("gatherv", root);
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        if (root == Mpi.ROOT) {
            requireBlocks("gatherv", recv, remoteSize());
            checkRecvBuf("gatherv", recv.buf());
            Buf target = Staging.copyOf(recv.buf());
            List<SpiRequest> parts = new ArrayList<>();
            for (int j = 0; j < recv.blocks(); j++) {
                parts.add(channel.p2p().irecv(new RecvTarget.Into(target.slice(recv.displ(j), recv.count(j))), j, tag));
            }
            wait(channel, parts, "gatherv");
            Staging.unstage(target, recv.buf(), recv.buf().byteSize());
            return;
        }
        checkSendBuf("gatherv", send);
        wait(channel, List.of(channel.p2p().isend(Staging.copyOf(send), root, tag, SendMode.STANDARD)), "gatherv");
    }

    /**
     * Scatters blocks of different sizes from the root to the processes of the other group
     * (MPI_Scatterv on an intercommunicator).
     *
     * @param send at the root, one block per remote rank; ignored elsewhere
     * @param recv this rank's block (in the group that receives)
     * @param root as for {@link #bcast}
     * @throws MpiException as {@link #gather}
     */
    public void scatterv(VBuf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.scatterv(this, "scatterv", send, recv, root));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        scattervFlat(root == Mpi.ROOT ? f.read(send) : send, root == Mpi.ROOT ? recv : f.write(recv), root);
        f.finish();
    }

    /** {@link #scatterv} on buffers of predefined or contiguous types (Flattening). */
    private void scattervFlat(VBuf send, Buf recv, int root) {
        checkInterRoot("scatterv", root);
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        if (root == Mpi.PROC_NULL) {
            return;
        }
        if (root == Mpi.ROOT) {
            requireBlocks("scatterv", send, remoteSize());
            Buf data = Staging.copyOf(send.buf());
            List<SpiRequest> parts = new ArrayList<>();
            for (int j = 0; j < send.blocks(); j++) {
                parts.add(channel.p2p().isend(data.slice(send.displ(j), send.count(j)), j, tag, SendMode.STANDARD));
            }
            wait(channel, parts, "scatterv");
            return;
        }
        checkRecvBuf("scatterv", recv);
        Buf target = Staging.blank(recv);
        wait(channel, List.of(channel.p2p().irecv(new RecvTarget.Into(target), root, tag)), "scatterv");
        Staging.unstage(target, recv, recv.byteSize());
    }

    /**
     * Each group receives the blocks, of different sizes, of every process of the other group
     * (MPI_Allgatherv on an intercommunicator).
     *
     * @param send this rank's block
     * @param recv one block per remote rank
     * @throws MpiException as {@link #allgather}, and {@link ErrorClass#ERR_COUNT} if {@code recv}
     *     does not have one block per remote rank
     */
    public void allgatherv(Buf send, VBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.allgatherv(this, "allgatherv", send, recv));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        allgathervFlat(f.read(send), f.write(recv));
        f.finish();
    }

    /** {@link #allgatherv} on buffers of predefined or contiguous types (Flattening). */
    private void allgathervFlat(Buf send, VBuf recv) {
        checkOpen("allgatherv");
        checkSendBuf("allgatherv", send);
        requireBlocks("allgatherv", recv, remoteSize());
        checkRecvBuf("allgatherv", recv.buf());
        List<Buf> sends = new ArrayList<>();
        List<Buf> recvs = new ArrayList<>();
        Buf target = Staging.copyOf(recv.buf());
        Buf data = Staging.copyOf(send);
        for (int j = 0; j < remoteSize(); j++) {
            sends.add(data);
            recvs.add(target.slice(recv.displ(j), recv.count(j)));
        }
        exchangeWithEveryRemoteRank("allgatherv", sends, recvs);
        Staging.unstage(target, recv.buf(), recv.buf().byteSize());
    }

    /**
     * All-to-all with blocks of different sizes between the groups (MPI_Alltoallv on an intercommunicator).
     *
     * @param send one block per remote rank
     * @param recv one block per remote rank
     * @throws MpiException {@link ErrorClass#ERR_COUNT} if the buffers do not have one block per
     *     remote rank, {@link ErrorClass#ERR_BUFFER} for missing buffers
     */
    public void alltoallv(VBuf send, VBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.alltoallv(this, "alltoallv", send, recv));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        alltoallvFlat(f.read(send), f.write(recv));
        f.finish();
    }

    /** {@link #alltoallv} on buffers of predefined or contiguous types (Flattening). */
    private void alltoallvFlat(VBuf send, VBuf recv) {
        checkOpen("alltoallv");
        requireBlocks("alltoallv", send, remoteSize());
        requireBlocks("alltoallv", recv, remoteSize());
        checkRecvBuf("alltoallv", recv.buf());
        Buf data = Staging.copyOf(send.buf());
        Buf target = Staging.copyOf(recv.buf());
        List<Buf> sends = new ArrayList<>();
        List<Buf> recvs = new ArrayList<>();
        for (int j = 0; j < remoteSize(); j++) {
            sends.add(data.slice(send.displ(j), send.count(j)));
            recvs.add(target.slice(recv.displ(j), recv.count(j)));
        }
        exchangeWithEveryRemoteRank("alltoallv", sends, recvs);
        Staging.unstage(target, recv.buf(), recv.buf().byteSize());
    }

    /**
     * All-to-all with blocks of different sizes and datatypes between the groups
     * (MPI_Alltoallw on an intercommunicator).
     *
     * @param send one block per remote rank
     * @param recv one block per remote rank
     * @throws MpiException {@link ErrorClass#ERR_COUNT} if the buffers do not have one block per remote rank
     */
    public void alltoallw(WBuf send, WBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            run(IntercommCalls.alltoallw(this, "alltoallw", send, recv));
            return;
        }
        checkOpen("alltoallw");
        int n = remoteSize();
        if (send == null || recv == null || send.blocks() != n || recv.blocks() != n) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, "alltoallw: the send and receive WBufs need one block per remote rank ("
                    + n + ")"));
        }
        List<Buf> sends = new ArrayList<>();
        List<Buf> recvs = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            sends.add(Staging.copyOf(send.block(j)));
            Buf user = recv.block(j);
            Buf staged = Staging.blank(user);
            recvs.add(staged);
            after.add(() -> Staging.unstage(staged, user, user.byteSize()));
        }
        exchangeWithEveryRemoteRank("alltoallw", sends, recvs);
        after.forEach(Runnable::run);
    }

    /**
     * Reduces each group's operands and scatters the result over the other group in equal blocks
     * (MPI_Reduce_scatter_block on an intercommunicator).
     *
     * @param send this rank's operands: {@code size()} times the receive count, a total MPI requires
     *     to be the same in both groups (it is also {@code remoteSize()} times the other group's
     *     receive count)
     * @param recv this rank's block of the reduction of the other group's operands
     * @param op the operation, applied in rank order
     * @throws MpiException {@link ErrorClass#ERR_OP} if the operation does not apply,
     *     {@link ErrorClass#ERR_BUFFER} for missing buffers, {@link ErrorClass#ERR_COUNT} for a send
     *     buffer that does not hold {@code size()} receive blocks
     */
    public void reduceScatterBlock(Buf send, Buf recv, Op op) {
        if (engine.takesIntercommCollective(op)) {
            run(IntercommCalls.reduceScatterBlock(this, "reduceScatterBlock", send, recv, op));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        reduceScatterBlockFlat(f.read(send, op), f.write(recv, op), Flattening.op(op, send));
        f.finish();
    }

    /** {@link #reduceScatterBlock} on buffers of predefined or contiguous types (Flattening). */
    private void reduceScatterBlockFlat(Buf send, Buf recv, Op op) {
        checkOpen("reduceScatterBlock");
        checkSendBuf("reduceScatterBlock", send);
        checkRecvBuf("reduceScatterBlock", recv);
        if (send.count() != recv.count() * size()) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, "reduceScatterBlock: the send buffer has count=" + send.count()
                    + " but needs size() * receive count = " + size() + " * " + recv.count()
                    + " (MPI requires the same total in both groups)"));
        }
        int[] counts = new int[size()];
        java.util.Arrays.fill(counts, Math.toIntExact(recv.count()));
        reduceThenScatter("reduceScatterBlock", send, recv, counts, op);
    }

    /**
     * Reduces each group's operands and scatters the result over the other group, rank {@code i}
     * of a group receiving {@code recvCounts[i]} elements (MPI_Reduce_scatter on an intercommunicator).
     *
     * @param send this rank's operands: as many as {@code recvCounts} add up to, a total MPI
     *     requires to be the same in both groups
     * @param recv this rank's block of the reduction of the other group's operands
     * @param recvCounts the count of each rank of this group
     * @param op the operation, applied in rank order
     * @throws MpiException {@link ErrorClass#ERR_COUNT} if {@code recvCounts} does not have one entry
     *     per local rank or disagrees with {@code recv} or {@code send}, and as {@link #reduceScatterBlock}
     */
    public void reduceScatter(Buf send, Buf recv, int[] recvCounts, Op op) {
        if (engine.takesIntercommCollective(op)) {
            run(IntercommCalls.reduceScatter(this, "reduceScatter", send, recv, recvCounts, op));
            return;
        }
        Flattening.Call f = new Flattening.Call(this);
        // the counts are in elements of the receive type: in elements of its flat form they scale
        int[] counts = recvCounts == null ? null : Flattening.scale(recvCounts, Flattening.opLength(send, op));
        reduceScatterFlat(f.read(send, op), f.write(recv, op), counts, Flattening.op(op, send));
        f.finish();
    }

    /** {@link #reduceScatter} on buffers of predefined or contiguous types (Flattening). */
    private void reduceScatterFlat(Buf send, Buf recv, int[] recvCounts, Op op) {
        checkOpen("reduceScatter");
        checkSendBuf("reduceScatter", send);
        checkRecvBuf("reduceScatter", recv);
        if (recvCounts == null || recvCounts.length != size() || recvCounts[rank()] != recv.count()) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, "reduceScatter: recvCounts needs one entry per local rank (" + size()
                    + ") and its own entry must equal the receive count=" + recv.count()));
        }
        long total = 0;
        for (int c : recvCounts) {
            total += c;
        }
        if (send.count() != total) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, "reduceScatter: the send buffer has count=" + send.count()
                    + " but the recvCounts add up to " + total + " (MPI requires the same total in both groups)"));
        }
        reduceThenScatter("reduceScatter", send, recv, recvCounts.clone(), op);
    }

    /** Local reduction to the leader, leaders exchange, scatter of the other group's reduction. */
    private void reduceThenScatter(String op, Buf send, Buf recv, int[] counts, Op o) {
        try {
            o.checkSupports(op, send.datatype());
        } catch (MpiException e) {
            throw raise(e);
        }
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        boolean leader = local.rank() == 0;
        Buf partial = leader ? Staging.blank(send) : null;
        local.reduce(send, partial, o, 0);
        Buf theirs = leader ? Buf.of(Staging.blank(Buf.of(new byte[Math.toIntExact(total * recv.datatype().size())])).segment(),
                recv.datatype(), total) : null;
        exchangeWithRemoteLeader(partial, theirs);
        local.scatterv(theirs == null ? null : VBuf.of(theirs, counts), recv, 0);
    }

    // ---- nonblocking forms: the blocking algorithm on a thread of its own, in call order ----

    /** The last nonblocking collective started on this rank: the next one runs after it, so every rank runs them in call order. */
    private java.util.concurrent.CompletableFuture<Void> lastStarted = java.util.concurrent.CompletableFuture.completedFuture(null);

    private Request<Status> start(String op, Runnable collective) {
        checkOpen(op);
        TaskRequest request = new TaskRequest(op + "(intercommunicator " + displayName() + ")");
        java.util.concurrent.CompletableFuture<Void> previous;
        java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
        synchronized (this) {
            previous = lastStarted;
            lastStarted = finished;
        }
        engine.collectiveChannel().spawn("mpi4j-" + op, () -> {
            MpiException failure = null;
            try {
                previous.join();
                ScopedValue.where(RUNNING_STARTED, this).run(collective);
            } catch (MpiException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new MpiException(ErrorClass.ERR_INTERN, op + " failed: " + e, e);
            } finally {
                finished.complete(null);
            }
            request.complete(failure);
        });
        return new Request<>(this, request, Request.statusFinisher());
    }

    /**
     * Starts {@link #barrier()} (MPI_Ibarrier on an intercommunicator).
     *
     * @return the request
     */
    public Request<Status> ibarrier() {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.barrier(this, "ibarrier"));
        }
        return start("ibarrier", this::barrier);
    }

    /**
     * Starts {@link #bcast} (MPI_Ibcast on an intercommunicator).
     *
     * @param buf as for {@link #bcast}
     * @param root as for {@link #bcast}
     * @return the request
     */
    public Request<Status> ibcast(Buf buf, int root) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.bcast(this, "ibcast", buf, root));
        }
        return start("ibcast", () -> bcast(buf, root));
    }

    /**
     * Starts {@link #gather} (MPI_Igather on an intercommunicator).
     *
     * @param send as for {@link #gather}
     * @param recv as for {@link #gather}
     * @param root as for {@link #gather}
     * @return the request
     */
    public Request<Status> igather(Buf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.gather(this, "igather", send, recv, root));
        }
        return start("igather", () -> gather(send, recv, root));
    }

    /**
     * Starts {@link #gatherv} (MPI_Igatherv on an intercommunicator).
     *
     * @param send as for {@link #gatherv}
     * @param recv as for {@link #gatherv}
     * @param root as for {@link #gatherv}
     * @return the request
     */
    public Request<Status> igatherv(Buf send, VBuf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.gatherv(this, "igatherv", send, recv, root));
        }
        return start("igatherv", () -> gatherv(send, recv, root));
    }

    /**
     * Starts {@link #scatter} (MPI_Iscatter on an intercommunicator).
     *
     * @param send as for {@link #scatter}
     * @param recv as for {@link #scatter}
     * @param root as for {@link #scatter}
     * @return the request
     */
    public Request<Status> iscatter(Buf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.scatter(this, "iscatter", send, recv, root));
        }
        return start("iscatter", () -> scatter(send, recv, root));
    }

    /**
     * Starts {@link #scatterv} (MPI_Iscatterv on an intercommunicator).
     *
     * @param send as for {@link #scatterv}
     * @param recv as for {@link #scatterv}
     * @param root as for {@link #scatterv}
     * @return the request
     */
    public Request<Status> iscatterv(VBuf send, Buf recv, int root) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.scatterv(this, "iscatterv", send, recv, root));
        }
        return start("iscatterv", () -> scatterv(send, recv, root));
    }

    /**
     * Starts {@link #reduce} (MPI_Ireduce on an intercommunicator).
     *
     * @param send as for {@link #reduce}
     * @param recv as for {@link #reduce}
     * @param op as for {@link #reduce}
     * @param root as for {@link #reduce}
     * @return the request
     */
    public Request<Status> ireduce(Buf send, Buf recv, Op op, int root) {
        if (engine.takesIntercommCollective(op)) {
            return start(IntercommCalls.reduce(this, "ireduce", send, recv, op, root));
        }
        return start("ireduce", () -> reduce(send, recv, op, root));
    }

    /**
     * Starts {@link #allreduce} (MPI_Iallreduce on an intercommunicator).
     *
     * @param send as for {@link #allreduce}
     * @param recv as for {@link #allreduce}
     * @param op as for {@link #allreduce}
     * @return the request
     */
    public Request<Status> iallreduce(Buf send, Buf recv, Op op) {
        if (engine.takesIntercommCollective(op)) {
            return start(IntercommCalls.allreduce(this, "iallreduce", send, recv, op));
        }
        return start("iallreduce", () -> allreduce(send, recv, op));
    }

    /**
     * Starts {@link #allgather} (MPI_Iallgather on an intercommunicator).
     *
     * @param send as for {@link #allgather}
     * @param recv as for {@link #allgather}
     * @return the request
     */
    public Request<Status> iallgather(Buf send, Buf recv) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.allgather(this, "iallgather", send, recv));
        }
        return start("iallgather", () -> allgather(send, recv));
    }

    /**
     * Starts {@link #allgatherv} (MPI_Iallgatherv on an intercommunicator).
     *
     * @param send as for {@link #allgatherv}
     * @param recv as for {@link #allgatherv}
     * @return the request
     */
    public Request<Status> iallgatherv(Buf send, VBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.allgatherv(this, "iallgatherv", send, recv));
        }
        return start("iallgatherv", () -> allgatherv(send, recv));
    }

    /**
     * Starts {@link #alltoall} (MPI_Ialltoall on an intercommunicator).
     *
     * @param send as for {@link #alltoall}
     * @param recv as for {@link #alltoall}
     * @return the request
     */
    public Request<Status> ialltoall(Buf send, Buf recv) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.alltoall(this, "ialltoall", send, recv));
        }
        return start("ialltoall", () -> alltoall(send, recv));
    }

    /**
     * Starts {@link #alltoallv} (MPI_Ialltoallv on an intercommunicator).
     *
     * @param send as for {@link #alltoallv}
     * @param recv as for {@link #alltoallv}
     * @return the request
     */
    public Request<Status> ialltoallv(VBuf send, VBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.alltoallv(this, "ialltoallv", send, recv));
        }
        return start("ialltoallv", () -> alltoallv(send, recv));
    }

    /**
     * Starts {@link #alltoallw} (MPI_Ialltoallw on an intercommunicator).
     *
     * @param send as for {@link #alltoallw}
     * @param recv as for {@link #alltoallw}
     * @return the request
     */
    public Request<Status> ialltoallw(WBuf send, WBuf recv) {
        if (engine.takesIntercommCollective(null)) {
            return start(IntercommCalls.alltoallw(this, "ialltoallw", send, recv));
        }
        return start("ialltoallw", () -> alltoallw(send, recv));
    }

    /**
     * Starts {@link #reduceScatterBlock} (MPI_Ireduce_scatter_block on an intercommunicator).
     *
     * @param send as for {@link #reduceScatterBlock}
     * @param recv as for {@link #reduceScatterBlock}
     * @param op as for {@link #reduceScatterBlock}
     * @return the request
     */
    public Request<Status> ireduceScatterBlock(Buf send, Buf recv, Op op) {
        if (engine.takesIntercommCollective(op)) {
            return start(IntercommCalls.reduceScatterBlock(this, "ireduceScatterBlock", send, recv, op));
        }
        return start("ireduceScatterBlock", () -> reduceScatterBlock(send, recv, op));
    }

    /**
     * Starts {@link #reduceScatter} (MPI_Ireduce_scatter on an intercommunicator).
     *
     * @param send as for {@link #reduceScatter}
     * @param recv as for {@link #reduceScatter}
     * @param recvCounts as for {@link #reduceScatter}
     * @param op as for {@link #reduceScatter}
     * @return the request
     */
    public Request<Status> ireduceScatter(Buf send, Buf recv, int[] recvCounts, Op op) {
        if (engine.takesIntercommCollective(op)) {
            return start(IntercommCalls.reduceScatter(this, "ireduceScatter", send, recv, recvCounts, op));
        }
        return start("ireduceScatter", () -> reduceScatter(send, recv, recvCounts, op));
    }

    // ---- persistent forms (MPI-4.1 §6.13 on an intercommunicator): each start is the nonblocking form ----

    /**
     * A persistent collective whose every start is a call of its nonblocking form, made with the
     * arguments given at creation (read again at each start, as MPI reads the buffers): so on
     * every provider it is the same operation, the library's where the provider runs
     * intercommunicator collectives itself. The arguments are checked at each start.
     */
    private PersistentRequest<Status> persistent(String name, java.util.function.Supplier<Request<Status>> start) {
        checkOpen(name + "Init");
        java.util.concurrent.atomic.AtomicReference<Request<Status>> current = new java.util.concurrent.atomic.AtomicReference<>();
        return new PersistentRequest<>(this, name, () -> {
            checkOpen("start");
            Request<Status> r = start.get();
            current.set(r);
            return r.spi();
        }, s -> current.get().await(), Status.procNull(Datatype.BYTE));
    }

    /**
     * Creates a persistent {@link #barrier()} (MPI_Barrier_init on an intercommunicator).
     *
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> barrierInit() {
        return persistent("barrier", this::ibarrier);
    }

    /**
     * Creates a persistent {@link #bcast} (MPI_Bcast_init on an intercommunicator).
     *
     * @param buf as for {@link #bcast}
     * @param root as for {@link #bcast}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> bcastInit(Buf buf, int root) {
        return persistent("bcast", () -> ibcast(buf, root));
    }

    /**
     * Creates a persistent {@link #gather} (MPI_Gather_init on an intercommunicator).
     *
     * @param send as for {@link #gather}
     * @param recv as for {@link #gather}
     * @param root as for {@link #gather}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> gatherInit(Buf send, Buf recv, int root) {
        return persistent("gather", () -> igather(send, recv, root));
    }

    /**
     * Creates a persistent {@link #gatherv} (MPI_Gatherv_init on an intercommunicator).
     *
     * @param send as for {@link #gatherv}
     * @param recv as for {@link #gatherv}
     * @param root as for {@link #gatherv}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> gathervInit(Buf send, VBuf recv, int root) {
        return persistent("gatherv", () -> igatherv(send, recv, root));
    }

    /**
     * Creates a persistent {@link #scatter} (MPI_Scatter_init on an intercommunicator).
     *
     * @param send as for {@link #scatter}
     * @param recv as for {@link #scatter}
     * @param root as for {@link #scatter}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> scatterInit(Buf send, Buf recv, int root) {
        return persistent("scatter", () -> iscatter(send, recv, root));
    }

    /**
     * Creates a persistent {@link #scatterv} (MPI_Scatterv_init on an intercommunicator).
     *
     * @param send as for {@link #scatterv}
     * @param recv as for {@link #scatterv}
     * @param root as for {@link #scatterv}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> scattervInit(VBuf send, Buf recv, int root) {
        return persistent("scatterv", () -> iscatterv(send, recv, root));
    }

    /**
     * Creates a persistent {@link #reduce} (MPI_Reduce_init on an intercommunicator).
     *
     * @param send as for {@link #reduce}
     * @param recv as for {@link #reduce}
     * @param op as for {@link #reduce}
     * @param root as for {@link #reduce}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> reduceInit(Buf send, Buf recv, Op op, int root) {
        return persistent("reduce", () -> ireduce(send, recv, op, root));
    }

    /**
     * Creates a persistent {@link #allreduce} (MPI_Allreduce_init on an intercommunicator).
     *
     * @param send as for {@link #allreduce}
     * @param recv as for {@link #allreduce}
     * @param op as for {@link #allreduce}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> allreduceInit(Buf send, Buf recv, Op op) {
        return persistent("allreduce", () -> iallreduce(send, recv, op));
    }

    /**
     * Creates a persistent {@link #allgather} (MPI_Allgather_init on an intercommunicator).
     *
     * @param send as for {@link #allgather}
     * @param recv as for {@link #allgather}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> allgatherInit(Buf send, Buf recv) {
        return persistent("allgather", () -> iallgather(send, recv));
    }

    /**
     * Creates a persistent {@link #allgatherv} (MPI_Allgatherv_init on an intercommunicator).
     *
     * @param send as for {@link #allgatherv}
     * @param recv as for {@link #allgatherv}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> allgathervInit(Buf send, VBuf recv) {
        return persistent("allgatherv", () -> iallgatherv(send, recv));
    }

    /**
     * Creates a persistent {@link #alltoall} (MPI_Alltoall_init on an intercommunicator).
     *
     * @param send as for {@link #alltoall}
     * @param recv as for {@link #alltoall}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> alltoallInit(Buf send, Buf recv) {
        return persistent("alltoall", () -> ialltoall(send, recv));
    }

    /**
     * Creates a persistent {@link #alltoallv} (MPI_Alltoallv_init on an intercommunicator).
     *
     * @param send as for {@link #alltoallv}
     * @param recv as for {@link #alltoallv}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> alltoallvInit(VBuf send, VBuf recv) {
        return persistent("alltoallv", () -> ialltoallv(send, recv));
    }

    /**
     * Creates a persistent {@link #alltoallw} (MPI_Alltoallw_init on an intercommunicator).
     *
     * @param send as for {@link #alltoallw}
     * @param recv as for {@link #alltoallw}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> alltoallwInit(WBuf send, WBuf recv) {
        return persistent("alltoallw", () -> ialltoallw(send, recv));
    }

    /**
     * Creates a persistent {@link #reduceScatterBlock} (MPI_Reduce_scatter_block_init on an
     * intercommunicator).
     *
     * @param send as for {@link #reduceScatterBlock}
     * @param recv as for {@link #reduceScatterBlock}
     * @param op as for {@link #reduceScatterBlock}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> reduceScatterBlockInit(Buf send, Buf recv, Op op) {
        return persistent("reduceScatterBlock", () -> ireduceScatterBlock(send, recv, op));
    }

    /**
     * Creates a persistent {@link #reduceScatter} (MPI_Reduce_scatter_init on an intercommunicator).
     *
     * @param send as for {@link #reduceScatter}
     * @param recv as for {@link #reduceScatter}
     * @param recvCounts as for {@link #reduceScatter}; copied now
     * @param op as for {@link #reduceScatter}
     * @return the inactive persistent request
     */
    public PersistentRequest<Status> reduceScatterInit(Buf send, Buf recv, int[] recvCounts, Op op) {
        int[] counts = recvCounts == null ? null : recvCounts.clone();
        return persistent("reduceScatter", () -> ireduceScatter(send, recv, counts, op));
    }

    /** Sends {@code sends.get(j)} to remote rank {@code j} and receives {@code recvs.get(j)} from it, for every j. */
    private void exchangeWithEveryRemoteRank(String op, List<Buf> sends, List<Buf> recvs) {
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag();
        List<SpiRequest> parts = new ArrayList<>();
        for (int j = 0; j < recvs.size(); j++) {
            parts.add(channel.p2p().irecv(new RecvTarget.Into(recvs.get(j)), j, tag));
        }
        for (int j = 0; j < sends.size(); j++) {
            parts.add(channel.p2p().isend(sends.get(j), j, tag, SendMode.STANDARD));
        }
        wait(channel, parts, op);
    }

    /** At the root of gather and scatter: the buffer holds one equal block per remote rank. */
    private void requireWholeBlocks(String op, Buf b) {
        if (b.count() % remoteSize() != 0) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the root's buffer has count=" + b.count()
                    + ", which is not remoteSize()=" + remoteSize() + " equal blocks"));
        }
    }

    private void requireBlocks(String op, VBuf v, int n) {
        if (v == null || v.blocks() != n) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the VBuf needs one block per remote rank (" + n + "), not "
                    + (v == null ? "null" : v.blocks())));
        }
    }

    // ---- helpers ----

    void checkInterRoot(String op, int root) {
        checkOpen(op);
        int n = remoteSize();
        if (root != Mpi.ROOT && root != Mpi.PROC_NULL && (root < 0 || root >= n)) {
            throw raise(new MpiException(ErrorClass.ERR_ROOT, op + ": root=" + rankArgument(root) + " is invalid on an intercommunicator; use ROOT at the root,"
                    + " PROC_NULL in the rest of its group, or the root's rank in the remote group [0, " + n + ")"));
        }
    }

    /**
     * Local rank 0 of each group sends {@code send} to the other's and receives into {@code recv}.
     * Every rank of both groups calls it, so that the call numbers stay aligned; the buffers are
     * only read at the leaders.
     */
    private void exchangeWithRemoteLeader(Buf send, Buf recv) {
        CollectiveChannel channel = engine.collectiveChannel();
        int tag = channel.nextTag(); // taken on every rank, so that call numbers stay aligned
        if (local.rank() != 0) {
            return;
        }
        SpiRequest r = channel.p2p().irecv(new RecvTarget.Into(Staging.forRecv(recv)), 0, tag);
        SpiRequest s = channel.p2p().isend(Staging.forSend(send), 0, tag, SendMode.STANDARD);
        wait(channel, List.of(r, s), "leaders' exchange");
    }

    private void wait(CollectiveChannel channel, List<SpiRequest> parts) {
        wait(channel, parts, "intercommunicator collective");
    }

    private void wait(CollectiveChannel channel, List<SpiRequest> parts, String op) {
        List<SpiRequest> pending = new ArrayList<>(parts);
        while (true) {
            pending.removeIf(SpiRequest::isComplete);
            if (pending.isEmpty()) {
                break;
            }
            channel.awaitAny(pending, op + "(intercommunicator " + displayName() + ")");
        }
        for (SpiRequest p : parts) {
            MpiException f = p.failure();
            if (f != null) {
                throw raise(Request.rethrown(f));
            }
        }
    }
}
