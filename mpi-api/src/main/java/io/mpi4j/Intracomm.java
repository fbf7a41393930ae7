package io.mpi4j;

import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.NeighborCollective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BinaryOperator;
import io.mpi4j.spi.SpiRequest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An intracommunicator: communication among the processes of one group (MPI-4.1 §7.1).
 *
 * <p>{@link Mpi#world()} and {@link Mpi#self()} are intracommunicators; {@link #dup()} makes new ones
 * with a private context, so that a library's messages never meet the application's.
 *
 * <p>The send and receive buffers of a collective must not overlap (MPI-4.1 §6.1.1): where both
 * have contiguous datatypes and share bytes, the call raises {@link ErrorClass#ERR_BUFFER};
 * {@link Buf#IN_PLACE} is how a rank uses one buffer for both.
 *
 * {@snippet :
 * Intracomm comm = mpi.world();
 * int rank = comm.rank();
 * if (rank == 0) {
 *     comm.sendObject(Map.of("a", 7, "b", 3.14), 1, 11);
 * } else if (rank == 1) {
 *     Map<String, Object> data = comm.recvObject(0, 11);
 * }
 * comm.barrier();
 * }
 */
public sealed class Intracomm extends Comm permits CartComm, GraphComm, DistGraphComm {

    Intracomm(Mpi mpi, CommEngine engine, boolean predefined) {
        super(mpi, engine, predefined);
    }

    /**
     * Blocks until every process of the communicator has called it (MPI_Barrier, MPI-4.1 §6.3).
     *
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public void barrier() {
        checkOpen("barrier");
        engine.barrier();
    }


    /**
     * Broadcasts the root's buffer to every rank. Collective (MPI_Bcast, MPI-4.1 §6.4).
     *
     * @param buf the data at the root; the receive buffer elsewhere
     * @param root the rank that sends
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void bcast(Buf buf, int root) {
        run(CollectiveCalls.bcast(this, "bcast", buf, root));
    }

    /**
     * Starts {@link #bcast} without waiting (MPI_IBcast, MPI-4.1 §6.4); the buffers must stay untouched until the
     * request completes.
     *
     * @param buf the data at the root; the receive buffer elsewhere
     * @param root the rank that sends
     * @return the request
     * @throws MpiException as {@link #bcast}
     */
    public Request<Status> ibcast(Buf buf, int root) {
        return start(CollectiveCalls.bcast(this, "ibcast", buf, root));
    }

    /**
     * Creates a persistent {@link #bcast} (MPI_Bcast_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param buf the data at the root; the receive buffer elsewhere
     * @param root the rank that sends
     * @return the inactive persistent request
     * @throws MpiException as {@link #bcast}
     */
    public PersistentRequest<Status> bcastInit(Buf buf, int root) {
        return persistent("bcast", CollectiveCalls.bcast(this, "bcastInit", buf, root), () -> CollectiveCalls.bcast(this, "start", buf, root));
    }

    /**
     * Gathers one block from every rank into the root's buffer, in rank order. Collective (MPI_Gather, MPI-4.1 §6.5).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root if its block is already in place in {@code recv}
     * @param recv at the root, {@code size()} blocks of the send count; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void gather(Buf send, Buf recv, int root) {
        run(CollectiveCalls.gather(this, "gather", send, recv, root));
    }

    /**
     * Starts {@link #gather} without waiting (MPI_IGather, MPI-4.1 §6.5); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root if its block is already in place in {@code recv}
     * @param recv at the root, {@code size()} blocks of the send count; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @return the request
     * @throws MpiException as {@link #gather}
     */
    public Request<Status> igather(Buf send, Buf recv, int root) {
        return start(CollectiveCalls.gather(this, "igather", send, recv, root));
    }

    /**
     * Creates a persistent {@link #gather} (MPI_Gather_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root if its block is already in place in {@code recv}
     * @param recv at the root, {@code size()} blocks of the send count; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @return the inactive persistent request
     * @throws MpiException as {@link #gather}
     */
    public PersistentRequest<Status> gatherInit(Buf send, Buf recv, int root) {
        return persistent("gather", CollectiveCalls.gather(this, "gatherInit", send, recv, root), () -> CollectiveCalls.gather(this, "start", send, recv, root));
    }

    /**
     * Gathers blocks of different sizes from every rank into the root's buffer. Collective (MPI_Gatherv, MPI-4.1 §6.5).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root
     * @param recv at the root, one block per rank with its own count and displacement; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void gatherv(Buf send, VBuf recv, int root) {
        run(CollectiveCalls.gatherv(this, "gatherv", send, recv, root));
    }

    /**
     * Starts {@link #gatherv} without waiting (MPI_IGatherv, MPI-4.1 §6.5); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root
     * @param recv at the root, one block per rank with its own count and displacement; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @return the request
     * @throws MpiException as {@link #gatherv}
     */
    public Request<Status> igatherv(Buf send, VBuf recv, int root) {
        return start(CollectiveCalls.gatherv(this, "igatherv", send, recv, root));
    }

    /**
     * Creates a persistent {@link #gatherv} (MPI_Gatherv_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} at the root
     * @param recv at the root, one block per rank with its own count and displacement; ignored elsewhere (may be {@code null})
     * @param root the rank that receives
     * @return the inactive persistent request
     * @throws MpiException as {@link #gatherv}
     */
    public PersistentRequest<Status> gathervInit(Buf send, VBuf recv, int root) {
        return persistent("gatherv", CollectiveCalls.gatherv(this, "gathervInit", send, recv, root), () -> CollectiveCalls.gatherv(this, "start", send, recv, root));
    }

    /**
     * Scatters the blocks of the root's buffer, block {@code i} to rank {@code i}. Collective (MPI_Scatter, MPI-4.1 §6.6).
     *
     * @param send at the root, {@code size()} blocks of the receive count; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root to leave its block in {@code send}
     * @param root the rank that sends
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void scatter(Buf send, Buf recv, int root) {
        run(CollectiveCalls.scatter(this, "scatter", send, recv, root));
    }

    /**
     * Starts {@link #scatter} without waiting (MPI_IScatter, MPI-4.1 §6.6); the buffers must stay untouched until the
     * request completes.
     *
     * @param send at the root, {@code size()} blocks of the receive count; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root to leave its block in {@code send}
     * @param root the rank that sends
     * @return the request
     * @throws MpiException as {@link #scatter}
     */
    public Request<Status> iscatter(Buf send, Buf recv, int root) {
        return start(CollectiveCalls.scatter(this, "iscatter", send, recv, root));
    }

    /**
     * Creates a persistent {@link #scatter} (MPI_Scatter_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send at the root, {@code size()} blocks of the receive count; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root to leave its block in {@code send}
     * @param root the rank that sends
     * @return the inactive persistent request
     * @throws MpiException as {@link #scatter}
     */
    public PersistentRequest<Status> scatterInit(Buf send, Buf recv, int root) {
        return persistent("scatter", CollectiveCalls.scatter(this, "scatterInit", send, recv, root), () -> CollectiveCalls.scatter(this, "start", send, recv, root));
    }

    /**
     * Scatters blocks of different sizes from the root's buffer. Collective (MPI_Scatterv, MPI-4.1 §6.6).
     *
     * @param send at the root, one block per rank; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root
     * @param root the rank that sends
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void scatterv(VBuf send, Buf recv, int root) {
        run(CollectiveCalls.scatterv(this, "scatterv", send, recv, root));
    }

    /**
     * Starts {@link #scatterv} without waiting (MPI_IScatterv, MPI-4.1 §6.6); the buffers must stay untouched until the
     * request completes.
     *
     * @param send at the root, one block per rank; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the request
     * @throws MpiException as {@link #scatterv}
     */
    public Request<Status> iscatterv(VBuf send, Buf recv, int root) {
        return start(CollectiveCalls.scatterv(this, "iscatterv", send, recv, root));
    }

    /**
     * Creates a persistent {@link #scatterv} (MPI_Scatterv_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send at the root, one block per rank; ignored elsewhere (may be {@code null})
     * @param recv this rank's block; {@link Buf#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the inactive persistent request
     * @throws MpiException as {@link #scatterv}
     */
    public PersistentRequest<Status> scattervInit(VBuf send, Buf recv, int root) {
        return persistent("scatterv", CollectiveCalls.scatterv(this, "scattervInit", send, recv, root), () -> CollectiveCalls.scatterv(this, "start", send, recv, root));
    }

    /**
     * Gathers one block from every rank into every rank's buffer, in rank order. Collective (MPI_Allgather, MPI-4.1 §6.7).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already block {@code rank()} of {@code recv}
     * @param recv {@code size()} blocks of the send count
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void allgather(Buf send, Buf recv) {
        run(CollectiveCalls.allgather(this, "allgather", send, recv));
    }

    /**
     * Starts {@link #allgather} without waiting (MPI_IAllgather, MPI-4.1 §6.7); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already block {@code rank()} of {@code recv}
     * @param recv {@code size()} blocks of the send count
     * @return the request
     * @throws MpiException as {@link #allgather}
     */
    public Request<Status> iallgather(Buf send, Buf recv) {
        return start(CollectiveCalls.allgather(this, "iallgather", send, recv));
    }

    /**
     * Creates a persistent {@link #allgather} (MPI_Allgather_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already block {@code rank()} of {@code recv}
     * @param recv {@code size()} blocks of the send count
     * @return the inactive persistent request
     * @throws MpiException as {@link #allgather}
     */
    public PersistentRequest<Status> allgatherInit(Buf send, Buf recv) {
        return persistent("allgather", CollectiveCalls.allgather(this, "allgatherInit", send, recv), () -> CollectiveCalls.allgather(this, "start", send, recv));
    }

    /**
     * Gathers blocks of different sizes from every rank into every rank's buffer. Collective (MPI_Allgatherv, MPI-4.1 §6.7).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already in place in {@code recv}
     * @param recv one block per rank, with its own count and displacement
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void allgatherv(Buf send, VBuf recv) {
        run(CollectiveCalls.allgatherv(this, "allgatherv", send, recv));
    }

    /**
     * Starts {@link #allgatherv} without waiting (MPI_IAllgatherv, MPI-4.1 §6.7); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already in place in {@code recv}
     * @param recv one block per rank, with its own count and displacement
     * @return the request
     * @throws MpiException as {@link #allgatherv}
     */
    public Request<Status> iallgatherv(Buf send, VBuf recv) {
        return start(CollectiveCalls.allgatherv(this, "iallgatherv", send, recv));
    }

    /**
     * Creates a persistent {@link #allgatherv} (MPI_Allgatherv_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's block; {@link Buf#IN_PLACE} if it is already in place in {@code recv}
     * @param recv one block per rank, with its own count and displacement
     * @return the inactive persistent request
     * @throws MpiException as {@link #allgatherv}
     */
    public PersistentRequest<Status> allgathervInit(Buf send, VBuf recv) {
        return persistent("allgatherv", CollectiveCalls.allgatherv(this, "allgathervInit", send, recv), () -> CollectiveCalls.allgatherv(this, "start", send, recv));
    }

    /**
     * Sends block {@code j} of this rank's buffer to rank {@code j} and receives block {@code i} from rank {@code i}. Collective (MPI_Alltoall, MPI-4.1 §6.8).
     *
     * @param send {@code size()} equal blocks, block {@code j} for rank {@code j}; {@link Buf#IN_PLACE} to send from and receive into {@code recv}
     * @param recv {@code size()} equal blocks, block {@code i} from rank {@code i}
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void alltoall(Buf send, Buf recv) {
        run(CollectiveCalls.alltoall(this, "alltoall", send, recv));
    }

    /**
     * Starts {@link #alltoall} without waiting (MPI_IAlltoall, MPI-4.1 §6.8); the buffers must stay untouched until the
     * request completes.
     *
     * @param send {@code size()} equal blocks, block {@code j} for rank {@code j}; {@link Buf#IN_PLACE} to send from and receive into {@code recv}
     * @param recv {@code size()} equal blocks, block {@code i} from rank {@code i}
     * @return the request
     * @throws MpiException as {@link #alltoall}
     */
    public Request<Status> ialltoall(Buf send, Buf recv) {
        return start(CollectiveCalls.alltoall(this, "ialltoall", send, recv));
    }

    /**
     * Creates a persistent {@link #alltoall} (MPI_Alltoall_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send {@code size()} equal blocks, block {@code j} for rank {@code j}; {@link Buf#IN_PLACE} to send from and receive into {@code recv}
     * @param recv {@code size()} equal blocks, block {@code i} from rank {@code i}
     * @return the inactive persistent request
     * @throws MpiException as {@link #alltoall}
     */
    public PersistentRequest<Status> alltoallInit(Buf send, Buf recv) {
        return persistent("alltoall", CollectiveCalls.alltoall(this, "alltoallInit", send, recv), () -> CollectiveCalls.alltoall(this, "start", send, recv));
    }

    /**
     * All-to-all exchange of blocks of different sizes. Collective (MPI_Alltoallv, MPI-4.1 §6.8).
     *
     * @param send one block per destination rank; {@code null} for MPI_IN_PLACE (the blocks of {@code recv} are sent and replaced)
     * @param recv one block per source rank
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void alltoallv(VBuf send, VBuf recv) {
        run(CollectiveCalls.alltoallv(this, "alltoallv", send, recv));
    }

    /**
     * Starts {@link #alltoallv} without waiting (MPI_IAlltoallv, MPI-4.1 §6.8); the buffers must stay untouched until the
     * request completes.
     *
     * @param send one block per destination rank; {@code null} for MPI_IN_PLACE (the blocks of {@code recv} are sent and replaced)
     * @param recv one block per source rank
     * @return the request
     * @throws MpiException as {@link #alltoallv}
     */
    public Request<Status> ialltoallv(VBuf send, VBuf recv) {
        return start(CollectiveCalls.alltoallv(this, "ialltoallv", send, recv));
    }

    /**
     * Creates a persistent {@link #alltoallv} (MPI_Alltoallv_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send one block per destination rank; {@code null} for MPI_IN_PLACE (the blocks of {@code recv} are sent and replaced)
     * @param recv one block per source rank
     * @return the inactive persistent request
     * @throws MpiException as {@link #alltoallv}
     */
    public PersistentRequest<Status> alltoallvInit(VBuf send, VBuf recv) {
        return persistent("alltoallv", CollectiveCalls.alltoallv(this, "alltoallvInit", send, recv), () -> CollectiveCalls.alltoallv(this, "start", send, recv));
    }

    /**
     * All-to-all exchange of blocks of different sizes and datatypes. Collective (MPI_Alltoallw, MPI-4.1 §6.8).
     *
     * @param send one block per destination rank, each with its own datatype and byte displacement; {@code null} for MPI_IN_PLACE
     * @param recv one block per source rank
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_COMM} if closed
     */
    public void alltoallw(WBuf send, WBuf recv) {
        run(CollectiveCalls.alltoallw(this, "alltoallw", send, recv));
    }

    /**
     * Starts {@link #alltoallw} without waiting (MPI_IAlltoallw, MPI-4.1 §6.8); the buffers must stay untouched until the
     * request completes.
     *
     * @param send one block per destination rank, each with its own datatype and byte displacement; {@code null} for MPI_IN_PLACE
     * @param recv one block per source rank
     * @return the request
     * @throws MpiException as {@link #alltoallw}
     */
    public Request<Status> ialltoallw(WBuf send, WBuf recv) {
        return start(CollectiveCalls.alltoallw(this, "ialltoallw", send, recv));
    }

    /**
     * Creates a persistent {@link #alltoallw} (MPI_Alltoallw_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send one block per destination rank, each with its own datatype and byte displacement; {@code null} for MPI_IN_PLACE
     * @param recv one block per source rank
     * @return the inactive persistent request
     * @throws MpiException as {@link #alltoallw}
     */
    public PersistentRequest<Status> alltoallwInit(WBuf send, WBuf recv) {
        return persistent("alltoallw", CollectiveCalls.alltoallw(this, "alltoallwInit", send, recv), () -> CollectiveCalls.alltoallw(this, "start", send, recv));
    }

    /**
     * Combines the operands of every rank element-wise with {@code op}, into the root's buffer. Collective (MPI_Reduce, MPI-4.1 §6.9.1).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} at the root if they are in {@code recv}
     * @param recv at the root, the result; ignored elsewhere (may be {@code null})
     * @param op the operation; non-commutative ones are applied in rank order
     * @param root the rank that receives the result
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_BUFFER} for a
     *     missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void reduce(Buf send, Buf recv, Op op, int root) {
        run(CollectiveCalls.reduce(this, "reduce", send, recv, op, root));
    }

    /**
     * Starts {@link #reduce} without waiting (MPI_IReduce, MPI-4.1 §6.9.1); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} at the root if they are in {@code recv}
     * @param recv at the root, the result; ignored elsewhere (may be {@code null})
     * @param op the operation; non-commutative ones are applied in rank order
     * @param root the rank that receives the result
     * @return the request
     * @throws MpiException as {@link #reduce}
     */
    public Request<Status> ireduce(Buf send, Buf recv, Op op, int root) {
        return start(CollectiveCalls.reduce(this, "ireduce", send, recv, op, root));
    }

    /**
     * Creates a persistent {@link #reduce} (MPI_Reduce_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} at the root if they are in {@code recv}
     * @param recv at the root, the result; ignored elsewhere (may be {@code null})
     * @param op the operation; non-commutative ones are applied in rank order
     * @param root the rank that receives the result
     * @return the inactive persistent request
     * @throws MpiException as {@link #reduce}
     */
    public PersistentRequest<Status> reduceInit(Buf send, Buf recv, Op op, int root) {
        return persistent("reduce", CollectiveCalls.reduce(this, "reduceInit", send, recv, op, root), () -> CollectiveCalls.reduce(this, "start", send, recv, op, root));
    }

    /**
     * Combines the operands of every rank element-wise with {@code op}, into every rank's buffer. Collective (MPI_Allreduce, MPI-4.1 §6.9.6).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the result
     * @param op the operation; non-commutative ones are applied in rank order
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void allreduce(Buf send, Buf recv, Op op) {
        run(CollectiveCalls.allreduce(this, "allreduce", send, recv, op));
    }

    /**
     * Starts {@link #allreduce} without waiting (MPI_IAllreduce, MPI-4.1 §6.9.6); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the result
     * @param op the operation; non-commutative ones are applied in rank order
     * @return the request
     * @throws MpiException as {@link #allreduce}
     */
    public Request<Status> iallreduce(Buf send, Buf recv, Op op) {
        return start(CollectiveCalls.allreduce(this, "iallreduce", send, recv, op));
    }

    /**
     * Creates a persistent {@link #allreduce} (MPI_Allreduce_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the result
     * @param op the operation; non-commutative ones are applied in rank order
     * @return the inactive persistent request
     * @throws MpiException as {@link #allreduce}
     */
    public PersistentRequest<Status> allreduceInit(Buf send, Buf recv, Op op) {
        return persistent("allreduce", CollectiveCalls.allreduce(this, "allreduceInit", send, recv, op), () -> CollectiveCalls.allreduce(this, "start", send, recv, op));
    }

    /**
     * Combines the operands of every rank element-wise and scatters the result, rank {@code i} receiving {@code recvCounts[i]} elements. Collective (MPI_Reduce_scatter, MPI-4.1 §6.10.2).
     *
     * @param send the operands of every rank's block, {@code sum(recvCounts)} elements; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result, {@code recvCounts[rank()]} elements (with {@code IN_PLACE}, all the operands)
     * @param recvCounts the count of each rank's block
     * @param op the operation
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void reduceScatter(Buf send, Buf recv, int[] recvCounts, Op op) {
        run(CollectiveCalls.reduceScatter(this, "reduceScatter", send, recv, recvCounts, op));
    }

    /**
     * Starts {@link #reduceScatter} without waiting (MPI_IReduce_scatter, MPI-4.1 §6.10.2); the buffers must stay untouched until the
     * request completes.
     *
     * @param send the operands of every rank's block, {@code sum(recvCounts)} elements; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result, {@code recvCounts[rank()]} elements (with {@code IN_PLACE}, all the operands)
     * @param recvCounts the count of each rank's block
     * @param op the operation
     * @return the request
     * @throws MpiException as {@link #reduceScatter}
     */
    public Request<Status> ireduceScatter(Buf send, Buf recv, int[] recvCounts, Op op) {
        return start(CollectiveCalls.reduceScatter(this, "ireduceScatter", send, recv, recvCounts, op));
    }

    /**
     * Creates a persistent {@link #reduceScatter} (MPI_Reduce_scatter_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send the operands of every rank's block, {@code sum(recvCounts)} elements; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result, {@code recvCounts[rank()]} elements (with {@code IN_PLACE}, all the operands)
     * @param recvCounts the count of each rank's block
     * @param op the operation
     * @return the inactive persistent request
     * @throws MpiException as {@link #reduceScatter}
     */
    public PersistentRequest<Status> reduceScatterInit(Buf send, Buf recv, int[] recvCounts, Op op) {
        return persistent("reduceScatter", CollectiveCalls.reduceScatter(this, "reduceScatterInit", send, recv, recvCounts, op), () -> CollectiveCalls.reduceScatter(this, "start", send, recv, recvCounts, op));
    }

    /**
     * Combines the operands of every rank element-wise and scatters the result in equal blocks. Collective (MPI_Reduce_scatter_block, MPI-4.1 §6.10.1).
     *
     * @param send {@code size()} blocks of operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result (with {@code IN_PLACE}, all the operands)
     * @param op the operation
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void reduceScatterBlock(Buf send, Buf recv, Op op) {
        run(CollectiveCalls.reduceScatterBlock(this, "reduceScatterBlock", send, recv, op));
    }

    /**
     * Starts {@link #reduceScatterBlock} without waiting (MPI_IReduce_scatter_block, MPI-4.1 §6.10.1); the buffers must stay untouched until the
     * request completes.
     *
     * @param send {@code size()} blocks of operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result (with {@code IN_PLACE}, all the operands)
     * @param op the operation
     * @return the request
     * @throws MpiException as {@link #reduceScatterBlock}
     */
    public Request<Status> ireduceScatterBlock(Buf send, Buf recv, Op op) {
        return start(CollectiveCalls.reduceScatterBlock(this, "ireduceScatterBlock", send, recv, op));
    }

    /**
     * Creates a persistent {@link #reduceScatterBlock} (MPI_Reduce_scatter_block_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send {@code size()} blocks of operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv this rank's block of the result (with {@code IN_PLACE}, all the operands)
     * @param op the operation
     * @return the inactive persistent request
     * @throws MpiException as {@link #reduceScatterBlock}
     */
    public PersistentRequest<Status> reduceScatterBlockInit(Buf send, Buf recv, Op op) {
        return persistent("reduceScatterBlock", CollectiveCalls.reduceScatterBlock(this, "reduceScatterBlockInit", send, recv, op), () -> CollectiveCalls.reduceScatterBlock(this, "start", send, recv, op));
    }

    /**
     * Computes an inclusive prefix reduction. Collective (MPI_Scan, MPI-4.1 §6.11.1).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the inclusive prefix: the reduction of the operands of ranks 0 to {@code rank()}
     * @param op the operation
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void scan(Buf send, Buf recv, Op op) {
        run(CollectiveCalls.scan(this, "scan", send, recv, op));
    }

    /**
     * Starts {@link #scan} without waiting (MPI_IScan, MPI-4.1 §6.11.1); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the inclusive prefix: the reduction of the operands of ranks 0 to {@code rank()}
     * @param op the operation
     * @return the request
     * @throws MpiException as {@link #scan}
     */
    public Request<Status> iscan(Buf send, Buf recv, Op op) {
        return start(CollectiveCalls.scan(this, "iscan", send, recv, op));
    }

    /**
     * Creates a persistent {@link #scan} (MPI_Scan_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the inclusive prefix: the reduction of the operands of ranks 0 to {@code rank()}
     * @param op the operation
     * @return the inactive persistent request
     * @throws MpiException as {@link #scan}
     */
    public PersistentRequest<Status> scanInit(Buf send, Buf recv, Op op) {
        return persistent("scan", CollectiveCalls.scan(this, "scanInit", send, recv, op), () -> CollectiveCalls.scan(this, "start", send, recv, op));
    }

    /**
     * Computes an exclusive prefix reduction. Collective (MPI_Exscan, MPI-4.1 §6.11.2).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the exclusive prefix: the reduction of the operands of ranks 0 to {@code rank() - 1}; unchanged on rank 0
     * @param op the operation
     * @throws MpiException {@link ErrorClass#ERR_BUFFER} for a missing, read-only or misplaced {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COUNT} or
     *     {@link ErrorClass#ERR_TYPE} for buffers that do not fit together, {@link ErrorClass#ERR_OP} if the
     *     operation does not apply to the datatype, {@link ErrorClass#ERR_COMM} if closed
     */
    public void exscan(Buf send, Buf recv, Op op) {
        run(CollectiveCalls.exscan(this, "exscan", send, recv, op));
    }

    /**
     * Starts {@link #exscan} without waiting (MPI_IExscan, MPI-4.1 §6.11.2); the buffers must stay untouched until the
     * request completes.
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the exclusive prefix: the reduction of the operands of ranks 0 to {@code rank() - 1}; unchanged on rank 0
     * @param op the operation
     * @return the request
     * @throws MpiException as {@link #exscan}
     */
    public Request<Status> iexscan(Buf send, Buf recv, Op op) {
        return start(CollectiveCalls.exscan(this, "iexscan", send, recv, op));
    }

    /**
     * Creates a persistent {@link #exscan} (MPI_Exscan_init, MPI-4.1 §6.13), started with
     * {@link PersistentRequest#start()} as often as needed; the arguments are checked here (and again at each start where the API emulates the request).
     *
     * @param send this rank's operands; {@link Buf#IN_PLACE} if they are in {@code recv}
     * @param recv the exclusive prefix: the reduction of the operands of ranks 0 to {@code rank() - 1}; unchanged on rank 0
     * @param op the operation
     * @return the inactive persistent request
     * @throws MpiException as {@link #exscan}
     */
    public PersistentRequest<Status> exscanInit(Buf send, Buf recv, Op op) {
        return persistent("exscan", CollectiveCalls.exscan(this, "exscanInit", send, recv, op), () -> CollectiveCalls.exscan(this, "start", send, recv, op));
    }

    /**
     * Starts a barrier without waiting (MPI_Ibarrier, MPI-4.1 §6.12): the request completes once
     * every rank has started the barrier.
     *
     * @return the request
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Request<Status> ibarrier() {
        return start(CollectiveCalls.barrier(this, "ibarrier"));
    }

    /**
     * Creates a persistent barrier (MPI_Barrier_init, MPI-4.1 §6.13).
     *
     * @return the inactive persistent request
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public PersistentRequest<Status> barrierInit() {
        return persistent("barrier", CollectiveCalls.barrier(this, "barrierInit"), () -> CollectiveCalls.barrier(this, "start"));
    }

    // ---- how every buffer collective runs: Comm.run and Comm.start ----

    /**
     * A persistent collective: the provider's own (CommEngine.collectiveInit) where it has one and
     * the API passes the program's memory as it is, else emulated by a nonblocking collective at
     * each start, prepared (checked and staged) again each time.
     *
     * @param init the call as prepared at creation, its arguments checked
     * @param prepare prepares the call again, at each start of the emulation
     */
    private PersistentRequest<Status> persistent(String name, CollectiveCalls.Prepared init,
                                                 Supplier<CollectiveCalls.Prepared> prepare) {
        if (engine.hasCollectiveInit() && everyRankAgrees(init.direct() && engine.canInitCollective(init.call()))) {
            // staged or packed buffers would have to be refilled and unpacked around each start:
            // a rank with such buffers says no, and then every rank keeps the emulation (a
            // persistent collective on some ranks and nonblocking ones on others would not match)
            Optional<io.mpi4j.spi.SpiPersistent> p = providerInit(() -> engine.collectiveInit(init.call()));
            if (p.isPresent()) {
                io.mpi4j.spi.SpiPersistent h = p.get();
                return new PersistentRequest<>(this, name, () -> {
                    checkOpen("start");
                    return h.start();
                }, Request.statusFinisher(), Status.procNull(Datatype.BYTE), h::free);
            }
        }
        AtomicReference<CollectiveCalls.Prepared> current = new AtomicReference<>();
        AtomicReference<PersistentRequest<Status>> self = new AtomicReference<>();
        PersistentRequest<Status> persistent = new PersistentRequest<>(this, name, () -> {
            CollectiveCalls.Prepared p = prepare.get();
            current.set(p);
            BufferGuard g = session.checksSendBuffers() ? BufferGuard.of(this, name + "(comm=" + displayName() + ")", p.reads(), p.writes())
                    : null;
            self.get().guard = g; // each start's buffers, settled by isComplete() too
            return BufferGuard.started(g, () -> engine.startCollective(p.call()));
        }, r -> {
            current.get().finish();
            return r.status();
        }, Status.procNull(Datatype.BYTE));
        self.set(persistent);
        return persistent;
    }

    /** Whether {@code mine} holds on every rank: an allreduce, collective like the creation it serves. */
    private boolean everyRankAgrees(boolean mine) {
        int[] vote = {mine ? 1 : 0};
        int[] all = new int[1];
        allreduce(Buf.of(vote), Buf.of(all), Op.MIN);
        return all[0] == 1;
    }

    // =====================================================================================
    // Virtual topologies (MPI-4.1 chapter 8)
    // =====================================================================================

    /**
     * Returns the kind of topology of this communicator (MPI_Topo_test).
     *
     * @return {@link Topology#NONE} for a plain intracommunicator
     */
    public Topology topology() {
        return Topology.NONE;
    }

    /**
     * Creates a communicator with a Cartesian topology (MPI_Cart_create). Collective. With
     * {@code reorder} the provider may give processes new ranks (the {@code native} provider passes
     * the flag to MPI_Cart_create; {@code sim} and {@code shm} keep the order); the coordinates
     * always follow the new ranks. Ranks beyond the product of the dimensions get none.
     *
     * @param dims the number of processes in each dimension (see {@link CartComm#computeDims})
     * @param periods whether each dimension wraps around
     * @param reorder whether ranks may be renumbered
     * @return the grid on its members; empty on the other ranks
     * @throws MpiException {@link ErrorClass#ERR_DIMS} for non-positive dimensions, flags that do
     *     not match the dimensions, or more grid points than ranks
     */
    public Optional<CartComm> createCart(int[] dims, boolean[] periods, boolean reorder) {
        checkOpen("createCart");
        checkGrid("createCart", dims, periods);
        CommEngine e;
        try {
            e = engine.cartCreate(dims.clone(), periods.clone(), reorder);
        } catch (MpiException x) {
            throw raise(x);
        }
        return Optional.ofNullable(e).map(x -> child(new CartComm(mpi, x, dims, periods)));
    }

    /**
     * Creates a communicator with a graph topology given in full (MPI_Graph_create). Collective;
     * every rank passes the same graph. Node {@code i} is the process of rank {@code i} in the new
     * communicator; with {@code reorder} the provider may give processes new ranks (the
     * {@code native} provider passes the flag to MPI_Graph_create). Ranks beyond the number of
     * nodes get none.
     *
     * @param index {@code index[i]} is the total number of neighbours of nodes 0 to {@code i}
     * @param edges the neighbours of node 0, then of node 1, and so on
     * @param reorder whether ranks may be renumbered
     * @return the graph communicator on its nodes; empty on the other ranks
     * @throws MpiException {@link ErrorClass#ERR_TOPOLOGY} for a malformed graph or more nodes than ranks
     */
    public Optional<GraphComm> createGraph(int[] index, int[] edges, boolean reorder) {
        checkOpen("createGraph");
        checkGraph("createGraph", index, edges);
        CommEngine e;
        try {
            e = engine.graphCreate(index.clone(), edges.clone(), reorder);
        } catch (MpiException x) {
            throw raise(x);
        }
        return Optional.ofNullable(e).map(x -> child(new GraphComm(mpi, x, index, edges)));
    }

    /**
     * Tells the rank this process would have in a Cartesian grid (MPI_Cart_map): the rank
     * {@link #createCart} without reordering gives it. Local: no communication.
     *
     * @param dims the number of processes in each dimension
     * @param periods whether each dimension wraps around
     * @return this process's rank in the grid, or {@link Mpi#UNDEFINED} if it is beyond the grid
     * @throws MpiException {@link ErrorClass#ERR_DIMS} as {@link #createCart}
     */
    public int cartMap(int[] dims, boolean[] periods) {
        checkOpen("cartMap");
        long product = checkGrid("cartMap", dims, periods);
        return rank() < product ? rank() : Mpi.UNDEFINED;
    }

    /**
     * Tells the rank this process would have in a graph topology (MPI_Graph_map): the rank
     * {@link #createGraph} without reordering gives it. Local: no communication.
     *
     * @param index {@code index[i]} is the total number of neighbours of nodes 0 to {@code i}
     * @param edges the neighbours of node 0, then of node 1, and so on
     * @return this process's node, or {@link Mpi#UNDEFINED} if it is beyond the graph's nodes
     * @throws MpiException {@link ErrorClass#ERR_TOPOLOGY} as {@link #createGraph}
     */
    public int graphMap(int[] index, int[] edges) {
        checkOpen("graphMap");
        checkGraph("graphMap", index, edges);
        return rank() < index.length ? rank() : Mpi.UNDEFINED;
    }

    /** Refuses a Cartesian grid MPI refuses (ERR_DIMS); returns its number of points. */
    private long checkGrid(String op, int[] dims, boolean[] periods) {
        java.util.Objects.requireNonNull(dims, "dims");
        java.util.Objects.requireNonNull(periods, "periods");
        if (dims.length != periods.length) {
            throw raise(new MpiException(ErrorClass.ERR_DIMS, op + ": " + dims.length + " dimensions but " + periods.length + " periods"));
        }
        long product = 1;
        for (int d : dims) {
            if (d < 1) {
                throw raise(new MpiException(ErrorClass.ERR_DIMS, op + ": dimension " + d + " in " + java.util.Arrays.toString(dims)
                        + " must be >= 1"));
            }
            product *= d;
        }
        if (product > size()) {
            throw raise(new MpiException(ErrorClass.ERR_DIMS, op + ": a grid of " + java.util.Arrays.toString(dims) + " needs "
                    + product + " ranks but " + displayName() + " has " + size()));
        }
        return product;
    }

    /** Refuses a graph MPI refuses (ERR_TOPOLOGY). */
    private void checkGraph(String op, int[] index, int[] edges) {
        java.util.Objects.requireNonNull(index, "index");
        java.util.Objects.requireNonNull(edges, "edges");
        int nnodes = index.length;
        if (nnodes > size()) {
            throw raise(new MpiException(ErrorClass.ERR_TOPOLOGY, op + ": " + nnodes + " nodes but " + displayName() + " has " + size() + " ranks"));
        }
        int previous = 0;
        for (int i = 0; i < nnodes; i++) {
            if (index[i] < previous || index[i] > edges.length) {
                throw raise(new MpiException(ErrorClass.ERR_TOPOLOGY, op + ": index must be non-decreasing and at most the number of edges ("
                        + edges.length + "): " + java.util.Arrays.toString(index)));
            }
            previous = index[i];
        }
        for (int e : edges) {
            if (e < 0 || e >= nnodes) {
                throw raise(new MpiException(ErrorClass.ERR_TOPOLOGY, op + ": edge to " + e + " is not a node in [0, " + nnodes + ")"));
            }
        }
    }

    /**
     * Creates a distributed graph communicator from each rank's own neighbours
     * (MPI_Dist_graph_create_adjacent). Collective; the edges must agree (if rank a lists b as a
     * destination, b lists a as a source).
     *
     * @param sources the ranks this rank receives from, in order
     * @param sourceWeights their weights, or {@code null} for an unweighted graph
     * @param destinations the ranks this rank sends to, in order
     * @param destinationWeights their weights, or {@code null} for an unweighted graph
     * @param reorder whether ranks may be renumbered (the provider decides: {@code native} leaves
     *     it to the MPI library, {@code sim} and {@code shm} keep the order); the returned
     *     communicator's neighbours are in its own ranks either way
     * @return the distributed graph communicator
     * @throws MpiException {@link ErrorClass#ERR_RANK} for a neighbour that is not a rank,
     *     {@link ErrorClass#ERR_ARG} for weights that do not match their edges
     */
    public DistGraphComm createDistGraphAdjacent(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights,
                                                 boolean reorder) {
        checkOpen("createDistGraphAdjacent");
        checkNeighbours("createDistGraphAdjacent", sources, sourceWeights);
        checkNeighbours("createDistGraphAdjacent", destinations, destinationWeights);
        return distGraph(sources, sourceWeights, destinations, destinationWeights, reorder);
    }

    /**
     * The distributed graph communicator of this rank's neighbours, from the provider
     * ({@link CommEngine#distGraphCreate}); where it may have renumbered the processes, the
     * neighbour lists follow them from this communicator's ranks to the new ones.
     */
    private DistGraphComm distGraph(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights,
                                    boolean reorder) {
        CommEngine created;
        try {
            created = engine.distGraphCreate(sources.clone(), sourceWeights == null ? null : sourceWeights.clone(),
                    destinations.clone(), destinationWeights == null ? null : destinationWeights.clone(), reorder);
        } catch (MpiException e) {
            throw raise(e);
        }
        int[] in = sources;
        int[] out = destinations;
        if (reorder) {
            // without reorder MPI keeps every rank (MPI-4.1 §8.5.4); with it, old rank -> process id -> new rank
            int[] before = engine.group();
            int[] after = created.group();
            java.util.Map<Integer, Integer> newRank = new java.util.HashMap<>();
            for (int r = 0; r < after.length; r++) {
                newRank.put(after[r], r);
            }
            int[] renumber = new int[before.length];
            for (int r = 0; r < before.length; r++) {
                renumber[r] = newRank.get(before[r]);
            }
            in = java.util.Arrays.stream(sources).map(r -> renumber[r]).toArray();
            out = java.util.Arrays.stream(destinations).map(r -> renumber[r]).toArray();
        }
        return child(new DistGraphComm(mpi, created, in, sourceWeights, out, destinationWeights));
    }

    /**
     * Creates a distributed graph communicator from edges that any rank may specify
     * (MPI_Dist_graph_create). Collective: each rank learns its own sources and destinations.
     *
     * @param sources the source nodes this rank specifies edges for
     * @param degrees the number of edges of each source
     * @param destinations the destinations of those edges, source by source
     * @param weights their weights, or {@code null} for an unweighted graph
     * @param reorder whether ranks may be renumbered (the provider decides, as for
     *     {@link #createDistGraphAdjacent}); the returned communicator's neighbours are in its own
     *     ranks either way
     * @return the distributed graph communicator
     * @throws MpiException {@link ErrorClass#ERR_RANK} for a node that is not a rank,
     *     {@link ErrorClass#ERR_ARG} for degrees, destinations and weights that do not fit together
     */
    public DistGraphComm createDistGraph(int[] sources, int[] degrees, int[] destinations, int[] weights, boolean reorder) {
        checkOpen("createDistGraph");
        if (sources.length != degrees.length) {
            throw raise(new MpiException(ErrorClass.ERR_ARG, "createDistGraph: " + sources.length + " sources but " + degrees.length + " degrees"));
        }
        int total = 0;
        for (int d : degrees) {
            if (d < 0) {
                throw raise(new MpiException(ErrorClass.ERR_ARG, "createDistGraph: negative degree " + d));
            }
            total += d;
        }
        if (destinations.length != total || (weights != null && weights.length != total)) {
            throw raise(new MpiException(ErrorClass.ERR_ARG, "createDistGraph: the degrees add up to " + total + " edges but there are "
                    + destinations.length + " destinations" + (weights == null ? "" : " and " + weights.length + " weights")));
        }
        checkNeighbours("createDistGraph", sources, null);
        checkNeighbours("createDistGraph", destinations, weights);
        // every rank's edge list, so that each rank can collect the edges that touch it
        List<int[][]> all = allgatherObject(new int[][] {sources, degrees, destinations, weights == null ? new int[0] : weights,
                new int[] {weights == null ? 0 : 1}});
        boolean weighted = false;
        List<int[]> in = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        int me = rank();
        for (int[][] spec : all) {
            weighted |= spec[4][0] == 1;
            int e = 0;
            for (int s = 0; s < spec[0].length; s++) {
                for (int k = 0; k < spec[1][s]; k++, e++) {
                    int w = spec[4][0] == 1 ? spec[3][e] : 1;
                    if (spec[0][s] == me) {
                        out.add(new int[] {spec[2][e], w});
                    }
                    if (spec[2][e] == me) {
                        in.add(new int[] {spec[0][s], w});
                    }
                }
            }
        }
        return distGraph(in.stream().mapToInt(x -> x[0]).toArray(), weighted ? in.stream().mapToInt(x -> x[1]).toArray() : null,
                out.stream().mapToInt(x -> x[0]).toArray(), weighted ? out.stream().mapToInt(x -> x[1]).toArray() : null, reorder);
    }

    private void checkNeighbours(String op, int[] ranks, int[] weights) {
        java.util.Objects.requireNonNull(ranks, "ranks");
        for (int r : ranks) {
            if (r < 0 || r >= size()) {
                throw raise(new MpiException(ErrorClass.ERR_RANK, op + ": neighbour " + r + " is not a rank of " + displayName()
                        + " (size=" + size() + ")"));
            }
        }
        if (weights != null && weights.length != ranks.length) {
            throw raise(new MpiException(ErrorClass.ERR_ARG, op + ": " + ranks.length + " neighbours but " + weights.length + " weights"));
        }
    }

    /** The in-neighbours and out-neighbours of this rank, for neighbourhood collectives. */
    int[][] neighbourLists() {
        throw raise(new MpiException(ErrorClass.ERR_TOPOLOGY, "neighbourhood collectives need a communicator with a topology; "
                + displayName() + " has none (use createCart, createGraph or createDistGraph)"));
    }

    /** For each out-edge, the slot the receiver files the message under: by default, the k-th edge between a pair is slot k. */
    int[] outTags() {
        return occurrences(neighbourLists()[1]);
    }

    /** For each in-edge, the slot it expects. */
    int[] inTags() {
        return occurrences(neighbourLists()[0]);
    }

    private static int[] occurrences(int[] ranks) {
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        int[] k = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            k[i] = seen.merge(ranks[i], 1, Integer::sum) - 1;
        }
        return k;
    }

    // ---- neighbourhood collectives (MPI-4.1 §8.6): point-to-point on the collective context ----

    /**
     * Sends the same block to every out-neighbour and receives one block from each in-neighbour,
     * in neighbour order (MPI_Neighbor_allgather). Collective.
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     * @throws MpiException {@link ErrorClass#ERR_TOPOLOGY} without a topology,
     *     {@link ErrorClass#ERR_COUNT} if {@code recv} does not hold in-degree blocks of the send count
     */
    public void neighborAllgather(Buf send, Buf recv) {
        ineighbor("neighborAllgather", send, recv, true, true).awaitBlocking();
    }

    /**
     * Starts {@link #neighborAllgather} (MPI_Ineighbor_allgather).
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     * @return the request
     * @throws MpiException as {@link #neighborAllgather}
     */
    public Request<Status> ineighborAllgather(Buf send, Buf recv) {
        return ineighbor("ineighborAllgather", send, recv, true, false);
    }

    /**
     * Sends the same block to every out-neighbour and receives blocks of different sizes from the
     * in-neighbours (MPI_Neighbor_allgatherv). Collective.
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     * @throws MpiException as {@link #neighborAllgather}
     */
    public void neighborAllgatherv(Buf send, VBuf recv) {
        ineighborAllgatherv("neighborAllgatherv", send, recv, true).awaitBlocking();
    }

    /**
     * Starts {@link #neighborAllgatherv} (MPI_Ineighbor_allgatherv).
     *
     * @param send this rank's block
     * @param recv one block per in-neighbour
     * @return the request
     * @throws MpiException as {@link #neighborAllgather}
     */
    public Request<Status> ineighborAllgatherv(Buf send, VBuf recv) {
        return ineighborAllgatherv("ineighborAllgatherv", send, recv, false);
    }

    /**
     * Sends block {@code i} to out-neighbour {@code i} and receives block {@code j} from
     * in-neighbour {@code j} (MPI_Neighbor_alltoall). Collective.
     *
     * @param send one equal block per out-neighbour
     * @param recv one equal block per in-neighbour
     * @throws MpiException {@link ErrorClass#ERR_TOPOLOGY} without a topology,
     *     {@link ErrorClass#ERR_COUNT} if the buffers do not divide into the neighbour counts
     */
    public void neighborAlltoall(Buf send, Buf recv) {
        ineighbor("neighborAlltoall", send, recv, false, true).awaitBlocking();
    }

    /**
     * Starts {@link #neighborAlltoall} (MPI_Ineighbor_alltoall).
     *
     * @param send one equal block per out-neighbour
     * @param recv one equal block per in-neighbour
     * @return the request
     * @throws MpiException as {@link #neighborAlltoall}
     */
    public Request<Status> ineighborAlltoall(Buf send, Buf recv) {
        return ineighbor("ineighborAlltoall", send, recv, false, false);
    }

    /**
     * Neighbourhood all-to-all with blocks of different sizes (MPI_Neighbor_alltoallv). Collective.
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     * @throws MpiException as {@link #neighborAlltoall}
     */
    public void neighborAlltoallv(VBuf send, VBuf recv) {
        ineighborAlltoallv("neighborAlltoallv", send, recv, true).awaitBlocking();
    }

    /**
     * Starts {@link #neighborAlltoallv} (MPI_Ineighbor_alltoallv).
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     * @return the request
     * @throws MpiException as {@link #neighborAlltoall}
     */
    public Request<Status> ineighborAlltoallv(VBuf send, VBuf recv) {
        return ineighborAlltoallv("ineighborAlltoallv", send, recv, false);
    }

    /**
     * Neighbourhood all-to-all with blocks of different sizes and datatypes (MPI_Neighbor_alltoallw).
     * Collective.
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     * @throws MpiException as {@link #neighborAlltoall}
     */
    public void neighborAlltoallw(WBuf send, WBuf recv) {
        ineighborAlltoallw("neighborAlltoallw", send, recv, true).awaitBlocking();
    }

    /**
     * Starts {@link #neighborAlltoallw} (MPI_Ineighbor_alltoallw).
     *
     * @param send one block per out-neighbour
     * @param recv one block per in-neighbour
     * @return the request
     * @throws MpiException as {@link #neighborAlltoall}
     */
    public Request<Status> ineighborAlltoallw(WBuf send, WBuf recv) {
        return ineighborAlltoallw("ineighborAlltoallw", send, recv, false);
    }

    private Request<Status> ineighbor(String op, Buf send, Buf recv, boolean allgather, boolean blocking) {
        checkOpen(op);
        int[][] lists = neighbourLists();
        int indeg = lists[0].length;
        int outdeg = lists[1].length;
        checkSendBuf(op, send);
        checkRecvBuf(op, recv);
        List<Buf> sends = new ArrayList<>(outdeg);
        List<Buf> recvs = new ArrayList<>(indeg);
        // MPI gives the send and receive counts separately: each side is divided by its own degree
        if (allgather) {
            for (int i = 0; i < outdeg; i++) {
                sends.add(send);
            }
        } else {
            if (outdeg > 0 && send.count() % outdeg != 0) {
                throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the send count=" + send.count()
                        + " is not a multiple of the out-degree=" + outdeg));
            }
            long block = outdeg == 0 ? 0 : send.count() / outdeg;
            for (int i = 0; i < outdeg; i++) {
                sends.add(send.slice(i * block, block));
            }
        }
        if (indeg > 0 && recv.count() % indeg != 0) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the receive count=" + recv.count()
                    + " is not a multiple of the in-degree=" + indeg));
        }
        Request<Status> provider = byProvider(allgather ? new NeighborCollective.Allgather(send, recv)
                : new NeighborCollective.Alltoall(send, recv), blocking);
        if (provider != null) {
            return provider;
        }
        long recvBlock = indeg == 0 ? 0 : recv.count() / indeg;
        for (int j = 0; j < indeg; j++) {
            recvs.add(recv.slice(j * recvBlock, recvBlock));
        }
        return neighbourExchange(op, lists, sends, recvs);
    }

    private Request<Status> ineighborAllgatherv(String op, Buf send, VBuf recv, boolean blocking) {
        checkOpen(op);
        int[][] lists = neighbourLists();
        checkSendBuf(op, send);
        if (recv == null || recv.blocks() != lists[0].length) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the receive VBuf needs one block per in-neighbour (" + lists[0].length + ")"));
        }
        Request<Status> provider = byProvider(new NeighborCollective.Allgatherv(send, recv), blocking);
        if (provider != null) {
            return provider;
        }
        List<Buf> sends = new ArrayList<>();
        for (int i = 0; i < lists[1].length; i++) {
            sends.add(send);
        }
        List<Buf> recvs = new ArrayList<>();
        for (int j = 0; j < recv.blocks(); j++) {
            recvs.add(recv.block(j));
        }
        return neighbourExchange(op, lists, sends, recvs);
    }

    private Request<Status> ineighborAlltoallv(String op, VBuf send, VBuf recv, boolean blocking) {
        checkOpen(op);
        int[][] lists = neighbourLists();
        if (send == null || send.blocks() != lists[1].length || recv == null || recv.blocks() != lists[0].length) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the send VBuf needs one block per out-neighbour (" + lists[1].length
                    + ") and the receive VBuf one per in-neighbour (" + lists[0].length + ")"));
        }
        Request<Status> provider = byProvider(new NeighborCollective.Alltoallv(send, recv), blocking);
        if (provider != null) {
            return provider;
        }
        List<Buf> sends = new ArrayList<>();
        for (int i = 0; i < send.blocks(); i++) {
            sends.add(send.block(i));
        }
        List<Buf> recvs = new ArrayList<>();
        for (int j = 0; j < recv.blocks(); j++) {
            recvs.add(recv.block(j));
        }
        return neighbourExchange(op, lists, sends, recvs);
    }

    private Request<Status> ineighborAlltoallw(String op, WBuf send, WBuf recv, boolean blocking) {
        checkOpen(op);
        int[][] lists = neighbourLists();
        if (send == null || send.blocks() != lists[1].length || recv == null || recv.blocks() != lists[0].length) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the send WBuf needs one block per out-neighbour (" + lists[1].length
                    + ") and the receive WBuf one per in-neighbour (" + lists[0].length + ")"));
        }
        Request<Status> provider = byProvider(new NeighborCollective.Alltoallw(send, recv), blocking);
        if (provider != null) {
            return provider;
        }
        List<Buf> sends = new ArrayList<>();
        for (int i = 0; i < send.blocks(); i++) {
            sends.add(send.block(i));
        }
        List<Buf> recvs = new ArrayList<>();
        for (int j = 0; j < recv.blocks(); j++) {
            recvs.add(recv.block(j));
        }
        return neighbourExchange(op, lists, sends, recvs);
    }

    /**
     * Runs ({@code blocking}) or starts a neighbourhood collective in the provider, where it takes
     * it ({@link CommEngine#takesNeighborCollective}: the library's MPI_Neighbor_* on {@code native});
     * {@code null} where it does not, and the API builds it from point-to-point messages.
     */
    private Request<Status> byProvider(NeighborCollective call, boolean blocking) {
        if (!engine.takesNeighborCollectives()) {
            return null;
        }
        // derived datatypes as their signatures, as for every other collective (Flattening)
        List<Runnable> after = new ArrayList<>();
        NeighborCollective flat;
        try {
            flat = switch (call) {
                case NeighborCollective.Allgather c -> new NeighborCollective.Allgather(Flattening.flat(c.send(), false, after),
                        Flattening.flat(c.recv(), true, after));
                case NeighborCollective.Allgatherv c -> new NeighborCollective.Allgatherv(Flattening.flat(c.send(), false, after),
                        Flattening.flat(c.recv(), true, after));
                case NeighborCollective.Alltoall c -> new NeighborCollective.Alltoall(Flattening.flat(c.send(), false, after),
                        Flattening.flat(c.recv(), true, after));
                case NeighborCollective.Alltoallv c -> new NeighborCollective.Alltoallv(Flattening.flat(c.send(), false, after),
                        Flattening.flat(c.recv(), true, after));
                case NeighborCollective.Alltoallw c -> new NeighborCollective.Alltoallw(Flattening.flat(c.send(), false, after),
                        Flattening.flat(c.recv(), true, after));
            };
            if (!engine.takesNeighborCollective(flat)) {
                return null;
            }
            if (blocking) {
                engine.neighborCollective(flat);
                after.forEach(Runnable::run);
                Status done = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);
                return Request.completed(session, done, done);
            }
            return new Request<>(this, engine.startNeighborCollective(flat), r -> {
                if (r.failure() == null) {
                    after.forEach(Runnable::run);
                }
                return r.status();
            });
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Posts the receives from the in-neighbours and the sends to the out-neighbours on the
     * collective context. The tag of each message carries the call number and the slot the
     * receiver files it under, so that two edges between the same ranks (a periodic dimension of
     * size 1 or 2) pair up as MPI defines.
     */
    private Request<Status> neighbourExchange(String op, int[][] lists, List<Buf> sends, List<Buf> recvs) {
        BufferGuard guard = op.startsWith("i") && session.checksSendBuffers()
                ? BufferGuard.of(this, op + "(comm=" + displayName() + ")", touched(sends, lists[1]), touched(recvs, lists[0]))
                : null;
        Request<Status> request = BufferGuard.started(guard, () -> neighbourExchangeStarted(op, lists, sends, recvs));
        request.guard = guard;
        return request;
    }

    /** The blocks of a neighbourhood collective that it reads or writes: those of real neighbours, not PROC_NULL. */
    private static List<Buf> touched(List<Buf> blocks, int[] neighbours) {
        List<Buf> l = new ArrayList<>(blocks.size());
        for (int i = 0; i < neighbours.length; i++) {
            if (neighbours[i] != Mpi.PROC_NULL) {
                l.add(blocks.get(i));
            }
        }
        return l;
    }

    private Request<Status> neighbourExchangeStarted(String op, int[][] lists, List<Buf> sends, List<Buf> recvs) {
        io.mpi4j.spi.CollectiveChannel channel = engine.collectiveChannel();
        int base = (channel.nextTag() & 0xFFFFF) << 11;
        int[] inTags = inTags();
        int[] outTags = outTags();
        List<SpiRequest> parts = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        for (int j = 0; j < lists[0].length; j++) {
            if (lists[0][j] != Mpi.PROC_NULL) {
                Buf user = recvs.get(j);
                // received in place when any thread may write the memory and it needs no unpacking
                Buf target = direct(user) ? user : Staging.blank(user);
                if (target != user) {
                    after.add(() -> Staging.unstage(target, user, user.byteSize()));
                }
                parts.add(channel.p2p().irecv(new io.mpi4j.spi.RecvTarget.Into(target), lists[0][j], base | (inTags[j] & 0x7FF)));
            }
        }
        for (int i = 0; i < lists[1].length; i++) {
            if (lists[1][i] != Mpi.PROC_NULL) {
                Buf data = sends.get(i);
                // the user's memory is read in place when any thread may read it (it stays untouched until completion)
                Buf readable = direct(data) ? data : Staging.copyOf(data);
                parts.add(channel.p2p().isend(readable, lists[1][i], base | (outTags[i] & 0x7FF), io.mpi4j.spi.SendMode.STANDARD));
            }
        }
        CompositeSpiRequest all = new CompositeSpiRequest(parts, op + "(comm=" + displayName() + ")");
        return new Request<>(this, all, r -> {
            after.forEach(Runnable::run);
            return r.status();
        });
    }

    /** Whether a neighbourhood exchange can use the memory as it is: shared, and contiguous (derived types are packed). */
    private static boolean direct(Buf b) {
        return b.hasSegment() && Staging.shared(b.segment()) && b.datatype().isContiguous();
    }

    // =====================================================================================
    // Object collectives: values in, values out (Boost.MPI style), through the ObjectCodec
    // =====================================================================================

    /**
     * Broadcasts an object from the root; every other rank receives a copy (MPI_Bcast on the
     * object's encoding).
     *
     * @param value the object at the root; ignored elsewhere
     * @param root the rank that sends
     * @param <T> the type of the object
     * @return the root's object: on the root, {@code value} itself; elsewhere a copy
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_ARG}
     *     if the object cannot be encoded, {@link ErrorClass#ERR_TYPE} if it cannot be decoded
     */
    public <T> T bcastObject(T value, int root) {
        return this.<T>ibcastObject("bcastObject", value, root, true).awaitBlocking();
    }

    /**
     * Starts {@link #bcastObject}; the object is encoded before this method returns.
     *
     * @param value the object at the root; ignored elsewhere
     * @param root the rank that sends
     * @param <T> the type of the object
     * @return the request, yielding the root's object
     * @throws MpiException as {@link #bcastObject}
     */
    public <T> Request<T> ibcastObject(T value, int root) {
        return ibcastObject("ibcastObject", value, root, false);
    }

    private <T> Request<T> ibcastObject(String op, T value, int root, boolean blocking) {
        boolean isRoot = objectRoot(op, root);
        Collective.Result<byte[]> out = new Collective.Result<>();
        Collective call = new Collective.BcastBytes(isRoot ? mpi.codec().encode(value) : null, root, out);
        return objectCall(call, blocking, () -> isRoot ? value : decode(out.get()));
    }

    /**
     * Scatters a list of objects from the root: rank {@code i} receives element {@code i}.
     *
     * @param values at the root, one object per rank; ignored elsewhere (may be {@code null})
     * @param root the rank that sends
     * @param <T> the type of the objects
     * @return this rank's element (on the root, the element itself; elsewhere a copy)
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_COUNT}
     *     if the root's list does not have {@code size()} elements, {@link ErrorClass#ERR_ARG} or
     *     {@link ErrorClass#ERR_TYPE} for objects that cannot be encoded or decoded
     */
    public <T> T scatterObject(List<T> values, int root) {
        return this.<T>iscatterObject("scatterObject", values, root, true).awaitBlocking();
    }

    /**
     * Starts {@link #scatterObject}.
     *
     * @param values at the root, one object per rank; ignored elsewhere
     * @param root the rank that sends
     * @param <T> the type of the objects
     * @return the request, yielding this rank's element
     * @throws MpiException as {@link #scatterObject}
     */
    public <T> Request<T> iscatterObject(List<T> values, int root) {
        return iscatterObject("iscatterObject", values, root, false);
    }

    private <T> Request<T> iscatterObject(String op, List<T> values, int root, boolean blocking) {
        boolean isRoot = objectRoot(op, root);
        List<byte[]> encoded = null;
        if (isRoot) {
            requireOnePerRank(op, values);
            encoded = new ArrayList<>(values.size());
            for (T v : values) {
                encoded.add(mpi.codec().encode(v));
            }
        }
        Collective.Result<byte[]> out = new Collective.Result<>();
        T own = isRoot ? values.get(rank()) : null;
        return objectCall(new Collective.ScatterBytes(encoded, root, out), blocking, () -> isRoot ? own : decode(out.get()));
    }

    /**
     * Gathers one object from every rank at the root.
     *
     * @param value this rank's object
     * @param root the rank that receives
     * @param <T> the type of the objects
     * @return at the root, the objects in rank order (its own element is {@code value} itself, the
     *     others are copies); on every other rank, an empty list
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_ARG}
     *     or {@link ErrorClass#ERR_TYPE} for objects that cannot be encoded or decoded
     */
    public <T> List<T> gatherObject(T value, int root) {
        return this.<T>igatherObject("gatherObject", value, root, true).awaitBlocking();
    }

    /**
     * Starts {@link #gatherObject}.
     *
     * @param value this rank's object
     * @param root the rank that receives
     * @param <T> the type of the objects
     * @return the request, yielding the list at the root and an empty list elsewhere
     * @throws MpiException as {@link #gatherObject}
     */
    public <T> Request<List<T>> igatherObject(T value, int root) {
        return igatherObject("igatherObject", value, root, false);
    }

    private <T> Request<List<T>> igatherObject(String op, T value, int root, boolean blocking) {
        boolean isRoot = objectRoot(op, root);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.GatherBytes(mpi.codec().encode(value), root, out), blocking,
                () -> isRoot ? decodeAll(out.get(), me, value) : List.of());
    }

    /**
     * Gathers one object from every rank on every rank.
     *
     * @param value this rank's object
     * @param <T> the type of the objects
     * @return the objects in rank order (this rank's element is {@code value} itself)
     * @throws MpiException {@link ErrorClass#ERR_ARG} or {@link ErrorClass#ERR_TYPE} for objects that
     *     cannot be encoded or decoded
     */
    public <T> List<T> allgatherObject(T value) {
        return this.<T>iallgatherObject("allgatherObject", value, true).awaitBlocking();
    }

    /**
     * Starts {@link #allgatherObject}.
     *
     * @param value this rank's object
     * @param <T> the type of the objects
     * @return the request, yielding the objects in rank order
     * @throws MpiException as {@link #allgatherObject}
     */
    public <T> Request<List<T>> iallgatherObject(T value) {
        return iallgatherObject("iallgatherObject", value, false);
    }

    private <T> Request<List<T>> iallgatherObject(String op, T value, boolean blocking) {
        checkOpen(op);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.AllgatherBytes(mpi.codec().encode(value), out), blocking,
                () -> decodeAll(out.get(), me, value));
    }

    /**
     * Sends element {@code j} of this rank's list to rank {@code j}, and receives one object from
     * every rank.
     *
     * @param values one object per destination rank
     * @param <T> the type of the objects
     * @return one object per source rank, in rank order
     * @throws MpiException {@link ErrorClass#ERR_COUNT} if the list does not have {@code size()}
     *     elements, {@link ErrorClass#ERR_ARG} or {@link ErrorClass#ERR_TYPE} for objects that cannot
     *     be encoded or decoded
     */
    public <T> List<T> alltoallObject(List<T> values) {
        return this.<T>ialltoallObject("alltoallObject", values, true).awaitBlocking();
    }

    /**
     * Starts {@link #alltoallObject}.
     *
     * @param values one object per destination rank
     * @param <T> the type of the objects
     * @return the request, yielding one object per source rank
     * @throws MpiException as {@link #alltoallObject}
     */
    public <T> Request<List<T>> ialltoallObject(List<T> values) {
        return ialltoallObject("ialltoallObject", values, false);
    }

    private <T> Request<List<T>> ialltoallObject(String op, List<T> values, boolean blocking) {
        checkOpen(op);
        requireOnePerRank(op, values);
        List<byte[]> encoded = new ArrayList<>(values.size());
        for (T v : values) {
            encoded.add(mpi.codec().encode(v));
        }
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        T own = values.get(me);
        return objectCall(new Collective.AlltoallBytes(encoded, out), blocking, () -> decodeAll(out.get(), me, own));
    }

    /**
     * Combines one object per rank with {@code op} in rank order
     * ({@code v0 op v1 op ... op v(size-1)}) at the root.
     *
     * @param value this rank's operand
     * @param op the operation; it need not be commutative, but should be associative
     * @param root the rank that receives the result
     * @param <T> the type of the objects
     * @return the result at the root (empty if it is {@code null}); empty elsewhere
     * @throws MpiException {@link ErrorClass#ERR_ROOT} for an invalid root, {@link ErrorClass#ERR_ARG}
     *     or {@link ErrorClass#ERR_TYPE} for objects that cannot be encoded or decoded
     */
    public <T> Optional<T> reduceObject(T value, BinaryOperator<T> op, int root) {
        return this.<T>ireduceObject("reduceObject", value, op, root, true).awaitBlocking();
    }

    /**
     * Starts {@link #reduceObject}.
     *
     * @param value this rank's operand
     * @param op the operation
     * @param root the rank that receives the result
     * @param <T> the type of the objects
     * @return the request, yielding the result at the root and empty elsewhere
     * @throws MpiException as {@link #reduceObject}
     */
    public <T> Request<Optional<T>> ireduceObject(T value, BinaryOperator<T> op, int root) {
        return ireduceObject("ireduceObject", value, op, root, false);
    }

    private <T> Request<Optional<T>> ireduceObject(String op, T value, BinaryOperator<T> fn, int root, boolean blocking) {
        Objects.requireNonNull(fn, "op");
        boolean isRoot = objectRoot(op, root);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.GatherBytes(mpi.codec().encode(value), root, out), blocking,
                () -> isRoot ? Optional.ofNullable(fold(decodeAll(out.get(), me, value), fn, out.get().size())) : Optional.empty());
    }

    /**
     * Combines one object per rank with {@code op} in rank order, on every rank.
     *
     * @param value this rank's operand
     * @param op the operation; it need not be commutative, but should be associative
     * @param <T> the type of the objects
     * @return {@code v0 op v1 op ... op v(size-1)}
     * @throws MpiException {@link ErrorClass#ERR_ARG} or {@link ErrorClass#ERR_TYPE} for objects that
     *     cannot be encoded or decoded
     */
    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        return this.<T>iallreduceObject("allreduceObject", value, op, true).awaitBlocking();
    }

    /**
     * Starts {@link #allreduceObject}.
     *
     * @param value this rank's operand
     * @param op the operation
     * @param <T> the type of the objects
     * @return the request, yielding the result
     * @throws MpiException as {@link #allreduceObject}
     */
    public <T> Request<T> iallreduceObject(T value, BinaryOperator<T> op) {
        return iallreduceObject("iallreduceObject", value, op, false);
    }

    private <T> Request<T> iallreduceObject(String op, T value, BinaryOperator<T> fn, boolean blocking) {
        Objects.requireNonNull(fn, "op");
        checkOpen(op);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.AllgatherBytes(mpi.codec().encode(value), out), blocking,
                () -> fold(decodeAll(out.get(), me, value), fn, out.get().size()));
    }

    /**
     * Inclusive prefix reduction of objects: rank {@code i} receives {@code v0 op ... op vi}.
     *
     * @param value this rank's operand
     * @param op the operation, applied in rank order
     * @param <T> the type of the objects
     * @return the prefix result of this rank
     * @throws MpiException {@link ErrorClass#ERR_ARG} or {@link ErrorClass#ERR_TYPE} for objects that
     *     cannot be encoded or decoded
     */
    public <T> T scanObject(T value, BinaryOperator<T> op) {
        return this.<T>iscanObject("scanObject", value, op, true).awaitBlocking();
    }

    /**
     * Starts {@link #scanObject}.
     *
     * @param value this rank's operand
     * @param op the operation
     * @param <T> the type of the objects
     * @return the request, yielding the prefix result
     * @throws MpiException as {@link #scanObject}
     */
    public <T> Request<T> iscanObject(T value, BinaryOperator<T> op) {
        return iscanObject("iscanObject", value, op, false);
    }

    private <T> Request<T> iscanObject(String op, T value, BinaryOperator<T> fn, boolean blocking) {
        Objects.requireNonNull(fn, "op");
        checkOpen(op);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.AllgatherBytes(mpi.codec().encode(value), out), blocking,
                () -> fold(decodeAll(out.get(), me, value), fn, me + 1));
    }

    /**
     * Exclusive prefix reduction of objects: rank {@code i > 0} receives {@code v0 op ... op v(i-1)}.
     *
     * @param value this rank's operand
     * @param op the operation, applied in rank order
     * @param <T> the type of the objects
     * @return the prefix result of this rank; empty on rank 0 (and when the result is {@code null})
     * @throws MpiException {@link ErrorClass#ERR_ARG} or {@link ErrorClass#ERR_TYPE} for objects that
     *     cannot be encoded or decoded
     */
    public <T> Optional<T> exscanObject(T value, BinaryOperator<T> op) {
        return this.<T>iexscanObject("exscanObject", value, op, true).awaitBlocking();
    }

    /**
     * Starts {@link #exscanObject}.
     *
     * @param value this rank's operand
     * @param op the operation
     * @param <T> the type of the objects
     * @return the request, yielding the exclusive prefix (empty on rank 0)
     * @throws MpiException as {@link #exscanObject}
     */
    public <T> Request<Optional<T>> iexscanObject(T value, BinaryOperator<T> op) {
        return iexscanObject("iexscanObject", value, op, false);
    }

    private <T> Request<Optional<T>> iexscanObject(String op, T value, BinaryOperator<T> fn, boolean blocking) {
        Objects.requireNonNull(fn, "op");
        checkOpen(op);
        Collective.Result<List<byte[]>> out = new Collective.Result<>();
        int me = rank();
        return objectCall(new Collective.AllgatherBytes(mpi.codec().encode(value), out), blocking,
                () -> me == 0 ? Optional.empty() : Optional.ofNullable(fold(decodeAll(out.get(), me, value), fn, me)));
    }

    // ---- object-collective plumbing ----

    private <R> Request<R> objectCall(Collective call, boolean blocking, Supplier<R> result) {
        if (blocking) {
            try {
                engine.collective(call);
            } catch (MpiException e) {
                throw raise(e);
            }
            R r = result.get();
            return Request.completed(session, COLLECTIVE_STATUS, r);
        }
        return new Request<>(this, engine.startCollective(call), s -> result.get());
    }

    private static final Status COLLECTIVE_STATUS = new Status(Mpi.ANY_SOURCE, Mpi.ANY_TAG, 0, Datatype.BYTE, false, ErrorClass.SUCCESS);

    private boolean objectRoot(String op, int root) {
        checkOpen(op);
        int n = size();
        if (root < 0 || root >= n) {
            throw raise(new MpiException(ErrorClass.ERR_ROOT, op + ": root=" + rankArgument(root) + " is not a rank of " + displayName()
                    + " (size=" + n + "); use a rank in [0, " + n + ")"));
        }
        return root == rank();
    }

    private void requireOnePerRank(String op, List<?> values) {
        if (values == null || values.size() != size()) {
            throw raise(new MpiException(ErrorClass.ERR_COUNT, op + ": the list must have one element per rank (size=" + size()
                    + "), not " + (values == null ? "null" : values.size() + " elements")));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(byte[] bytes) {
        return (T) mpi.codec().decode(bytes, bytes.length);
    }

    /** Decodes every element but this rank's own, which is the original object. */
    private <T> List<T> decodeAll(List<byte[]> encoded, int me, T own) {
        List<T> out = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            out.add(i == me ? own : decode(encoded.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> T fold(List<T> values, BinaryOperator<T> op, int upTo) {
        T acc = values.getFirst();
        for (int i = 1; i < upTo; i++) {
            acc = op.apply(acc, values.get(i));
        }
        return acc;
    }

    /**
     * Duplicates this communicator: same group, new context (MPI_Comm_dup, MPI-4.1 §7.4.2).
     * Collective: every process of the communicator must call it. The duplicate gets the
     * attributes whose keys copy them, and the hints.
     *
     * @return the new communicator, to be closed when no longer needed
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Intracomm dup() {
        checkOpen("dup");
        Intracomm copy = sameKind(engine.dup());
        inheritInto(copy);
        return copy;
    }

    /** A communicator of this one's kind (and topology) over a duplicate's engine. */
    Intracomm sameKind(CommEngine duplicate) {
        return new Intracomm(mpi, duplicate, false);
    }

    /**
     * Starts duplicating this communicator (MPI_Comm_idup). Collective: every rank starts it in
     * the same order as its other collective calls here, and the duplicate exists once the request
     * completes ({@link io.mpi4j.spi.CommEngine#startDup()}). It does not wait for the other ranks
     * on {@code sim}, {@code shm} and on {@code native} under MPICH. Known gap: on {@code native}
     * under Open MPI 4 (whose MPI_Comm_idup is broken beside another thread in MPI) it is still a
     * blocking {@link #dup()}, so a program that relies on it not waiting for the other ranks
     * deadlocks there.
     *
     * @return the request, yielding the duplicate (of this communicator's kind and topology)
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Request<Intracomm> idup() {
        checkOpen("idup");
        CommEngine.StartedDup started;
        try {
            started = engine.startDup();
        } catch (MpiException e) {
            throw raise(e);
        }
        java.util.function.Function<SpiRequest, Intracomm> make = ignored -> {
            Intracomm copy = sameKind(started.engine().get());
            inheritInto(copy);
            return copy;
        };
        if (started.requests().isEmpty()) {
            return Request.completed(session, Status.procNull(Datatype.BYTE), make.apply(null));
        }
        SpiRequest s = started.requests().size() == 1 ? started.requests().getFirst()
                : new CompositeSpiRequest(started.requests(), "idup(comm=" + displayName() + ")");
        return new Request<>(this, s, make);
    }

    /**
     * Splits this communicator into disjoint ones, one per color, each ordered by {@code key} and
     * then by rank in this communicator (MPI_Comm_split, MPI-4.1 §7.4.2). Collective.
     *
     * {@snippet :
     * Intracomm row = comm.split(rank / columns, rank % columns).orElseThrow();
     * }
     *
     * @param color a non-negative color, or {@link Mpi#UNDEFINED} to join no new communicator
     * @param key the ordering key
     * @return this rank's new communicator; empty for {@code UNDEFINED}
     * @throws MpiException {@link ErrorClass#ERR_ARG} for a negative color other than
     *     {@code UNDEFINED}, {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Optional<Intracomm> split(int color, int key) {
        checkOpen("split");
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw raise(new MpiException(ErrorClass.ERR_ARG, "split: color=" + color + " is invalid; use a color >= 0 or UNDEFINED"));
        }
        return derived(engine.split(color, key));
    }

    /**
     * Splits this communicator by type, each part ordered by {@code key} and then by rank
     * (MPI_Comm_split_type). Collective.
     *
     * @param type {@link SplitType#SHARED} for the processes that can share memory, or
     *     {@link SplitType#UNDEFINED} to join none
     * @param key the ordering key
     * @return this rank's new communicator; empty for {@code UNDEFINED}
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Optional<Intracomm> splitType(SplitType type, int key) {
        checkOpen("splitType");
        return derived(engine.splitType(java.util.Objects.requireNonNull(type, "type"), key));
    }

    /**
     * Creates a communicator over a subgroup of this one (MPI_Comm_create). Collective: every rank
     * calls it. As MPI-2.2 allows, the ranks may pass disjoint groups: each group becomes a
     * communicator of its own (every member of a group passes that same group).
     *
     * @param group the members of the new communicator, in its rank order; a subgroup of {@link #group()}
     * @return the new communicator on the members of the group this rank passed; empty if this rank
     *     is not in it
     * @throws MpiException {@link ErrorClass#ERR_GROUP} if the group has processes that are not in
     *     this communicator, {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Optional<Intracomm> create(Group group) {
        checkOpen("create");
        int[] members = subgroup("create", group);
        return derived(engine.create(members));
    }

    /**
     * Creates a communicator over a subgroup, called only by the subgroup's members
     * (MPI_Comm_create_group). Concurrent calls of the same members are told apart by the tag.
     *
     * @param group the members of the new communicator, in its rank order; the caller is one
     * @param tag distinguishes concurrent creations by the same members
     * @return the new communicator
     * @throws MpiException {@link ErrorClass#ERR_GROUP} if the caller is not in the group or the group
     *     has processes that are not in this communicator, {@link ErrorClass#ERR_TAG} for an invalid
     *     tag, {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Intracomm createGroup(Group group, int tag) {
        checkOpen("createGroup");
        checkSendTag("createGroup", tag);
        int[] members = subgroup("createGroup", group);
        if (group.rank() == Mpi.UNDEFINED) {
            throw raise(new MpiException(ErrorClass.ERR_GROUP, "createGroup: the calling process is not in the group " + group
                    + "; only its members call createGroup"));
        }
        return derived(engine.createGroup(members, tag)).orElseThrow();
    }

    /**
     * Creates an intercommunicator between this communicator's group and another group
     * (MPI_Intercomm_create). Collective over both groups: the two leaders exchange their groups
     * through {@code peerComm}, with {@code tag}.
     *
     * @param localLeader the rank of this group's leader in this communicator
     * @param peerComm a communicator holding both leaders (significant at the leader only)
     * @param remoteLeader the rank of the other group's leader in {@code peerComm} (significant at the leader only)
     * @param tag the tag of the leaders' exchange; it must not be used for other messages on
     *     {@code peerComm} meanwhile
     * @return the intercommunicator
     * @throws MpiException {@link ErrorClass#ERR_RANK} for an invalid leader, {@link ErrorClass#ERR_TAG}
     *     for an invalid tag, {@link ErrorClass#ERR_GROUP} if the groups overlap
     */
    public Intercomm createIntercomm(int localLeader, Comm peerComm, int remoteLeader, int tag) {
        checkOpen("createIntercomm");
        checkSendTag("createIntercomm", tag);
        if (localLeader < 0 || localLeader >= size()) {
            throw raise(new MpiException(ErrorClass.ERR_RANK, "createIntercomm: localLeader=" + localLeader + " is not a rank of "
                    + displayName() + " (size=" + size() + ")"));
        }
        int[] mine = engine.group();
        int[] theirs = null;
        if (rank() == localLeader) {
            java.util.Objects.requireNonNull(peerComm, "peerComm");
            peerComm.checkDest("createIntercomm", remoteLeader);
            theirs = peerComm.sendrecvObject(mine, remoteLeader, tag, remoteLeader, tag);
        }
        int[] remote = bcastObject(theirs, localLeader);
        java.util.Set<Integer> ours = new java.util.HashSet<>();
        for (int id : mine) {
            ours.add(id);
        }
        for (int id : remote) {
            if (ours.contains(id)) {
                throw raise(new MpiException(ErrorClass.ERR_GROUP, "createIntercomm: process " + id + " is in both groups; the groups of an"
                        + " intercommunicator must be disjoint"));
            }
        }
        Intracomm localCopy = dup();
        return child(new Intercomm(mpi, engine.intercomm(mine, remote, tag), localCopy));
    }

    private Optional<Intracomm> derived(CommEngine e) {
        return Optional.ofNullable(e).map(x -> child(new Intracomm(mpi, x, false)));
    }
}
