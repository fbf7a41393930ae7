package io.mpi4j.spi;

import io.mpi4j.Buf;
import io.mpi4j.Op;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call of a collective operation, as the API hands it to a provider (MPI-4.1 chapter 6).
 *
 * <p>The API has validated every argument: roots are ranks of the communicator, datatypes and
 * counts agree locally, the operation applies to the datatype, {@link Buf#IN_PLACE} appears only
 * where MPI allows it, and every buffer is viewable as a segment. A buffer that MPI calls
 * "significant only at root" is {@code null} on the other ranks. The same record, started again,
 * is how persistent collectives ({@code *_init}) restart.
 *
 * <p>The byte-array collectives ({@link BcastBytes} and the other {@code *Bytes} records) carry
 * encoded objects of different sizes per rank; they put their result in {@link Result}.
 */
public sealed interface Collective {
    /**
     * Returns the name of the operation, for reports: {@code "bcast"}, {@code "allreduce"}, ...
     *
     * @return the MPI name without prefix, in lower case
     */
    String name();

    /** MPI_Barrier. */
    record Barrier() implements Collective {
        @Override
        public String name() {
            return "barrier";
        }
    }

    /**
     * MPI_Bcast: the root's buffer is copied to every rank's.
     *
     * @param buf the data at the root, the receive buffer elsewhere
     * @param root the root rank
     */
    record Bcast(Buf buf, int root) implements Collective {
        @Override
        public String name() {
            return "bcast";
        }
    }

    /**
     * MPI_Gather: block {@code i} of the root's {@code recv} receives rank {@code i}'s {@code send}.
     *
     * @param send this rank's block; {@code IN_PLACE} at the root means its block is already in {@code recv}
     * @param recv {@code size} blocks of {@code send}'s count, at the root; {@code null} elsewhere
     * @param root the root rank
     */
    record Gather(Buf send, Buf recv, int root) implements Collective {
        @Override
        public String name() {
            return "gather";
        }
    }

    /**
     * MPI_Gatherv.
     *
     * @param send this rank's block; {@code IN_PLACE} at the root
     * @param recv the blocks at the root; {@code null} elsewhere
     * @param root the root rank
     */
    record Gatherv(Buf send, VBuf recv, int root) implements Collective {
        @Override
        public String name() {
            return "gatherv";
        }
    }

    /**
     * MPI_Scatter: rank {@code i}'s {@code recv} receives block {@code i} of the root's {@code send}.
     *
     * @param send {@code size} blocks of {@code recv}'s count, at the root; {@code null} elsewhere
     * @param recv this rank's block; {@code IN_PLACE} at the root means its block stays in {@code send}
     * @param root the root rank
     */
    record Scatter(Buf send, Buf recv, int root) implements Collective {
        @Override
        public String name() {
            return "scatter";
        }
    }

    /**
     * MPI_Scatterv.
     *
     * @param send the blocks at the root; {@code null} elsewhere
     * @param recv this rank's block; {@code IN_PLACE} at the root
     * @param root the root rank
     */
    record Scatterv(VBuf send, Buf recv, int root) implements Collective {
        @Override
        public String name() {
            return "scatterv";
        }
    }

    /**
     * MPI_Allgather: block {@code i} of every rank's {@code recv} receives rank {@code i}'s {@code send}.
     *
     * @param send this rank's block; {@code IN_PLACE} means it is already block {@code rank} of {@code recv}
     * @param recv {@code size} blocks
     */
    record Allgather(Buf send, Buf recv) implements Collective {
        @Override
        public String name() {
            return "allgather";
        }
    }

    /**
     * MPI_Allgatherv.
     *
     * @param send this rank's block; {@code IN_PLACE} means it is already in {@code recv}
     * @param recv the blocks
     */
    record Allgatherv(Buf send, VBuf recv) implements Collective {
        @Override
        public String name() {
            return "allgatherv";
        }
    }

    /**
     * MPI_Alltoall: block {@code j} of rank {@code i}'s {@code send} goes to block {@code i} of rank
     * {@code j}'s {@code recv}.
     *
     * @param send {@code size} blocks; {@code IN_PLACE} means the data is taken from {@code recv} and replaced
     * @param recv {@code size} blocks
     */
    record Alltoall(Buf send, Buf recv) implements Collective {
        @Override
        public String name() {
            return "alltoall";
        }
    }

    /**
     * MPI_Alltoallv.
     *
     * @param send the blocks sent; {@code null} for MPI_IN_PLACE (then {@code recv} supplies and receives)
     * @param recv the blocks received
     */
    record Alltoallv(VBuf send, VBuf recv) implements Collective {
        @Override
        public String name() {
            return "alltoallv";
        }
    }

    /**
     * MPI_Alltoallw.
     *
     * @param send the blocks sent, each with its own datatype; {@code null} for MPI_IN_PLACE
     * @param recv the blocks received
     */
    record Alltoallw(WBuf send, WBuf recv) implements Collective {
        @Override
        public String name() {
            return "alltoallw";
        }
    }

    /**
     * MPI_Reduce: the root's {@code recv} receives {@code send(0) op send(1) op ... op send(size-1)}.
     *
     * @param send this rank's operands; {@code IN_PLACE} at the root means they are in {@code recv}
     * @param recv the result at the root; {@code null} elsewhere
     * @param op the operation
     * @param root the root rank
     */
    record Reduce(Buf send, Buf recv, Op op, int root) implements Collective {
        @Override
        public String name() {
            return "reduce";
        }
    }

    /**
     * MPI_Allreduce.
     *
     * @param send this rank's operands; {@code IN_PLACE} means they are in {@code recv}
     * @param recv the result
     * @param op the operation
     */
    record Allreduce(Buf send, Buf recv, Op op) implements Collective {
        @Override
        public String name() {
            return "allreduce";
        }
    }

    /**
     * MPI_Reduce_scatter: the reduction of {@code send} is scattered, rank {@code i} receiving
     * {@code recvCounts[i]} elements.
     *
     * @param send the operands of every rank's block; {@code IN_PLACE} means they are in {@code recv}
     * @param recv this rank's block of the result (with {@code IN_PLACE}: the whole operand buffer)
     * @param recvCounts the count of each rank's block
     * @param op the operation
     */
    record ReduceScatter(Buf send, Buf recv, int[] recvCounts, Op op) implements Collective {
        @Override
        public String name() {
            return "reduce_scatter";
        }
    }

    /**
     * MPI_Reduce_scatter_block: as {@link ReduceScatter} with equal blocks of {@code recv}'s count.
     *
     * @param send {@code size} blocks of operands; {@code IN_PLACE} means they are in {@code recv}
     * @param recv this rank's block of the result (with {@code IN_PLACE}: the whole operand buffer)
     * @param op the operation
     */
    record ReduceScatterBlock(Buf send, Buf recv, Op op) implements Collective {
        @Override
        public String name() {
            return "reduce_scatter_block";
        }
    }

    /**
     * MPI_Scan: rank {@code i} receives {@code send(0) op ... op send(i)}.
     *
     * @param send this rank's operands; {@code IN_PLACE} means they are in {@code recv}
     * @param recv the prefix result
     * @param op the operation
     */
    record Scan(Buf send, Buf recv, Op op) implements Collective {
        @Override
        public String name() {
            return "scan";
        }
    }

    /**
     * MPI_Exscan: rank {@code i > 0} receives {@code send(0) op ... op send(i-1)}; rank 0's
     * {@code recv} is left unchanged.
     *
     * @param send this rank's operands; {@code IN_PLACE} means they are in {@code recv}
     * @param recv the exclusive prefix result
     * @param op the operation
     */
    record Exscan(Buf send, Buf recv, Op op) implements Collective {
        @Override
        public String name() {
            return "exscan";
        }
    }

    /**
     * Broadcast of an encoded object from the root.
     *
     * @param data the bytes at the root; {@code null} elsewhere
     * @param root the root rank
     * @param result receives the root's bytes, on every rank
     */
    record BcastBytes(byte[] data, int root, Result<byte[]> result) implements Collective {
        @Override
        public String name() {
            return "bcast(object)";
        }
    }

    /**
     * Gather of one encoded object per rank at the root.
     *
     * @param data this rank's bytes
     * @param root the root rank
     * @param result receives every rank's bytes in rank order, at the root only
     */
    record GatherBytes(byte[] data, int root, Result<List<byte[]>> result) implements Collective {
        @Override
        public String name() {
            return "gather(object)";
        }
    }

    /**
     * Scatter of one encoded object per rank from the root.
     *
     * @param data one element per rank, at the root; {@code null} elsewhere
     * @param root the root rank
     * @param result receives this rank's bytes
     */
    record ScatterBytes(List<byte[]> data, int root, Result<byte[]> result) implements Collective {
        @Override
        public String name() {
            return "scatter(object)";
        }
    }

    /**
     * All-gather of one encoded object per rank.
     *
     * @param data this rank's bytes
     * @param result receives every rank's bytes in rank order
     */
    record AllgatherBytes(byte[] data, Result<List<byte[]>> result) implements Collective {
        @Override
        public String name() {
            return "allgather(object)";
        }
    }

    /**
     * All-to-all of encoded objects: element {@code j} of rank {@code i}'s data goes to rank {@code j}.
     *
     * @param data one element per destination rank
     * @param result receives one element per source rank, in rank order
     */
    record AlltoallBytes(List<byte[]> data, Result<List<byte[]>> result) implements Collective {
        @Override
        public String name() {
            return "alltoall(object)";
        }
    }

    /**
     * The result slot of a byte-array collective, set by the provider before the call completes.
     *
     * @param <T> the type of the result
     */
    final class Result<T> {
        private final AtomicReference<T> value = new AtomicReference<>();

        /** Creates an empty slot. */
        public Result() {
        }

        /**
         * Stores the result.
         *
         * @param v the result
         */
        public void set(T v) {
            value.set(v);
        }

        /**
         * Returns the result.
         *
         * @return the stored result, or {@code null} if none was stored
         */
        public T get() {
            return value.get();
        }
    }
}
