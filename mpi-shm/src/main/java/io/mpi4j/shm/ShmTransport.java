package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Status;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SpiRequest;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One rank's end of the {@code shm} transport: a Chronicle Queue per destination rank in the job
 * directory, which every rank appends to and only the destination tails ({@code ManyToOne} per
 * destination), and the matching queues of this rank (posted receives, unexpected messages), as in
 * {@code sim}.
 *
 * <h2>Why one queue per destination</h2>
 * A receiver tails one queue, so a wildcard receive needs no scan over N sources and arrival order
 * is a single total order (non-overtaking per sender follows from each sender appending in
 * program order). N queues for N ranks, instead of N² per-pair queues, keeps file and mapping
 * counts linear for many ranks; the price is that senders to one destination contend for its
 * queue's write lock, which Chronicle holds only for the length of one record.
 *
 * <h2>Records and files</h2>
 * The layout of a record is {@link ShmRecord}'s; messages longer than
 * {@link ShmRecord#INLINE_MAX} travel in side-band segments ({@link ShmSideband}, pooled per pair
 * and pipelined; read by {@link ShmSidebandReader}). The queues roll
 * every {@link #rollCycle()} (five minutes unless {@code -Dmpi4j.shm.rollCycle} names another
 * Chronicle roll cycle), and the receiver deletes a cycle's file once its queue instance releases
 * it, that is once the tailer has read past it: disk use is bounded by what was sent in the
 * last cycle or two, however long the job runs.
 *
 * <h2>Failures</h2>
 * Waiting threads look every {@link #CHECK_NANOS} for the abort marker and for peers that died
 * without finalizing ({@link #checkFailure}), and for peers that closed MPI normally ({@code
 * done/RANK}): a wait that only such a peer could complete fails with {@code ERR_OTHER} once the
 * grace period ({@value #CLOSING_GRACE_PROPERTY}, 1 s) has passed and this rank's queue has been
 * read to its end since the peer was seen closed (see {@link #closedPeer}). Sends are eager, so
 * what a closed rank sent is in the queue by then, and is still delivered.
 */
final class ShmTransport implements AutoCloseable {
    /** The Chronicle block size (the mapping granularity of the queue files). */
    static final long BLOCK_SIZE = 64L << 20;
    /** The system property naming the roll cycle of the queues. */
    static final String ROLL_CYCLE_PROPERTY = "mpi4j.shm.rollCycle";
    /** How often waiting threads look for dead peers and the abort marker. */
    static final long CHECK_NANOS = 200_000_000L;
    /** The system property: how long a wait on a closed rank is tolerated (milliseconds). */
    static final String CLOSING_GRACE_PROPERTY = "mpi4j.shm.closingGraceMillis";

    final Path jobDir;
    final int rank;
    final int size;
    private final ChronicleQueue[] queues;
    private final ExcerptAppender[] appenders;
    private final ExcerptTailer tailer;
    private final ProcessHandle[] peers;
    private final long[] pids;
    /** Guards the tailer and the matching queues. */
    final ReentrantLock lock = new ReentrantLock();
    private final List<Incoming> unexpected = new ArrayList<>();
    private final List<Posted> posted = new ArrayList<>();
    private final ShmSideband sideband;
    private final ShmSidebandReader sidebandReader;
    private final Map<Long, ShmRequest> syncSends = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long nextCheck;
    private volatile MpiException failed;
    private volatile boolean closed;
    private volatile Thread progress;
    /**
     * {@code System.nanoTime()} at which this rank first saw each other rank's {@code done} marker
     * (it closed MPI normally); 0 while it has not.
     */
    private final AtomicLongArray closedAt;
    private final AtomicInteger closedCount = new AtomicInteger();
    /**
     * When the latest {@link #poll} that read this rank's queue to its end began: a rank closes
     * only after its sends returned, and a send returns only once its record is in the queue, so
     * once a poll begun after a rank was seen closed has read the queue to its end, everything that
     * rank will ever send here has been matched or is among the unexpected messages.
     */
    private volatile long drainedAt;
    private final long closingGraceNanos = closingGraceMillis() * 1_000_000L;

    /**
     * A message that has arrived and is not yet matched.
     *
     * @param data the payload, or {@code null} if it is in a side-band segment
     * @param slot the side-band slot of a side-band message (0: a one-shot file)
     */
    record Incoming(int context, int source, int tag, byte[] data, long length, boolean sync, long seq, int slot) {
    }

    /** A receive posted before its message arrived. */
    record Posted(int context, int source, int tag, RecvTarget target, ShmRequest request, ShmComm comm) {
    }

    ShmTransport(Path jobDir, int rank, int size) {
        this.jobDir = jobDir;
        this.rank = rank;
        this.size = size;
        this.queues = new ChronicleQueue[size];
        this.appenders = new ExcerptAppender[size];
        this.peers = new ProcessHandle[size];
        this.pids = new long[size];
        this.closedAt = new AtomicLongArray(size);
        try {
            Files.createDirectories(jobDir.resolve("q"));
            Files.createDirectories(jobDir.resolve("pid"));
            Files.createDirectories(jobDir.resolve("done"));
            sideband = new ShmSideband(jobDir, rank, size);
            sidebandReader = new ShmSidebandReader(jobDir, rank, size, this::checkFailure);
            queues[rank] = open(rank);
            tailer = queues[rank].createTailer();
            tailer.singleThreadedCheckDisabled(true);
            Path tmp = jobDir.resolve("pid").resolve(rank + ".tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
            Files.move(tmp, jobDir.resolve("pid").resolve(Integer.toString(rank)), StandardCopyOption.ATOMIC_MOVE);
            awaitPeers();
            for (int r = 0; r < size; r++) {
                if (queues[r] == null) {
                    queues[r] = open(r);
                }
                appenders[r] = queues[r].createAppender();
                appenders[r].singleThreadedCheckDisabled(true);
            }
        } catch (IOException e) {
            close();
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: cannot open the job directory " + jobDir + ": " + e, e);
        }
    }

    private ChronicleQueue open(int dest) {
        SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(jobDir.resolve("q").resolve(Integer.toString(dest)))
                .blockSize(BLOCK_SIZE).rollCycle(rollCycle());
        if (dest == rank) {
            // Released = neither this rank's tailer nor its own appender needs the cycle any more;
            // writers of other ranks have moved on too (a roll writes an end marker under the
            // queue's write lock, and the tailer leaves a cycle only at that marker), so the file
            // can go. A writer that still has it mapped keeps its pages until it unmaps.
            b.storeFileListener((cycle, file) -> {
                try {
                    Files.deleteIfExists(file.toPath());
                } catch (IOException ignored) {
                    // the job directory is deleted at the end anyway
                }
            });
        }
        return b.build();
    }

    /**
     * The roll cycle of the queues: {@code FIVE_MINUTELY}, or the one named by the system property
     * {@value #ROLL_CYCLE_PROPERTY} (any of Chronicle's {@code RollCycles}, or {@code TEST_SECONDLY}
     * and the other test cycles, for tests). Every rank of a job must use the same.
     */
    static RollCycle rollCycle() {
        String name = System.getProperty(ROLL_CYCLE_PROPERTY, "FIVE_MINUTELY").strip();
        for (RollCycle c : RollCycles.values()) {
            if (c.toString().equals(name)) {
                return c;
            }
        }
        for (RollCycle c : TestRollCycles.values()) {
            if (c.toString().equals(name)) {
                return c;
            }
        }
        throw new MpiException(ErrorClass.ERR_ARG, "shm: -D" + ROLL_CYCLE_PROPERTY + "=" + name
                + " is not a Chronicle roll cycle; use one of " + java.util.Arrays.toString(RollCycles.values()));
    }

    /** Waits (at most 120 s) until every rank has written its pid: the queues all exist then. */
    private void awaitPeers() throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        Backoff idle = Backoff.forJob(size);
        for (int r = 0; r < size; r++) {
            Path p = jobDir.resolve("pid").resolve(Integer.toString(r));
            while (!Files.exists(p)) {
                checkAbortMarker();
                if (System.nanoTime() - deadline > 0) {
                    throw new MpiException(ErrorClass.ERR_OTHER, "shm: rank " + r + " did not start within 120 s (job "
                            + jobDir + ", size=" + size + "); start every rank with the same MPI4J_SHM_JOB_DIR");
                }
                idle.idle(0);
            }
            idle.reset();
            pids[r] = Long.parseLong(Files.readString(p).strip());
            peers[r] = ProcessHandle.of(pids[r]).orElse(null);
        }
    }

    // ---- sending ----

    /**
     * Appends a message to the destination's queue, inline or through a side-band file; returns
     * its sequence number.
     */
    long send(int context, int destWorld, int tag, Buf buf, boolean sync, ShmRequest syncRequest) {
        long bytes = buf.byteSize();
        long seq = sequence.incrementAndGet();
        if (sync) {
            syncSends.put(seq, syncRequest);
        }
        MemorySegment src = bytes == 0 ? MemorySegment.NULL : buf.segment();
        ExcerptAppender appender = appenders[destWorld];
        if (bytes > ShmRecord.INLINE_MAX) {
            ShmSideband.Out out = sideband.open(destWorld, seq, bytes);
            try {
                // the record goes first, so that a waiting receiver copies out while this copies in
                synchronized (appender) {
                    try (DocumentContext dc = appender.writingDocument()) {
                        ShmRecord.writeHeader(dc.wire().bytes(), sync ? ShmRecord.SYNC_BIG : ShmRecord.BIG, context, rank, tag,
                                seq, bytes, out.slot());
                    }
                }
                out.copyFrom(src, bytes);
            } finally {
                sideband.release(out);
            }
            return seq;
        }
        int n = (int) bytes;
        byte[] scratch = new byte[n];
        if (n > 0) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, scratch, 0, n);
        }
        synchronized (appender) {
            try (DocumentContext dc = appender.writingDocument()) {
                Bytes<?> b = dc.wire().bytes();
                ShmRecord.writeHeader(b, sync ? ShmRecord.SYNC_DATA : ShmRecord.DATA, context, rank, tag, seq, n, n);
                b.write(scratch, 0, n);
            }
        }
        return seq;
    }

    private void sendAck(int destWorld, long seq) {
        ExcerptAppender appender = appenders[destWorld];
        synchronized (appender) {
            try (DocumentContext dc = appender.writingDocument()) {
                ShmRecord.writeHeader(dc.wire().bytes(), ShmRecord.ACK, -1, rank, 0, seq, 0, 0);
            }
        }
    }

    // ---- receiving ----

    /** Posts a receive, or matches it at once against the unexpected messages. */
    void irecv(int context, int sourceWorld, int tag, RecvTarget target, ShmRequest req, ShmComm comm) {
        lock.lock();
        try {
            for (Iterator<Incoming> it = unexpected.iterator(); it.hasNext();) {
                Incoming in = it.next();
                if (matches(in, context, sourceWorld, tag)) {
                    it.remove();
                    deliver(in, target, req, comm);
                    return;
                }
            }
            Posted p = new Posted(context, sourceWorld, tag, target, req, comm);
            req.posted = p;
            posted.add(p);
        } finally {
            lock.unlock();
        }
        poll();
    }

    /** Withdraws a posted receive. */
    boolean removePosted(Posted p) {
        lock.lock();
        try {
            return posted.remove(p);
        } finally {
            lock.unlock();
        }
    }

    /** The first unexpected message that matches, removed if {@code take}. */
    Incoming find(int context, int sourceWorld, int tag, boolean take) {
        poll();
        lock.lock();
        try {
            for (Iterator<Incoming> it = unexpected.iterator(); it.hasNext();) {
                Incoming in = it.next();
                if (matches(in, context, sourceWorld, tag)) {
                    if (take) {
                        it.remove();
                    }
                    return in;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private static boolean matches(Incoming in, int context, int sourceWorld, int tag) {
        return in.context == context && (sourceWorld == Mpi.ANY_SOURCE || sourceWorld == in.source)
                && (tag == Mpi.ANY_TAG || tag == in.tag);
    }

    /**
     * Fails a receive whose buffer the completing thread may not write (memory confined to
     * another thread): the message counts as received, acknowledged if synchronous, and its
     * sideband data is released.
     */
    private void refuse(Incoming in, RecvTarget target, ShmRequest req, ShmComm comm) {
        if (in.sync) {
            sendAck(in.source, in.seq);
        }
        if (in.data == null) {
            sidebandReader.drop(in.source, in.slot, in.seq, in.length);
        }
        int source = comm.rankOfWorld(in.source);
        req.complete(new Status(source, in.tag, 0, target.datatype(), false, ErrorClass.ERR_BUFFER),
                SpiRequest.completedOffTheMemorysThread(req.describe(), "the message from source=" + source + ", tag=" + in.tag));
    }

    /** Copies a message into a receive's buffer (truncating if it does not fit) and completes the receive. */
    void deliver(Incoming in, RecvTarget target, ShmRequest req, ShmComm comm) {
        if (in.sync) {
            sendAck(in.source, in.seq);
        }
        int source = comm.rankOfWorld(in.source);
        long bytes = in.length;
        Buf dst;
        try {
            dst = target.bufferFor(bytes);
        } catch (MpiException e) {
            if (in.data == null) {
                sidebandReader.drop(in.source, in.slot, in.seq, in.length);
            }
            req.complete(new Status(source, in.tag, 0, target.datatype(), false, e.errorClass()), e);
            return;
        }
        long capacity = dst.byteSize();
        long n = Math.min(bytes, capacity);
        if (in.data == null) {
            try {
                sidebandReader.read(in.source, in.slot, in.seq, bytes, n == 0 ? MemorySegment.NULL : dst.segment(), n,
                        Backoff.forJob(size));
            } catch (MpiException e) {
                req.complete(new Status(source, in.tag, 0, target.datatype(), false, e.errorClass()), e);
                return;
            }
        } else if (n > 0) {
            MemorySegment.copy(in.data, 0, dst.segment(), ValueLayout.JAVA_BYTE, 0, (int) n);
        }
        if (n < bytes) {
            MpiException e = new MpiException(ErrorClass.ERR_TRUNCATE, "recv: message of " + bytes + " bytes (source="
                    + source + ", tag=" + in.tag + ", comm=" + comm.displayName() + ") is longer than the receive buffer of "
                    + capacity + " bytes; the first " + capacity + " bytes were stored");
            req.complete(new Status(source, in.tag, n, target.datatype(), false, ErrorClass.ERR_TRUNCATE), e);
        } else {
            req.complete(new Status(source, in.tag, n, target.datatype(), false, ErrorClass.SUCCESS), null);
        }
    }

    /**
     * Reads what has arrived in this rank's queue and matches it, if no other thread is doing so.
     *
     * @return the number of records read (a work count for {@link Backoff})
     */
    int poll() {
        if (closed || failed != null || !lock.tryLock()) {
            return 0;
        }
        int work = 0;
        // only needed (and only paid for) once a peer has closed
        long start = closedCount.get() > 0 ? System.nanoTime() : 0;
        try {
            while (work < 256) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        if (start != 0) {
                            drainedAt = start;
                        }
                        break;
                    }
                    handle(dc.wire().bytes());
                } catch (MpiException e) {
                    // A malformed record: its message cannot be matched to anything, and waiting
                    // for it would hang, so this rank's transport fails. The next MPI call on any
                    // thread throws it (checkFailure); polling throws nothing, so that no caller
                    // loses a request it was handed.
                    failed = e;
                    break;
                }
                work++;
            }
        } finally {
            lock.unlock();
        }
        return work;
    }

    /** Decodes one record; a malformed one fails with ERR_INTERN instead of corrupting the matching state. */
    void handle(Bytes<?> b) {
        switch (ShmRecord.decode(b, size, rank)) {
            case ShmRecord.Ack ack -> {
                ShmRequest r = syncSends.remove(ack.seq());
                if (r != null) {
                    r.completeSend();
                }
            }
            case ShmRecord.Message m -> arrive(new Incoming(m.context(), m.source(), m.tag(), m.inline(), m.length(), m.sync(), m.seq(),
                    m.slot()));
        }
    }

    private void arrive(Incoming in) {
        for (Iterator<Posted> it = posted.iterator(); it.hasNext();) {
            Posted p = it.next();
            if (matches(in, p.context, p.source, p.tag)) {
                it.remove();
                p.request().posted = null;
                if (p.target.writableBy(Thread.currentThread())) {
                    deliver(in, p.target, p.request, p.comm);
                } else {
                    // a confined segment: only its owner may write it, when it next looks at the request
                    p.request().handOver(p.target, () -> deliver(in, p.target, p.request, p.comm),
                            () -> refuse(in, p.target, p.request, p.comm));
                }
                return;
            }
        }
        unexpected.add(in);
    }

    // ---- failures ----

    /**
     * Throws if the job has failed: the abort marker exists, or a peer died without finalizing.
     * Looks at most every 200 ms.
     */
    void checkFailure() {
        MpiException f = failed;
        if (f == null) {
            long now = System.nanoTime();
            if (now - nextCheck < 0) {
                return;
            }
            nextCheck = now + CHECK_NANOS;
            checkAbortMarker();
            for (int r = 0; r < size && failed == null; r++) {
                ProcessHandle h = peers[r];
                if (r != rank && (h == null || !h.isAlive()) && !Files.exists(jobDir.resolve("done").resolve(Integer.toString(r)))) {
                    String why = "rank " + r + " (pid " + pids[r] + ") died without finalizing";
                    writeAbort(why); // the others learn the first cause, not this rank's exit
                    failed = new MpiException(ErrorClass.ERR_PROC_ABORTED, "shm: " + why + "; the job cannot continue");
                }
            }
            f = failed;
            if (f == null) {
                scanClosed(now);
                return;
            }
        }
        throw new MpiException(f.errorClass(), f.getMessage());
    }

    // ---- peers that closed MPI (a normal finalize) while this rank may still wait for them ----

    /**
     * The grace period of a wait on a closed rank: {@value #CLOSING_GRACE_PROPERTY} milliseconds,
     * 1000 by default.
     */
    static long closingGraceMillis() {
        String v = System.getProperty(CLOSING_GRACE_PROPERTY, "1000").strip();
        try {
            long ms = Long.parseLong(v);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MpiException(ErrorClass.ERR_ARG, "shm: -D" + CLOSING_GRACE_PROPERTY + "=" + v
                + " is not a number of milliseconds (>= 0)");
    }

    /** Notes the ranks whose {@code done} marker has appeared (one directory listing). */
    private void scanClosed(long now) {
        if (closedCount.get() >= size - 1) {
            return;
        }
        String[] names = jobDir.resolve("done").toFile().list();
        if (names == null) {
            return;
        }
        for (String n : names) {
            int r;
            try {
                r = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                continue;
            }
            if (r >= 0 && r < size && r != rank && closedAt.compareAndSet(r, 0, now)) {
                closedCount.incrementAndGet();
            }
        }
    }

    /** Whether some other rank has been seen closed: until then, waits need not look. */
    boolean anyClosed() {
        return closedCount.get() > 0;
    }

    /**
     * Whether world rank {@code w} closed MPI at least {@code grace} ago and this rank's queue has
     * been read to its end since: nothing more will come from it.
     */
    private boolean gone(int w, long now, long grace) {
        long seen = w == rank || w < 0 ? 0 : closedAt.get(w);
        return seen != 0 && drainedAt - seen > 0 && now - seen > grace;
    }

    /**
     * The world rank of a closed process without which a pending request can never complete, or
     * -1: the source of an unmatched receive (with {@code ANY_SOURCE}: every possible sender has
     * closed, the last of them), the destination of an unacknowledged synchronous send. Exact but
     * for the grace period: the closed rank's messages have all been read (see {@link #drainedAt}).
     *
     * @param r the request
     * @param now {@code System.nanoTime()}
     * @return the world rank, or -1 if the request may still complete
     */
    int closedPeer(ShmRequest r, long now) {
        if (closedCount.get() == 0 || r.isDone()) {
            return -1;
        }
        int w = r.isReceive() ? closedSender(r.comm(), r.peer(), now) : r.isSyncSend() ? r.comm().worldOfPeer(r.peer()) : -1;
        if (w < 0 || (!r.isReceive() && !gone(w, now, closingGraceNanos))) {
            return -1;
        }
        // read after drainedAt: a receive matched by the drain is no longer posted; an ack completes the send
        boolean pending = r.isReceive() ? r.posted != null : !r.isDone();
        return pending ? w : -1;
    }

    /**
     * The world rank of the closed process that a receive or probe from {@code source} on
     * {@code comm} waits for, when nothing from it can come any more; -1 otherwise. For
     * {@code ANY_SOURCE}, every peer must have closed; on an intracommunicator this rank might
     * still send to itself from another thread, so such a wait is given four grace periods.
     */
    int closedSender(ShmComm comm, int source, long now) {
        if (closedCount.get() == 0) {
            return -1;
        }
        if (source != Mpi.ANY_SOURCE) {
            int w = comm.worldOfPeer(source);
            return gone(w, now, closingGraceNanos) ? w : -1;
        }
        int[] peers = comm.peerWorldRanks();
        boolean self = false;
        for (int w : peers) {
            self |= w == rank;
        }
        long grace = self ? 4 * closingGraceNanos : closingGraceNanos;
        int last = -1;
        for (int w : peers) {
            if (w == rank) {
                continue;
            }
            if (!gone(w, now, grace)) {
                return -1;
            }
            last = last < 0 || closedAt.get(w) - closedAt.get(last) > 0 ? w : last;
        }
        return last;
    }

    /**
     * The failure of a wait that a closed rank will never complete.
     *
     * @param closedWorld the closed rank (world)
     * @param operation what this rank is blocked in
     * @param request the pending request, if it says more than the operation
     * @return the exception to throw
     */
    MpiException closedPeerFailure(int closedWorld, String operation, ShmRequest request) {
        String detail = request == null || operation.equals(request.describe()) ? "" : ", pending " + request.describe();
        return new MpiException(ErrorClass.ERR_OTHER, "shm: rank " + closedWorld + " has closed MPI while rank " + rank
                + " (world ranks) waits for it in " + operation + detail + "; everything rank " + closedWorld + " sent"
                + " has been read and it will take no further part, so the call can never complete. If rank "
                + closedWorld + " left because of an exception, that exception is the cause (Mpi.run(args, mpi -> ...)"
                + " aborts at once); otherwise the ranks disagree about the communication left to do");
    }

    /**
     * Fails a wait that a closed rank will never complete: with {@code all}, when every request
     * waited for is such (a wait for any of them), else when one is (a collective's step, which
     * needs all of them).
     *
     * @param requests the requests waited for
     * @param operation what this rank is blocked in
     * @param all whether every request must be hopeless
     * @param now {@code System.nanoTime()}
     * @throws MpiException if the wait cannot complete
     */
    void checkClosedPeers(List<? extends SpiRequest> requests, String operation, boolean all, long now) {
        int closedWorld = -1;
        ShmRequest which = null;
        for (SpiRequest r : requests) {
            int w = r instanceof ShmRequest s ? closedPeer(s, now) : -1;
            if (w < 0) {
                if (all) {
                    return;
                }
                continue;
            }
            closedWorld = w;
            which = (ShmRequest) r;
            if (!all) {
                break;
            }
        }
        if (which != null) {
            throw closedPeerFailure(closedWorld, operation, which);
        }
    }

    private void checkAbortMarker() {
        Path abort = jobDir.resolve("abort");
        if (Files.exists(abort)) {
            String why;
            try {
                why = Files.readString(abort, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                why = "a rank aborted";
            }
            failed = new MpiException(ErrorClass.ERR_PROC_ABORTED, "shm: the job was aborted: " + why);
            throw new MpiException(ErrorClass.ERR_PROC_ABORTED, failed.getMessage());
        }
    }

    /** Writes the abort marker that makes every other rank fail within {@link #CHECK_NANOS}. */
    void writeAbort(String reason) {
        try {
            Path tmp = jobDir.resolve("abort." + rank);
            Files.writeString(tmp, "rank " + rank + ": " + reason, StandardCharsets.UTF_8);
            if (!Files.exists(jobDir.resolve("abort"))) {
                Files.move(tmp, jobDir.resolve("abort"), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ignored) {
            // the launcher still notices this rank's exit
        }
    }

    /** Marks this rank as finalized, so that its exit is not a failure. */
    void markDone() {
        try {
            Files.writeString(jobDir.resolve("done").resolve(Integer.toString(rank)), "");
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Starts the progress thread, once: it polls every millisecond or faster, so that requests
     * complete (and their callbacks, such as a {@code CompletableFuture} view's, run) while no
     * thread of the program waits. Started only when a callback is registered on a pending request.
     */
    void ensureProgress() {
        if (progress != null) {
            return;
        }
        synchronized (this) {
            if (progress == null && !closed) {
                progress = Thread.ofPlatform().daemon().name("mpi4j-shm-progress-" + rank).start(() -> {
                    long park = 10_000;
                    while (!closed) {
                        try {
                            int work = poll();
                            park = work > 0 ? 10_000 : Math.min(park * 2, 1_000_000);
                        } catch (RuntimeException e) {
                            park = 1_000_000; // a failure is reported to the waiting threads
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(park);
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            if (sideband != null) {
                sideband.close();
                sidebandReader.close();
            }
            for (ChronicleQueue q : queues) {
                if (q != null) {
                    q.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The datatype a probe reports. */
    static Datatype probeType() {
        return Datatype.BYTE;
    }
}
