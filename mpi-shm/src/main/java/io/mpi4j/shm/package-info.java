/**
 * The {@code shm} provider: every rank is a JVM process on one machine, and messages travel
 * through Chronicle Queue files in a private job directory.
 *
 * <h2>Starting a job</h2>
 * {@code ./mpi4jrun --provider shm -n 4 -cp app.jar com.example.Main} (module {@code mpi-run}),
 * or {@link io.mpi4j.shm.ShmLauncher} directly ({@code -n N [--timeout S] [--no-tag]
 * [--tmpdir DIR] -cp CP MAIN ARGS} or {@code --exec COMMAND ARGS}, as {@code mpiexec}). The
 * launcher creates the job directory (mode 0700, unique; under {@code /dev/shm} where there is
 * one), starts the ranks with {@link io.mpi4j.shm.ShmJob#JVM_FLAGS} (Chronicle's
 * {@code --add-opens}/{@code --add-exports} on Java 25, its analytics disabled), tags their output
 * lines {@code [rank]}, stops every rank when one fails, and deletes the directory in every case.
 * A script of one's own can start the ranks instead: the environment variables are those of
 * {@link io.mpi4j.shm.ShmJob}.
 *
 * <h2>Queue layout, and why</h2>
 * One Chronicle Queue per destination rank ({@code JOB_DIR/q/RANK}): every rank appends to it,
 * only that rank tails it, and the receiver matches locally against its posted and unexpected
 * receives, as {@code sim} does. One tailer per rank gives a single arrival order (non-overtaking
 * per sender holds because each sender appends in program order) and wildcard receives without
 * scanning N sources; N queues instead of N² per-pair ones keep files and mappings linear in the
 * number of ranks. The price is that senders to one rank contend for its queue's write lock,
 * held for the length of one small record. Records ({@link io.mpi4j.shm.ShmRecord}) carry up
 * to 64 KiB inline; longer messages go through a side-band segment that the record names
 * ({@code JOB_DIR/big}), so the queue stays small and unmatched big messages stay off the heap.
 *
 * <h2>Side-band segments, and why</h2>
 * Each rank keeps a pool of segments per destination ({@code big/pSOURCE-DEST-SLOT}, at most
 * {@code -Dmpi4j.shm.poolBytes}, 64 MiB by default), mapped once on both sides and reused once the
 * receiver has freed them, so a long message costs no file creation, page faults or unmap. The
 * record is appended before the payload is copied, and the sender publishes its progress every
 * 256 KiB, so a receiver that has matched the message copies one chunk out while the next is
 * copied in: one copy's time instead of two in a row (16 MiB ping-pong: 1.3–2.0 GB/s with a new
 * file per message, 6.3–10.2 GB/s pooled and pipelined, on a loaded 2-core machine). Sends stay
 * eager, so ordering and out-of-order matching are those of inline messages; a message that finds
 * no free pooled segment within the budget gets a one-shot file, deleted by its receiver. See
 * {@code ShmSideband} for the header and hand-over.
 * Queues roll every five minutes ({@code -Dmpi4j.shm.rollCycle}) and each rank deletes the files
 * of its own queue once read, so disk use stays bounded in a long run.
 *
 * <h2>Communicators</h2>
 * A communicator is a pair of matching contexts (point-to-point, collectives) and the world
 * ranks of its members; collectives and topologies use the SPI's default algorithms. A new
 * communicator takes the largest next-free context proposed by its members, which is fresh for
 * all of them (see {@code ShmContexts}).
 *
 * <h2>Failures</h2>
 * A rank that dies without finalizing (even {@code kill -9}) is noticed by the others within
 * 200 ms through its pid ({@code ERR_PROC_ABORTED}, naming it); {@code abort} writes an abort
 * marker with the same effect; ranks exit when their launcher is gone; a malformed record fails
 * its reader with {@code ERR_INTERN} instead of hanging it. A receiver waiting for a side-band
 * chunk runs the same checks, so a sender killed in the middle of a long message fails it too.
 * A rank that closes MPI normally while another still waits for it (a receive, probe or
 * synchronous send with it, a collective step that needs it) fails that wait with
 * {@code ERR_OTHER}, naming both, after a grace period ({@code -Dmpi4j.shm.closingGraceMillis},
 * 1000 by default) and once everything the closed rank sent has been read: its messages are still
 * delivered, and a wildcard receive is failed only when every possible sender has closed.
 * {@code Mpi.init} is refused while an {@code Mpi} of the JVM is open, and after it was closed.
 */
package io.mpi4j.shm;
