package io.mpi4j.spi;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.Status;
import java.util.Optional;

/**
 * A provider's side of one communicator: its own matching context for point-to-point messages,
 * separate from every other communicator's and from its own collective traffic.
 *
 * <p>Ranks are ranks of this communicator. The API has validated every argument: ranks are in
 * {@code [0, size())} or {@link io.mpi4j.Mpi#ANY_SOURCE} for receives (never {@code PROC_NULL},
 * which the API handles itself), tags are in {@code [0, tagUpperBound]} or
 * {@link io.mpi4j.Mpi#ANY_TAG} for receives, and buffers are viewable as segments.
 *
 * @implSpec Messages between a pair of ranks on one communicator are non-overtaking (MPI-4.1
 *     §3.5): if a sender sends two messages that both match a receive, the first is received first.
 */
public interface CommEngine {
    /**
     * Returns the rank of the calling process in this communicator.
     *
     * @return the rank
     */
    int rank();

    /**
     * Returns the number of processes in this communicator.
     *
     * @return the size
     */
    int size();

    /**
     * Returns the name of this communicator, for reports (MPI_Comm_get_name).
     *
     * @return {@code "WORLD"}, {@code "SELF"}, a name set by {@link #setName}, or empty
     */
    String name();

    /**
     * Sets the name of this communicator (MPI_Comm_set_name).
     *
     * @param name the name
     */
    void setName(String name);

    /**
     * Tells whether this engine's point-to-point operations take buffers of non-contiguous derived
     * datatypes as they lie in the program's memory (MPI-4.1 §5.1), so that the API need not pack
     * them into a private contiguous copy first.
     *
     * <p>When {@code false} (the default) every buffer the engine is given, by {@link #isend},
     * {@link #send}, {@link #irecv}, {@link #recv} and {@link SpiMessage#irecv}, is contiguous: its
     * datatype is {@linkplain Datatype#isContiguous() contiguous} or it is
     * {@linkplain Buf#isPacked() packed}, and the engine moves {@code byteSize()} bytes from the
     * start of its segment. When {@code true} those methods may also be given a buffer whose
     * datatype is not contiguous and which is not packed: its segment starts at the buffer's origin
     * and the data are the bytes the datatype's type map names, for {@code count()} elements.
     *
     * <p>Either way the API has checked the datatype (committed, not freed), and for a receive that
     * no byte is named twice (MPI-4.1 §5.1.11); statuses count bytes of data as always
     * ({@link Status#byteCount()}), and a message longer than the receive's data is
     * {@link ErrorClass#ERR_TRUNCATE}. Collectives are unaffected: their derived buffers reach
     * {@link #collective} as their type signature, unless {@link #takesDerivedCollectiveTypes()}.
     *
     * @return whether non-contiguous buffers may be given unpacked; {@code false} by default
     * @implSpec The default returns {@code false}. An engine that returns {@code true} must move
     *     exactly the data the type map names, in signature order, so that the message matches a
     *     receive described by any datatype with the same signature (a contiguous one included),
     *     and must leave the gaps of a receive buffer untouched.
     * @apiNote The {@code native} provider returns {@code true} and hands the type to MPI as an
     *     MPI derived datatype, so that the MPI library's own datatype engine (and its zero-copy
     *     paths for native memory) moves the data; {@code sim} and {@code shm} keep the default.
     */
    default boolean takesDerivedTypes() {
        return false;
    }

    /**
     * Tells whether the engine takes buffers of non-contiguous derived datatypes unpacked in the
     * data-movement collectives of intracommunicators: {@link Collective.Bcast},
     * {@link Collective.Gather}, {@link Collective.Gatherv}, {@link Collective.Scatter},
     * {@link Collective.Scatterv}, {@link Collective.Allgather}, {@link Collective.Allgatherv},
     * {@link Collective.Alltoall}, {@link Collective.Alltoallv} and {@link Collective.Alltoallw},
     * blocking, nonblocking and persistent alike.
     *
     * <p>When {@code false} (the default) the API packs such buffers into private memory typed by
     * their signature (so every block is contiguous). When {@code true} a {@link io.mpi4j.Buf},
     * {@link io.mpi4j.VBuf} or {@link io.mpi4j.WBuf} block of a non-contiguous type reaches the
     * engine as the program described it: counts, and {@code VBuf} displacements, in elements of
     * that type (displacements in multiples of its extent), the segment starting at the buffer's
     * origin. Another rank of the same call may describe its data with any datatype of the same
     * signature, a predefined one included, so the engine must match by signature. The API has
     * checked the datatypes (committed, not freed; no byte named twice in a buffer written) and the
     * counts in elements of the signature, and a buffer it must stage (memory confined to the
     * calling thread in a nonblocking call, {@code boolean[]}) still arrives packed as its
     * signature. Reductions are unaffected: their buffers always arrive as their signature.
     *
     * @return whether derived buffers may reach data-movement collectives unpacked; {@code false}
     *     by default
     * @implSpec The default returns {@code false}. An engine that returns {@code true} must carry
     *     out every such call itself: the provider-neutral algorithms of {@link #collective} and
     *     {@link #startCollective} move contiguous data only.
     * @apiNote The {@code native} provider returns {@code true} and passes the MPI derived datatype
     *     to the MPI collective; {@code sim} and {@code shm} keep the default.
     */
    default boolean takesDerivedCollectiveTypes() {
        return false;
    }

    /**
     * Tells whether a collective buffer of this derived datatype may reach {@link #collective}
     * unpacked, where {@link #takesDerivedCollectiveTypes()} holds: a provider may decline types
     * its library moves wrongly, which the API then packs as it does for every provider.
     *
     * @param type a committed, non-contiguous datatype
     * @return whether to give buffers of it unpacked
     * @implSpec The default returns {@link #takesDerivedCollectiveTypes()}.
     */
    default boolean takesDerivedCollectiveType(io.mpi4j.Datatype type) {
        return takesDerivedCollectiveTypes();
    }

    /**
     * Starts a send (MPI_Isend, MPI_Issend, MPI_Ibsend, MPI_Irsend).
     *
     * @param buf the data; must stay unmodified until the request completes
     * @param dest the destination rank, in {@code [0, size())}
     * @param tag the tag, in {@code [0, tagUpperBound]}
     * @param mode the communication mode
     * @return the send request
     */
    SpiRequest isend(Buf buf, int dest, int tag, SendMode mode);

    /**
     * A blocking send (MPI_Send and its modes): the API waits on the returned request.
     *
     * @param buf the data
     * @param dest the destination rank
     * @param tag the tag
     * @param mode the communication mode
     * @return the send request, possibly already complete
     * @implSpec The default starts {@link #isend}. A provider may instead complete the send before
     *     returning (for example by pinning a heap array for the duration of MPI_Send, which a
     *     nonblocking send cannot do) and return a completed request.
     */
    default SpiRequest send(Buf buf, int dest, int tag, SendMode mode) {
        return isend(buf, dest, tag, mode);
    }

    /**
     * A blocking receive (MPI_Recv): the API waits on the returned request.
     *
     * @param target where the data goes
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the receive request, possibly already complete
     * @implSpec The default starts {@link #irecv}; a provider may complete the receive before returning.
     */
    default SpiRequest recv(RecvTarget target, int source, int tag) {
        return irecv(target, source, tag);
    }

    /**
     * Starts a receive (MPI_Irecv).
     *
     * @param target where the data goes
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the receive request
     */
    SpiRequest irecv(RecvTarget target, int source, int tag);

    /**
     * Creates a persistent send in the library itself (MPI_Send_init, MPI_Ssend_init,
     * MPI_Rsend_init), so that each start is the library's MPI_Start rather than a new send.
     *
     * @param buf the data, contiguous and viewable as a segment; read at each start
     * @param dest the destination rank, in {@code [0, size())}
     * @param tag the tag, in {@code [0, tagUpperBound]}
     * @param mode the communication mode; never {@link SendMode#BUFFERED}, which the API serves from
     *     its own attached buffer
     * @return the provider's persistent request, or empty to let the API emulate persistence by
     *     starting an {@link #isend} at each start
     * @implSpec The default returns empty: a provider without persistent requests of its own gets the
     *     API's emulation, which has the same semantics.
     */
    default Optional<SpiPersistent> sendInit(Buf buf, int dest, int tag, SendMode mode) {
        return Optional.empty();
    }

    /**
     * Creates a persistent receive in the library itself (MPI_Recv_init).
     *
     * @param buf where each activation's data goes, contiguous and viewable as a segment
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the provider's persistent request, or empty to let the API emulate persistence by
     *     starting an {@link #irecv} at each start
     * @implSpec The default returns empty.
     */
    default Optional<SpiPersistent> recvInit(Buf buf, int source, int tag) {
        return Optional.empty();
    }

    /**
     * Checks for a matching message without receiving it (MPI_Iprobe).
     *
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the envelope of the first matching message, if one has arrived
     */
    Optional<Status> iprobe(int source, int tag);

    /**
     * Blocks until a matching message has arrived, without receiving it (MPI_Probe).
     *
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the envelope of the first matching message
     */
    Status probe(int source, int tag);

    /**
     * Takes a matching message off the queue if one has arrived (MPI_Improbe).
     *
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the message, which no other receive can match any more
     */
    Optional<SpiMessage> improbe(int source, int tag);

    /**
     * Blocks until a matching message has arrived and takes it off the queue (MPI_Mprobe).
     *
     * @param source the source rank, or {@code ANY_SOURCE}
     * @param tag the tag, or {@code ANY_TAG}
     * @return the message
     */
    SpiMessage mprobe(int source, int tag);

    /**
     * Blocks until every rank of the communicator has called it (MPI_Barrier).
     *
     * @implSpec The default runs {@link Collective.Barrier} through {@link #collective}.
     */
    default void barrier() {
        collective(new Collective.Barrier());
    }

    /**
     * Runs a collective operation to completion (the blocking MPI collectives).
     *
     * @param call the operation and its arguments
     * @implSpec The default runs the provider-neutral algorithm of
     *     {@link io.mpi4j.spi.coll.DefaultCollectives} on {@link #collectiveChannel()}, on the
     *     calling thread.
     */
    default void collective(Collective call) {
        io.mpi4j.spi.coll.DefaultCollectives.run(collectiveChannel(), call);
    }

    /**
     * Starts a collective operation (the nonblocking and persistent MPI collectives).
     *
     * @param call the operation and its arguments; its buffers must stay untouched until the
     *     request completes
     * @return the request
     * @implSpec The default runs the algorithm of {@link io.mpi4j.spi.coll.DefaultCollectives} on a
     *     virtual thread of its own; the tag it uses is taken at the call, so that concurrent
     *     collectives on one communicator stay apart.
     */
    default SpiRequest startCollective(Collective call) {
        return io.mpi4j.spi.coll.DefaultCollectives.start(collectiveChannel(), call);
    }

    /**
     * Tells the engine that this rank's call of a collective on this intracommunicator was refused
     * by the API's argument checks (an invalid count, root, buffer or type on this rank) before it
     * reached the engine. The call takes no place in the order of collective calls: it may have
     * been this rank's alone, and the communicator stays usable. But if the other ranks made it,
     * their calls pair with this rank's next collective from then on (MPI: the program is
     * erroneous), so an engine that reports mismatches or deadlocks can name this refusal as
     * their likely cause. Not called for the creation of persistent collectives.
     *
     * @param operation the refused call, for example {@code "gather"}
     * @param error the error this rank raises
     * @implSpec The default does nothing.
     */
    default void collectiveRefused(String operation, io.mpi4j.MpiException error) {
    }

    /**
     * Tells whether this communicator may run neighbourhood collectives itself (with
     * {@link #neighborCollective} and {@link #startNeighborCollective}) rather than leave them to
     * the API, which builds them from point-to-point messages on the collective context: the same
     * answer on every rank (a property of the communicator). Where it is {@code true} the API asks
     * {@link #takesNeighborCollective} for each call.
     *
     * @return whether the provider may take neighbourhood collectives here
     * @implSpec The default returns {@code false}.
     * @apiNote The {@code native} provider says yes on communicators the library built with a
     *     topology (MPI_Cart_create, MPI_Graph_create, MPI_Dist_graph_create_adjacent, and their
     *     duplicates): there they are MPI_Neighbor_*.
     */
    default boolean takesNeighborCollectives() {
        return false;
    }

    /**
     * Tells whether this communicator runs this neighbourhood collective itself. The API has
     * already replaced derived datatypes by their signatures ({@code count × k} elements of the one
     * predefined type a derived type repeats, or bytes), as for the other collectives. The answer
     * must be the same on every rank of a neighbourhood for matching calls (decided from the
     * datatypes and counts, which MPI makes agree, never from local state alone), since the two
     * ways do not match each other.
     *
     * @param call the operation and its arguments
     * @return whether the provider takes it
     * @implSpec The default returns {@link #takesNeighborCollectives()}.
     */
    default boolean takesNeighborCollective(NeighborCollective call) {
        return takesNeighborCollectives();
    }

    /**
     * Runs a neighbourhood collective to completion (MPI_Neighbor_allgather and the others); called
     * only where {@link #takesNeighborCollective} said yes.
     *
     * @param call the operation and its arguments
     * @throws io.mpi4j.MpiException as the library reports
     * @implSpec The default refuses: a provider that takes neighbourhood collectives runs them.
     */
    default void neighborCollective(NeighborCollective call) {
        throw unsupported("Comm." + call.name());
    }

    /**
     * Starts a neighbourhood collective (MPI_Ineighbor_allgather and the others); called only where
     * {@link #takesNeighborCollective} said yes.
     *
     * @param call the operation and its arguments; its buffers must stay untouched until the
     *     request completes
     * @return the request
     * @implSpec The default refuses: a provider that takes neighbourhood collectives runs them.
     */
    default SpiRequest startNeighborCollective(NeighborCollective call) {
        throw unsupported("Comm." + call.name());
    }

    /**
     * Tells whether this intercommunicator runs its collectives with the given operation itself,
     * through {@link #collective} and {@link #startCollective}, rather than the API running its
     * point-to-point algorithms over the two groups. Asked only of intercommunicators, before
     * each collective call.
     *
     * <p>The records then have the intercommunicator's meaning (MPI-4.1 §6.2.2): a root is
     * {@link io.mpi4j.Mpi#ROOT} at the root, {@link io.mpi4j.Mpi#PROC_NULL} in the rest of its
     * group and the root's rank in the remote group elsewhere; blocks, counts and displacements
     * are per process of the <em>remote</em> group ({@link #remoteSize()} of them), except the
     * receive counts of a reduce-scatter, which are per process of the local group; a buffer that
     * is not significant on this rank is {@code null}; {@link io.mpi4j.Buf#IN_PLACE} never
     * appears; {@link Collective.Scan} and {@link Collective.Exscan} never come (MPI defines them
     * on intracommunicators only). The API has checked the arguments, and the send buffer of a
     * reduce-scatter holds the sum of the local receive counts (which MPI requires to be the same
     * in both groups).
     *
     * @param op the operation of a reduction, {@code null} for the other collectives
     * @return whether the engine runs such calls
     * @implSpec The default returns {@code false}. The answer depends on the operation only,
     *     never on buffers, counts or roots, which {@code PROC_NULL} ranks do not have: it must be
     *     the same on every process of both groups (a rank that ran the library's collective while
     *     the others ran the API's algorithm would hang). An engine that says yes runs every
     *     datatype and count the API hands it.
     * @apiNote The {@code native} provider says yes except for {@code REPLACE} and {@code NO_OP},
     *     which MPI's reductions do not take; {@code sim} and {@code shm} keep the default.
     */
    default boolean takesIntercommCollective(Op op) {
        return false;
    }

    /**
     * Creates a persistent collective in the library itself (MPI_Bcast_init and the other
     * {@code *_init} collectives of MPI-4.1 §6.13), so that each start is the library's MPI_Start
     * rather than a new nonblocking collective.
     *
     * <p>Called once, when the program creates the persistent request, on every rank of the
     * communicator or on none: the API first asks each rank {@link #canInitCollective} and calls
     * this only where every rank said yes (an allreduce at creation), since a persistent collective
     * on some ranks and an emulated one on others would not match. The buffers of {@code call} are
     * the program's own memory (a rank whose buffers the API staged, packed or flattened answers no
     * for the provider), so what the provider reads at each start is what the program wrote:
     * inputs are read at each {@link SpiPersistent#start()}, outputs written before each activation
     * completes.
     *
     * @param call the operation and its arguments, as {@link #startCollective} would get them
     * @return the provider's persistent request, or empty to let the API emulate persistence by
     *     calling {@link #startCollective} at each start
     * @implSpec The default returns empty: a provider without persistent collectives of its own
     *     gets the API's emulation, which has the same semantics. Where every rank said yes in
     *     {@link #canInitCollective}, a provider that returns empty must do so on every rank (from
     *     what all ranks share, such as the communicator's size, never from local state alone).
     * @apiNote The {@code native} provider maps what its blocking and nonblocking collectives map
     *     to the library's persistent collectives where the library has them (MPI 4, or Open MPI's
     *     {@code MPIX_*_init} extension); {@code sim} and {@code shm} keep the default.
     */
    default Optional<SpiPersistent> collectiveInit(Collective call) {
        return Optional.empty();
    }

    /**
     * Tells whether this communicator may have persistent collectives of the provider's own: the
     * same answer on every rank (a property of the provider and library, not of a call). Where it
     * is {@code false} the API emulates persistent collectives without asking further.
     *
     * @return whether {@link #canInitCollective} may say yes
     * @implSpec The default returns {@code false}.
     */
    default boolean hasCollectiveInit() {
        return false;
    }

    /**
     * Tells whether {@link #collectiveInit} could map this rank's side of the call (its datatypes,
     * operation and counts). Local: ranks may answer differently, and the API agrees on the answer
     * before anything is created.
     *
     * @param call the operation and its arguments
     * @return whether this rank's side can be the provider's own persistent collective
     * @implSpec The default returns {@code false}.
     */
    default boolean canInitCollective(Collective call) {
        return false;
    }

    /**
     * Returns the channel the default collective algorithms run on.
     *
     * @return point-to-point messaging on this communicator's collective context
     * @throws UnsupportedOperationException if the provider implements every collective itself
     */
    CollectiveChannel collectiveChannel();

    /**
     * Creates a communicator with the same group and a new context (MPI_Comm_dup). Collective.
     *
     * @return the new communicator's engine
     */
    CommEngine dup();

    /**
     * Starts duplicating this communicator without waiting for the other processes
     * (MPI_Comm_idup). Collective: every process starts it in the same order as its other
     * collective calls on this communicator.
     *
     * @return the requests to complete, and the new engine once they all have
     * @implSpec The default duplicates at once with {@link #dup()}, which is right only for a
     *     provider whose duplication never waits for the other processes ({@code sim}); a provider
     *     whose {@code dup} does wait must override it, or a program that relies on
     *     MPI_Comm_idup not blocking deadlocks.
     */
    default StartedDup startDup() {
        CommEngine e = dup();
        return new StartedDup(java.util.List.of(), () -> e);
    }

    /**
     * A duplication in progress ({@link #startDup()}).
     *
     * @param requests what must complete first; empty if the duplicate exists already
     * @param engine makes the new engine, called once, after every request has completed
     */
    record StartedDup(java.util.List<SpiRequest> requests, java.util.function.Supplier<CommEngine> engine) {
        /**
         * Checks the components.
         *
         * @param requests what must complete first
         * @param engine makes the new engine
         */
        public StartedDup {
            requests = java.util.List.copyOf(requests);
            java.util.Objects.requireNonNull(engine, "engine");
        }
    }

    /**
     * Releases this communicator (MPI_Comm_free). Pending operations on it still complete.
     */
    void free();

    /**
     * Returns the members of this communicator (MPI_Comm_group).
     *
     * @return the provider's process id of each rank, in rank order (for {@code sim} and
     *     {@code native}: the rank in the world)
     */
    default int[] group() {
        throw unsupported("Comm.group");
    }

    /**
     * Splits this communicator by color, ordering each part by key and then by rank
     * (MPI_Comm_split). Collective.
     *
     * @param color a non-negative color, or {@link io.mpi4j.Mpi#UNDEFINED} to take part in no new communicator
     * @param key the ordering key
     * @return the engine of this rank's new communicator; {@code null} for {@code UNDEFINED}
     */
    default CommEngine split(int color, int key) {
        throw unsupported("Comm.split");
    }

    /**
     * Splits this communicator by type, ordering each part by key and then by rank
     * (MPI_Comm_split_type). Collective.
     *
     * @param type {@link io.mpi4j.SplitType#SHARED}: processes that can share memory; or
     *     {@link io.mpi4j.SplitType#UNDEFINED} to join no new communicator
     * @param key the ordering key
     * @return the engine of this rank's new communicator; {@code null} for {@code UNDEFINED}
     */
    default CommEngine splitType(io.mpi4j.SplitType type, int key) {
        throw unsupported("Comm.splitType");
    }

    /**
     * Creates the communicator of a Cartesian topology (MPI_Cart_create). Collective; every rank
     * passes the same arguments, which the API has checked (positive dimensions whose product is
     * at most {@link #size()}). The API computes the topology (coordinates, shifts) from
     * {@code dims}, {@code periods} and the new communicator's ranks, so a provider may number
     * the grid's processes in any order when {@code reorder} allows it.
     *
     * @param dims the number of processes in each dimension
     * @param periods whether each dimension wraps around
     * @param reorder whether the provider may give processes new ranks
     * @return the engine of the grid's communicator, or {@code null} on ranks outside the grid
     * @implSpec The default keeps the ranks in order: {@link #split} with color 0 for the first
     *     {@code product(dims)} ranks and {@link io.mpi4j.Mpi#UNDEFINED} for the others.
     * @apiNote The {@code native} provider calls MPI_Cart_create, so that the library's reordering
     *     applies; {@code sim} and {@code shm} keep the default.
     */
    default CommEngine cartCreate(int[] dims, boolean[] periods, boolean reorder) {
        long product = 1;
        for (int d : dims) {
            product *= d;
        }
        return split(rank() < product ? 0 : io.mpi4j.Mpi.UNDEFINED, rank());
    }

    /**
     * Creates the communicator of a graph topology (MPI_Graph_create). Collective; every rank
     * passes the same graph, which the API has checked. Node {@code i} is the process of rank
     * {@code i} in the new communicator, so a provider may place nodes on any processes when
     * {@code reorder} allows it.
     *
     * @param index {@code index[i]} is the total number of neighbours of nodes 0 to {@code i}
     * @param edges the neighbours of node 0, then of node 1, and so on
     * @param reorder whether the provider may give processes new ranks
     * @return the engine of the graph's communicator, or {@code null} on ranks beyond the nodes
     * @implSpec The default keeps the ranks in order: {@link #split} with color 0 for the first
     *     {@code index.length} ranks.
     * @apiNote The {@code native} provider calls MPI_Graph_create; {@code sim} and {@code shm}
     *     keep the default.
     */
    default CommEngine graphCreate(int[] index, int[] edges, boolean reorder) {
        return split(rank() < index.length ? 0 : io.mpi4j.Mpi.UNDEFINED, rank());
    }

    /**
     * Creates the communicator of a distributed graph topology (MPI_Dist_graph_create_adjacent).
     * Collective; each rank passes its own neighbours, in this communicator's ranks, which the API
     * has checked (and which agree across ranks: an edge a→b appears among a's destinations and
     * b's sources). Every rank is a member. With {@code reorder} the provider may give processes
     * new ranks: the API then renumbers the neighbour lists through the processes' ids
     * ({@link #group}), so the topology's queries and neighbourhood collectives use the new ranks.
     *
     * @param sources the ranks this rank receives from, in order
     * @param sourceWeights their weights, or {@code null} for an unweighted graph
     * @param destinations the ranks this rank sends to, in order
     * @param destinationWeights their weights, or {@code null}
     * @param reorder whether the provider may give processes new ranks
     * @return the engine of the new communicator
     * @implSpec The default keeps the ranks in order: {@link #dup}.
     * @apiNote The {@code native} provider calls MPI_Dist_graph_create_adjacent; {@code sim} and
     *     {@code shm} keep the default.
     */
    default CommEngine distGraphCreate(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights,
                                       boolean reorder) {
        return dup();
    }

    /**
     * Tells whether {@link #split} and {@link #create} on an intercommunicator make the new
     * intercommunicator themselves, as MPI_Comm_split and MPI_Comm_create do when given one (the
     * local group splits, or keeps its subgroup, and is joined with the remote group's part of
     * the same color). Otherwise the API builds it from a split of the local group and
     * MPI_Intercomm_create.
     *
     * @return whether this engine's {@code split} and {@code create} take an intercommunicator
     * @implSpec The default returns {@code false}.
     * @apiNote The {@code native} provider says yes: the library's calls take intercommunicators.
     */
    default boolean constructsFromIntercomms() {
        return false;
    }

    /**
     * Creates a communicator over a subgroup (MPI_Comm_create). Collective over this communicator;
     * every rank passes the same members.
     *
     * @param members the process ids of the new communicator, in its rank order (all members of this one)
     * @return the engine of the new communicator, or {@code null} on ranks that are not members
     */
    default CommEngine create(int[] members) {
        throw unsupported("Comm.create");
    }

    /**
     * Creates a communicator over a subgroup, called only by its members (MPI_Comm_create_group).
     *
     * @param members the process ids of the new communicator, in its rank order; the caller is one
     * @param tag distinguishes concurrent calls of the same members
     * @return the engine of the new communicator
     */
    default CommEngine createGroup(int[] members, int tag) {
        throw unsupported("Comm.createGroup");
    }

    /**
     * Returns the number of processes in the remote group of an intercommunicator (MPI_Comm_remote_size).
     *
     * @return the remote size; for an intracommunicator, {@link #size()}
     */
    default int remoteSize() {
        return size();
    }

    /**
     * Returns the remote group of an intercommunicator (MPI_Comm_remote_group).
     *
     * @return the process ids of the remote ranks, in rank order; for an intracommunicator, {@link #group()}
     */
    default int[] remoteGroup() {
        return group();
    }

    /**
     * Creates an intercommunicator between this rank's group and a remote group, once the groups
     * are known on both sides (the end of MPI_Intercomm_create: the API has exchanged the groups
     * through the leaders). Called by every member of both groups, with the same tag.
     *
     * @param local the process ids of this side, in its rank order
     * @param remote the process ids of the other side, in its rank order
     * @param tag the tag of the call, which distinguishes concurrent creations between the same groups
     * @return the engine of the intercommunicator: ranks and size are local, peers of point-to-point
     *     operations are remote ranks
     */
    default CommEngine intercomm(int[] local, int[] remote, int tag) {
        throw unsupported("Intracomm.createIntercomm");
    }

    /**
     * Creates the intracommunicator that merges the two groups of this intercommunicator
     * (MPI_Intercomm_merge). Called by every member of both groups with the same member order.
     *
     * @param members the process ids of the merged communicator, in its rank order
     * @return its engine
     */
    default CommEngine merge(int[] members) {
        throw unsupported("Intercomm.merge");
    }

    private MpiException unsupported(String op) {
        return new MpiException(ErrorClass.ERR_UNSUPPORTED_OPERATION, op + " is not supported by this provider ("
                + getClass().getName() + ")");
    }
}
