package io.mpi4j.shm;

import io.mpi4j.Buf;
import io.mpi4j.MpiException;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The matching contexts of one rank: which numbers it has used, and the agreement on a fresh one
 * among the processes of a new communicator.
 *
 * <h2>Why "the largest proposal" is fresh</h2>
 * Each process hands out contexts in increasing order, two at a time (point-to-point, then
 * collectives). A new communicator takes the largest next-free number proposed by its members,
 * and every member then moves its own counter past it: so no member has used the number before,
 * and no member will use it again for another communicator. Two communicators may share a number
 * only if they share no process, and a message is matched by (context, source), so they never
 * meet.
 *
 * <h2>How the members agree</h2>
 * Where the new communicator's processes all belong to the communicator being called ({@code dup},
 * {@code split}, {@code create}), they agree with a collective on it. Where they do not (MPI_Comm_create_group,
 * intercommunicators, merge), they agree through the {@link #INTERNAL_CONTEXT}, which no
 * communicator uses: each member sends its proposal to the lowest process id of the set, which
 * answers with the maximum. Such a call is named by a key (its kind, the groups, the user's tag,
 * and how many such calls this process has made before), which every member computes alike, and
 * the key's hash is the tag of its messages.
 *
 * <h2>Job-wide contexts, for {@code idup}</h2>
 * A nonblocking duplicate cannot take part in the agreement above: its agreement would overlap
 * others on the same process, and "the largest proposal" is fresh only when one agreement ends
 * before the next begins. It takes its pair from a counter shared by every process of the job
 * instead (a memory-mapped file in the job directory, incremented atomically), from
 * {@link #SHARED_BASE} up, a range the per-process counters never reach: rank 0 takes it and
 * broadcasts it, nonblockingly, on the parent. Such numbers are unique in the whole job, so they
 * need no agreement at all.
 */
final class ShmContexts {
    /** The context of agreement messages: negative, so that no communicator ever has it. */
    static final int INTERNAL_CONTEXT = -2;
    /** World: contexts 0 and 1; self: 2 and 3; everything else from 4. */
    static final int FIRST_FREE = 4;

    /** The first job-wide context ({@link #shared}): far beyond what the per-process counters reach. */
    static final int SHARED_BASE = 1 << 30;
    /** The name of the job-wide counter's file in the job directory. */
    private static final String SHARED_COUNTER = "contexts";
    private static final java.lang.invoke.VarHandle COUNTER = java.lang.foreign.ValueLayout.JAVA_LONG.varHandle();

    /** The job-wide counter, mapped on first use. */
    private java.lang.foreign.MemorySegment counter;
    private final ShmSession session;
    private final AtomicInteger next = new AtomicInteger(FIRST_FREE);
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final ShmComm internal;

    ShmContexts(ShmSession session, int worldSize) {
        this.session = session;
        this.internal = new ShmComm(session, IntStream.range(0, worldSize).toArray(), INTERNAL_CONTEXT, "internal");
    }

    /**
     * Takes a pair of contexts that no other communicator of the job has or will have, from the
     * counter shared by the job's processes.
     *
     * @param jobDir the job directory
     * @return the first of the two contexts
     * @throws MpiException with {@link io.mpi4j.ErrorClass#ERR_OTHER} if the counter cannot be
     *     mapped or the range is used up
     */
    synchronized int shared(java.nio.file.Path jobDir) {
        if (counter == null) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(jobDir.resolve(SHARED_COUNTER),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                // mapping 8 bytes extends the empty file; every process maps the same bytes
                counter = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, java.lang.foreign.Arena.ofAuto());
            } catch (java.io.IOException e) {
                throw new MpiException(io.mpi4j.ErrorClass.ERR_OTHER, "shm: cannot map the job's context counter in " + jobDir
                        + ": " + e.getMessage(), e);
            }
        }
        long k = (long) COUNTER.getAndAdd(counter, 0L, 1L);
        if (k > (Integer.MAX_VALUE - SHARED_BASE) / 2 - 1) {
            throw new MpiException(io.mpi4j.ErrorClass.ERR_OTHER, "shm: the job has made " + k
                    + " nonblocking duplicates; no context is left for another");
        }
        return SHARED_BASE + (int) (2 * k);
    }

    /** This process's next free context, its proposal for a new communicator. */
    int proposal() {
        return next.get();
    }

    /** Marks {@code count} pairs of contexts from {@code base} as used by this process. */
    void reserve(int base, int count) {
        next.accumulateAndGet(base + 2 * count, Math::max);
    }

    /**
     * Numbers the calls of one kind: returns 1 for this process's first call with {@code key}, 2
     * for the second, and so on. Every member of a group makes the same calls in the same order, so
     * the number is the same on every member.
     */
    int count(String key) {
        return calls.merge(key, 1, Integer::sum);
    }

    /**
     * Agrees on a fresh context with the other processes of {@code worldMembers}, which all call
     * this with the same key. Blocks until the lowest process has answered.
     *
     * @param worldMembers the world ranks of the new communicator's processes (this process is one)
     * @param key the name of the call, the same on every member
     * @return the first of the two contexts of the new communicator
     */
    int agree(int[] worldMembers, String key) {
        int[] sorted = worldMembers.clone();
        Arrays.sort(sorted);
        int leader = sorted[0];
        int tag = key.hashCode() & Integer.MAX_VALUE;
        int me = session.transport.rank;
        int base;
        if (me == leader) {
            int max = proposal();
            int[] got = new int[1];
            for (int i = 1; i < sorted.length; i++) {
                await(internal.irecv(new RecvTarget.Into(Buf.of(got)), sorted[i], tag), key);
                max = Math.max(max, got[0]);
            }
            for (int i = 1; i < sorted.length; i++) {
                await(internal.isend(Buf.of(new int[] {max}), sorted[i], tag, SendMode.STANDARD), key);
            }
            base = max;
        } else {
            await(internal.isend(Buf.of(new int[] {proposal()}), leader, tag, SendMode.STANDARD), key);
            int[] got = new int[1];
            await(internal.irecv(new RecvTarget.Into(Buf.of(got)), leader, tag), key);
            base = got[0];
        }
        reserve(base, 1);
        return base;
    }

    private void await(SpiRequest r, String key) {
        session.awaitAny(List.of(r), "communicator creation " + key);
        MpiException e = r.failure();
        if (e != null) {
            throw new MpiException(e.errorClass(), "shm: agreeing on a context for " + key + ": " + e.getMessage(), e);
        }
    }
}
