package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Message;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A tour of point-to-point communication (MPI-4.1 chapter 3): the four send modes, nonblocking
 * operations, probe and matched probe with wildcards, persistent requests, the null process, and
 * errors. Every part prints what it observed. Needs at least 2 ranks.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.PointToPointTour
 * }
 */
public final class PointToPointTour {
    private PointToPointTour() {
    }

    /**
     * Runs the example on every rank.
     *
     * @param args the program arguments, handed to {@code Mpi.init}
     */
    public static void main(String[] args) {
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm comm = mpi.world();
            if (comm.size() < 2) {
                throw new IllegalStateException("PointToPointTour needs at least 2 ranks; run it with -n 2 or more");
            }
            sendModes(mpi, comm);
            nonblocking(comm);
            probe(comm);
            persistent(comm);
            procNull(comm);
            errors(comm);
        }
    }

    static void sendModes(Mpi mpi, Intracomm comm) {
        int rank = comm.rank();
        // tag::send-modes[]
        int[] data = {1, 2, 3};
        if (rank == 0) {
            comm.send(data, 1, 1);                     // standard: may return before the receive starts
            comm.ssend(Buf.of(data), 1, 2);            // synchronous: returns once the receive has matched
            mpi.attachBuffer(ByteBuffer.allocate(64 + Mpi.BSEND_OVERHEAD));
            comm.bsend(Buf.of(data), 1, 3);            // buffered: copied into the attached buffer
            mpi.detachBuffer();                        // waits until the buffered message is delivered
            comm.barrier();                            // now rank 1 has posted its receive of tag 4
            comm.rsend(Buf.of(data), 1, 4);            // ready: the receive must already be posted
        } else if (rank == 1) {
            int[] got = new int[3];
            for (int tag = 1; tag <= 3; tag++) {
                comm.recv(got, 0, tag);
            }
            Request<Status> ready = comm.irecv(got, 0, 4);
            comm.barrier();
            ready.await();
            System.out.println("send modes: 4 messages received, the last holds " + java.util.Arrays.toString(got));
        } else {
            comm.barrier();
        }
        // end::send-modes[]
    }

    static void nonblocking(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::nonblocking[]
        int right = (rank + 1) % size;
        int left = (rank + size - 1) % size;
        int[] out = {rank * 10};
        int[] in = new int[1];
        Request<Status> recv = comm.irecv(in, left, 5);   // both start at once: no ordering deadlock
        Request<Status> send = comm.isend(out, right, 5);
        Request.waitAll(recv, send);                       // do not touch out or in before this
        System.out.println("nonblocking: got " + in[0] + " from rank " + left);
        int[] twoAway = new int[1];                        // isendrecv (MPI-4.0): both in one request
        Status passed = comm.isendrecv(Buf.of(in), right, 8, Buf.of(twoAway), left, 8).await();
        System.out.println("isendrecv: got " + twoAway[0] + " from rank " + passed.source());
        // end::nonblocking[]
    }

    static void probe(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::probe[]
        if (rank != 0) {
            int[] payload = new int[rank];                 // messages of different sizes
            java.util.Arrays.fill(payload, rank);
            comm.send(payload, 0, 6);
            comm.send(payload, 0, 7);
        } else {
            for (int i = 1; i < size; i++) {              // probe: look at the envelope, then receive
                Status s = comm.probe(Mpi.ANY_SOURCE, 6);
                int[] msg = new int[(int) s.count(Datatype.INT)];
                comm.recv(msg, s.source(), s.tag());
                System.out.println("probe: " + msg.length + " ints from rank " + s.source());
            }
            for (int i = 1; i < size; i++) {              // mprobe: the matched message is ours alone
                Message m = comm.mprobe(Mpi.ANY_SOURCE, 7);    // not ANY_TAG: that could match a later message
                int[] msg = new int[(int) m.status().count(Datatype.INT)];
                Status s = m.recv(Buf.of(msg));
                System.out.println("mprobe: " + msg.length + " ints from rank " + s.source() + " with tag " + s.tag());
            }
        }
        // end::probe[]
    }

    static void persistent(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::persistent[]
        int right = (rank + 1) % size;
        int left = (rank + size - 1) % size;
        int[] halo = {rank};
        int[] ghost = new int[1];
        try (PersistentRequest<Status> send = comm.sendInit(Buf.of(halo), right, 8);
             PersistentRequest<Status> recv = comm.recvInit(Buf.of(ghost), left, 8)) {
            for (int step = 0; step < 3; step++) {
                PersistentRequest.startAll(List.of(recv, send));
                Request.waitAll(recv, send);
                halo[0] = ghost[0];                        // pass on what came from the left
            }
        }
        System.out.println("persistent: after 3 steps I hold " + halo[0]);
        // end::persistent[]
    }

    static void procNull(Intracomm comm) {
        int rank = comm.rank();
        int size = comm.size();
        // tag::proc-null[]
        int left = rank == 0 ? Mpi.PROC_NULL : rank - 1;            // a chain, not a ring:
        int right = rank == size - 1 ? Mpi.PROC_NULL : rank + 1;    // the ends talk to PROC_NULL
        int[] in = {-1};
        Status s = comm.sendrecv(Buf.of(new int[] {rank}), right, 9, Buf.of(in), left, 9);
        System.out.println("proc null: received " + in[0] + " from source " + s.source() + " (count " + s.count() + ")");
        // end::proc-null[]
    }

    static void errors(Intracomm comm) {
        int rank = comm.rank();
        // tag::errors[]
        try {
            comm.send(new int[1], comm.size(), 0);                  // there is no rank size
        } catch (MpiException e) {
            System.out.println("error: " + e.errorClass() + " - " + e.getMessage());
        }
        if (rank == 0) {
            comm.send(new int[10], 1, 10);
        } else if (rank == 1) {
            try {
                comm.recv(new int[5], 0, 10);                       // 10 ints do not fit in 5
            } catch (MpiException e) {
                System.out.println("truncated: " + (e.errorClass() == ErrorClass.ERR_TRUNCATE));
            }
        }
        comm.barrier();                                             // the communicator is still usable
        // end::errors[]
    }
}
