package io.mpi4j.examples;

import io.mpi4j.Buf;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.Op;
import io.mpi4j.Status;

/**
 * A master hands out tasks to workers over an intercommunicator. The world is split into a master
 * group (rank 0) and a worker group (the other ranks); {@link Intracomm#createIntercomm} joins the
 * two. Over the intercommunicator, ranks name processes of the <em>other</em> group: the master
 * sends to workers 0 to {@code remoteSize() - 1}, and every worker sends to the master as rank 0.
 *
 * <p>The tasks are the integers 1 to {@code n}; a worker squares its task and replies with the
 * task and the square. The master gives each worker a new task as soon as it replies, and tells it
 * to stop with the {@code STOP} tag once none are left. Finally both groups merge into one
 * intracommunicator, master first, and count the tasks done with {@code allreduce}.
 *
 * {@snippet lang=shell :
 * ./mpi4jrun -n 4 -cp docs/target/classes io.mpi4j.examples.MasterWorker 20   # 20 tasks
 * }
 */
public final class MasterWorker {
    /** The tag of a message carrying a task. */
    static final int TASK = 1;
    /** The tag of a worker's reply. */
    static final int RESULT = 2;
    /** The tag that tells a worker to stop. */
    static final int STOP = 3;

    private MasterWorker() {
    }

    // tag::master[]
    /**
     * The master's loop: keeps every worker busy until all tasks are done.
     *
     * @param workers the intercommunicator, seen from the master's group
     * @param tasks the number of tasks
     * @return the sum of the squares of 1 to {@code tasks}
     */
    static long master(Intercomm workers, int tasks) {
        int next = 1;
        int busy = 0;
        for (int w = 0; w < workers.remoteSize(); w++) {   // one task to each worker to begin with
            if (next <= tasks) {
                workers.send(new long[] {next++}, w, TASK);
                busy++;
            } else {
                workers.send(new long[0], w, STOP);
            }
        }
        long sum = 0;
        long[] reply = new long[2];                          // the task and its square
        while (busy > 0) {
            Status s = workers.recv(reply, Mpi.ANY_SOURCE, RESULT);
            sum += reply[1];
            if (next <= tasks) {
                workers.send(new long[] {next++}, s.source(), TASK);   // s.source() is a rank of the worker group
            } else {
                workers.send(new long[0], s.source(), STOP);
                busy--;
            }
        }
        return sum;
    }
    // end::master[]

    // tag::worker[]
    /**
     * A worker's loop: squares the tasks it receives until it is told to stop.
     *
     * @param master the intercommunicator, seen from the workers' group: the master is remote rank 0
     * @return the number of tasks this worker did
     */
    static int worker(Intercomm master) {
        int done = 0;
        long[] task = new long[1];
        while (true) {
            Status s = master.recv(task, 0, Mpi.ANY_TAG);
            if (s.tag() == STOP) {
                return done;
            }
            master.send(new long[] {task[0], task[0] * task[0]}, 0, RESULT);
            done++;
        }
    }
    // end::worker[]

    /**
     * Runs the example on every rank; it needs at least two.
     *
     * @param args optionally the number of tasks (default 20)
     */
    public static void main(String[] args) {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (Mpi mpi = Mpi.init(args)) {
            Intracomm world = mpi.world();
            if (world.size() < 2) {
                throw new IllegalStateException("MasterWorker needs at least 2 ranks");
            }
            // tag::intercomm[]
            boolean isMaster = world.rank() == 0;
            try (Intracomm local = world.split(isMaster ? 0 : 1, world.rank()).orElseThrow();
                 // leaders: local rank 0 of each group, i.e. world ranks 0 (master) and 1 (first worker)
                 Intercomm inter = local.createIntercomm(0, world, isMaster ? 1 : 0, 99)) {
            // end::intercomm[]
                int done = 0;
                if (isMaster) {
                    long sum = master(inter, tasks);
                    System.out.println("sum of squares 1.." + tasks + " = " + sum + " (" + inter.remoteSize() + " workers)");
                } else {
                    done = worker(inter);
                }

                // tag::merge[]
                // the master's group passes high = false, so it comes first: the master is rank 0 of the merged communicator
                try (Intracomm all = inter.merge(!isMaster)) {
                    int[] total = new int[1];
                    all.allreduce(Buf.of(new int[] {done}), Buf.of(total), Op.SUM);
                    System.out.println("merged rank " + all.rank() + " of " + all.size() + ": " + total[0] + " tasks done");
                }
                // end::merge[]
            }
        }
    }
}
