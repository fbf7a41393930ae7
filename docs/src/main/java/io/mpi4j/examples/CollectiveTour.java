package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.VBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A tour of the collective operations beyond the tutorial: {@code IN_PLACE}, the {@code v}
 * variants with {@link VBuf}, all-to-all, reduce-scatter, prefix reductions, nonblocking and
 * persistent collectives, user-defined operations, {@code MAXLOC} on value-index pairs, and object
 * reductions. Every rank prints what it got, one line per topic.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.CollectiveTour
 * }
 */
public final class CollectiveTour {
    private CollectiveTour() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            inPlace(comm);
            vVariants(comm);
            allToAll(comm);
            prefixes(comm);
            nonblocking(comm);
            persistent(comm);
            userOps(comm);
            maxloc(comm);
            objects(comm);
        }
    }

    private static void inPlace(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::in-place[]
        // allreduce in place: the operands are in the receive buffer, and the result replaces them
        double[] v = {rank, 1};
        comm.allreduce(Buf.IN_PLACE, Buf.of(v), Op.SUM);
        System.out.println("in place: sum of ranks " + v[0] + ", ranks " + v[1]);

        // gather in place: the root's own block is already where it belongs in the receive buffer
        int[] squares = new int[size];
        squares[rank] = rank * rank;
        if (rank == 0) {
            comm.gather(Buf.IN_PLACE, Buf.of(squares), 0);
            System.out.println("gather in place: " + Arrays.toString(squares));
        } else {
            comm.gather(Buf.of(squares, rank, 1), null, 0);
        }
        // end::in-place[]
    }

    private static void vVariants(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::vbuf[]
        // rank i contributes i + 1 copies of i: blocks of different sizes
        int[] counts = new int[size];
        Arrays.setAll(counts, i -> i + 1);
        int total = size * (size + 1) / 2;
        int[] mine = new int[rank + 1];
        Arrays.fill(mine, rank);

        // gatherv: the root lays the blocks out one after the other (displacements 0, 1, 3, 6, ...)
        int[] all = new int[total];
        comm.gatherv(Buf.of(mine), rank == 0 ? VBuf.of(Buf.of(all), counts) : null, 0);
        if (rank == 0) {
            System.out.println("gatherv: " + Arrays.toString(all));
        }

        // scatterv back, with explicit displacements: block i starts at displs[i]
        int[] displs = new int[size];
        for (int i = 1; i < size; i++) {
            displs[i] = displs[i - 1] + counts[i - 1];
        }
        int[] back = new int[rank + 1];
        comm.scatterv(rank == 0 ? VBuf.of(Buf.of(all), counts, displs) : null, Buf.of(back), 0);
        System.out.println("scatterv: " + Arrays.toString(back));

        // allgatherv: every rank gets every block
        int[] everywhere = new int[total];
        comm.allgatherv(Buf.of(mine), VBuf.of(Buf.of(everywhere), counts));
        System.out.println("allgatherv: " + Arrays.toString(everywhere));
        // end::vbuf[]
    }

    private static void allToAll(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::alltoall[]
        // alltoall: block j of my send buffer goes to rank j; block i of my receive buffer came from rank i
        int[] send = new int[size];
        Arrays.setAll(send, j -> 10 * rank + j);
        int[] recv = new int[size];
        comm.alltoall(Buf.of(send), Buf.of(recv));
        System.out.println("alltoall: " + Arrays.toString(recv));

        // reduceScatterBlock: reduce size blocks element-wise, then rank j keeps block j of the result
        int[] operands = new int[size];
        Arrays.setAll(operands, j -> rank + j);
        int[] myBlock = new int[1];
        comm.reduceScatterBlock(Buf.of(operands), Buf.of(myBlock), Op.SUM);
        System.out.println("reduceScatterBlock: " + myBlock[0]);
        // end::alltoall[]
    }

    private static void prefixes(Intracomm comm) {
        int rank = comm.rank();
        // tag::scan[]
        // scan: rank i gets x0 + ... + xi; exscan: x0 + ... + x(i-1), and rank 0's buffer is left alone
        int[] x = {rank + 1};
        int[] inclusive = new int[1];
        int[] exclusive = {-1};
        comm.scan(Buf.of(x), Buf.of(inclusive), Op.SUM);
        comm.exscan(Buf.of(x), Buf.of(exclusive), Op.SUM);
        System.out.println("scan: " + inclusive[0] + ", exscan: " + exclusive[0]);
        // end::scan[]
    }

    private static void nonblocking(Intracomm comm) {
        int rank = comm.rank();
        // tag::nonblocking[]
        // start the reduction, overlap it with other work, then complete it
        double[] factor = {rank + 1};
        double[] product = new double[1];
        Request<Status> reduction = comm.iallreduce(Buf.of(factor), Buf.of(product), Op.PROD);
        Request<Status> barrier = comm.ibarrier();
        double work = 0;
        for (int i = 1; i <= 1000; i++) {                // factor and product must not be touched here
            work += 1.0 / i;
        }
        Request.waitAll(reduction, barrier);
        System.out.printf("iallreduce: product %.1f (local work %.3f)%n", product[0], work);
        // end::nonblocking[]
    }

    private static void persistent(Intracomm comm) {
        int rank = comm.rank();
        // tag::persistent[]
        // set up once, start many times: the buffers are bound to the request
        long[] in = new long[1];
        long[] out = new long[1];
        List<Long> sums = new ArrayList<>();
        try (PersistentRequest<Status> sum = comm.allreduceInit(Buf.of(in), Buf.of(out), Op.SUM)) {
            for (int step = 1; step <= 3; step++) {
                in[0] = (long) step * rank;
                sum.start();
                sum.await();
                sums.add(out[0]);
            }
        }
        System.out.println("persistent: " + sums);
        // end::persistent[]
    }

    private static void userOps(Intracomm comm) {
        int rank = comm.rank();
        // tag::user-ops[]
        // a commutative operation from a double function: the largest magnitude
        Op absMax = Op.ofDoubles((a, b) -> Math.max(Math.abs(a), Math.abs(b)), true);
        double[] value = {(rank % 2 == 0 ? -2.0 : 1.0) * rank};
        double[] largest = new double[1];
        comm.allreduce(Buf.of(value), Buf.of(largest), absMax);

        // a non-commutative one: the first non-zero operand, in rank order (a is the lower rank's)
        Op firstNonZero = Op.ofLongs((a, b) -> a != 0 ? a : b, false);
        long[] mine = {rank % 2 == 1 ? 100L * rank : 0};
        long[] first = new long[1];
        comm.scan(Buf.of(mine), Buf.of(first), firstNonZero);
        System.out.println("user ops: absMax " + largest[0] + ", first non-zero so far " + first[0]);
        // end::user-ops[]
    }

    private static void maxloc(Intracomm comm) {
        int rank = comm.rank();
        // tag::maxloc[]
        // DOUBLE_INT is C's struct { double value; int index; }: value at byte 0, index at byte 8
        double value = (rank * 5) % 7;
        ByteBuffer in = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        in.putDouble(0, value).putInt(8, rank);
        ByteBuffer out = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        comm.allreduce(Buf.of(in, Datatype.DOUBLE_INT, 1), Buf.of(out, Datatype.DOUBLE_INT, 1), Op.MAXLOC);
        System.out.println("maxloc: " + out.getDouble(0) + " at rank " + out.getInt(8));
        // end::maxloc[]
    }

    private static void objects(Intracomm comm) {
        int rank = comm.rank();
        // tag::object-reductions[]
        // object reductions fold with any BinaryOperator, in rank order (concatenation is not commutative)
        String all = comm.allreduceObject(String.valueOf(rank), String::concat);
        String prefix = comm.scanObject(String.valueOf(rank), String::concat);
        List<String> fromEach = comm.alltoallObject(
                IntStream.range(0, comm.size()).mapToObj(j -> rank + "->" + j).toList());
        System.out.println("objects: allreduce " + all + ", scan " + prefix + ", alltoall " + fromEach);
        // end::object-reductions[]
    }
}
