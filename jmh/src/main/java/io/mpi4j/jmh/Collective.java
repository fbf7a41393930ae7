package io.mpi4j.jmh;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Op;

/**
 * The benchmarked collectives (MPI-4.1 chapter 6) on {@code double} data, with the meaning of a
 * benchmark's {@code size}: the bytes each rank contributes per peer, as in {@code bench/c}.
 */
public enum Collective {
    /** MPI-4.1 §6.3, MPI_Barrier; the size is ignored. */
    BARRIER {
        @Override
        Step step(Intracomm world, int bytes) {
            return world::barrier;
        }
    },
    /** MPI-4.1 §6.4, MPI_Bcast of {@code size} bytes from rank 0. */
    BCAST {
        @Override
        Step step(Intracomm world, int bytes) {
            Buf buf = Buf.of(new double[count(bytes)]);
            return () -> world.bcast(buf, 0);
        }
    },
    /** MPI-4.1 §6.9.6, MPI_Allreduce with {@link Op#SUM} of {@code size} bytes. */
    ALLREDUCE {
        @Override
        Step step(Intracomm world, int bytes) {
            double[] send = new double[count(bytes)];
            java.util.Arrays.fill(send, world.rank());
            Buf s = Buf.of(send);
            Buf r = Buf.of(new double[send.length]);
            return () -> world.allreduce(s, r, Op.SUM);
        }
    },
    /** MPI-4.1 §6.7, MPI_Allgather: {@code size} bytes from each rank to all. */
    ALLGATHER {
        @Override
        Step step(Intracomm world, int bytes) {
            int n = count(bytes);
            Buf s = Buf.of(new double[n]);
            Buf r = Buf.of(new double[n * world.size()]);
            return () -> world.allgather(s, r);
        }
    },
    /** MPI-4.1 §6.8, MPI_Alltoall: a block of {@code size} bytes from each rank to each rank. */
    ALLTOALL {
        @Override
        Step step(Intracomm world, int bytes) {
            int n = count(bytes) * world.size();
            Buf s = Buf.of(new double[n]);
            Buf r = Buf.of(new double[n]);
            return () -> world.alltoall(s, r);
        }
    };

    /**
     * Creates the step of the calling rank, with its buffers.
     *
     * @param world the rank's world communicator
     * @param bytes the size in bytes (a multiple of 8)
     * @return the step
     */
    abstract Step step(Intracomm world, int bytes);

    private static int count(int bytes) {
        return Math.max(1, bytes / Double.BYTES);
    }
}
