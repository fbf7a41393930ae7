package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.NeighborCollective;
import io.mpi4j.spi.SpiRequest;

/**
 * The neighbourhood collectives (MPI-4.1 §8.6) as the library's MPI_Neighbor_allgather(v) and
 * MPI_Neighbor_alltoall(v/w), blocking or nonblocking, on communicators the library built with a
 * topology (MPI_Cart_create, MPI_Graph_create, MPI_Dist_graph_create_adjacent, and their
 * duplicates): the library knows the neighbours, in the order the API uses. Not where some process
 * has a repeated neighbour (a periodic dimension of size 1 or 2, a repeated edge): Open MPI 4.1
 * pairs those messages wrongly, so the glue checks at creation, all ranks agreeing, and the API's
 * algorithm serves. The all-to-all goes as the v form with equal blocks (see {@code neighbors.c}). The API has replaced
 * derived datatypes by their signatures; predefined datatypes other than BOOLEAN and counts an
 * {@code int} holds go to the library, anything else stays with the API's point-to-point
 * algorithm, decided from what matching calls share (the datatypes and counts).
 */
final class NativeNeighborCollectives {
    /** The calls this process has made in the library: for the provider's tests. */
    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    private NativeNeighborCollectives() {
    }

    /**
     * Returns how many neighbourhood collectives this process has run in the library.
     *
     * @return the count
     */
    static long calls() {
        return CALLS.get();
    }

    /**
     * Tells whether the library runs this call (given a communicator with a topology).
     *
     * @param call the neighbourhood collective
     * @return whether {@link #run} takes it
     */
    static boolean supports(NeighborCollective call) {
        return switch (call) {
            case NeighborCollective.Allgather c -> predefined(c.send(), c.recv());
            case NeighborCollective.Allgatherv c -> predefined(c.send(), c.recv().buf());
            case NeighborCollective.Alltoall c -> predefined(c.send(), c.recv());
            case NeighborCollective.Alltoallv c -> predefined(c.send().buf(), c.recv().buf());
            case NeighborCollective.Alltoallw c -> predefined(c.send()) && predefined(c.recv());
        };
    }

    /**
     * Predefined datatypes the library can take as they are, and counts an int holds. Not BOOLEAN:
     * a {@code boolean[]} has no memory the library could use; the API stages it on its own path.
     */
    private static boolean predefined(Buf... bufs) {
        for (Buf b : bufs) {
            if (!mappable(b.datatype()) || b.count() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static boolean mappable(Datatype t) {
        return Types.code(t) >= 0 && t != Datatype.BOOLEAN;
    }

    private static boolean predefined(WBuf w) {
        for (Datatype t : w.types()) {
            if (!mappable(t)) {
                return false;
            }
        }
        for (int c : w.counts()) {
            if (c < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the call: blocking, or started with its request returned.
     *
     * @param comm a communicator with a topology
     * @param call a call {@link #supports} takes
     * @param start whether to start the nonblocking form
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest run(JniComm comm, NeighborCollective call, boolean start) {
        int[] degrees = comm.degrees();
        int in = degrees[0];
        int outDegree = degrees[1];
        NativeCollectives.Frame f = new NativeCollectives.Frame(!start);
        long h = comm.handle;
        CALLS.incrementAndGet();
        return NativeCollectives.complete(comm, call.name(), f, start, out -> switch (call) {
                case NeighborCollective.Allgather c -> {
                    int sc = (int) c.send().count();
                    // without in-neighbours the receive count is the send count: Open MPI 4.1's
                    // MPI_Neighbor_allgather returns at once, sending nothing, when it is 0
                    int rcount = in == 0 ? sc : (int) (c.recv().count() / in);
                    yield JniNeighbors.neighbor(h, 0, f.in(c.send()), sc, 0, 0, code(c.send()), 0, outDegree,
                            f.out(c.recv()), rcount, 0, 0, code(c.recv()), 0, in, start, f.sendArray(), f.recvArray(), out);
                }
                case NeighborCollective.Allgatherv c -> {
                    VBuf r = c.recv();
                    yield JniNeighbors.neighbor(h, 1, f.in(c.send()), (int) c.send().count(), 0, 0, code(c.send()), 0,
                            outDegree, f.out(r.buf()), 0, f.ints(r.counts()), f.ints(r.displs()), code(r.buf()), 0, in,
                            start, f.sendArray(), f.recvArray(), out);
                }
                case NeighborCollective.Alltoall c -> {
                    // equal blocks, given as the v form's counts and displacements (see neighbors.c)
                    int sc = outDegree == 0 ? 0 : (int) (c.send().count() / outDegree);
                    int rcount = in == 0 ? 0 : (int) (c.recv().count() / in);
                    yield JniNeighbors.neighbor(h, 2, f.in(c.send()), 0, f.ints(uniform(outDegree, sc)),
                            f.ints(steps(outDegree, sc)), code(c.send()), 0, outDegree, f.out(c.recv()), 0,
                            f.ints(uniform(in, rcount)), f.ints(steps(in, rcount)), code(c.recv()), 0, in, start, f.sendArray(),
                            f.recvArray(), out);
                }
                case NeighborCollective.Alltoallv c -> {
                    VBuf s = c.send();
                    VBuf r = c.recv();
                    yield JniNeighbors.neighbor(h, 3, f.in(s.buf()), 0, f.ints(s.counts()), f.ints(s.displs()), code(s.buf()),
                            0, outDegree, f.out(r.buf()), 0, f.ints(r.counts()), f.ints(r.displs()), code(r.buf()), 0, in,
                            start, f.sendArray(), f.recvArray(), out);
                }
                case NeighborCollective.Alltoallw c -> {
                    WBuf s = c.send();
                    WBuf r = c.recv();
                    yield JniNeighbors.neighbor(h, 4, f.in(Buf.of(s.memory())), 0, f.ints(s.counts()), f.longs(s.byteDispls()),
                            0, f.longs(NativeCollectives.codes(s)), outDegree, f.out(Buf.of(r.memory())), 0, f.ints(r.counts()),
                            f.longs(r.byteDispls()), 0, f.longs(NativeCollectives.codes(r)), in, start, f.sendArray(),
                            f.recvArray(), out);
                }
            });
    }

    /** {@code n} counts of {@code block}. */
    private static int[] uniform(int n, int block) {
        int[] r = new int[n];
        java.util.Arrays.fill(r, block);
        return r;
    }

    /** The displacements of {@code n} consecutive blocks of {@code block} elements. */
    private static int[] steps(int n, int block) {
        int[] r = new int[n];
        for (int i = 1; i < n; i++) {
            r[i] = Math.multiplyExact(i, block);
        }
        return r;
    }

    private static int code(Buf b) {
        return Types.code(b.datatype());
    }
}
