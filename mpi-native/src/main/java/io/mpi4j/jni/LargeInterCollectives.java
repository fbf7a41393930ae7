package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import io.mpi4j.Status;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.CollectiveChannel;
import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiRequest;
import io.mpi4j.spi.TaskRequest;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collectives on an intercommunicator over more elements than an {@code int} counts that cannot be
 * split into library calls: reduce, reduce-scatter, reduce-scatter-block, an allreduce that
 * {@link ChunkedReductions} does not take (a user-defined operation or a derived datatype), and,
 * where the library's broadcast goes as a scatterv with {@code int} counts
 * ({@link JniSession#interIbcastBroken}), the broadcast. MPI's counts are {@code int}, and such a
 * call cannot be split into slices as {@link ChunkedReductions} splits one within a group: the
 * {@code PROC_NULL} ranks of the root's group have no buffer, so they cannot know how many calls
 * the others would make.
 *
 * <p>So the data moves as point-to-point messages on the communicator's collective context: every
 * rank that contributes sends its operands (a reduce-scatter: each remote rank's block) in messages
 * of at most {@link #SLICE_BYTES} to each remote rank that receives a result (a broadcast's root
 * sends its buffer whole, in one message to each remote rank, as the library's large messages go:
 * the receivers may describe the data with other datatypes of the same signature, so slices could
 * not be agreed on), and a receiving rank combines what it receives (MPI_Reduce_local, or
 * {@link Op#reduceLocal} for a user-defined operation), from the last remote rank to the first, so
 * that a non-commutative operation is applied in rank order. Only the ranks that move data know the
 * call is this large; a reduce's root and senders therefore also make the library's MPI_Reduce of
 * nothing (a dummy element, {@code mpi4j_inter_idle} in the glue), and a broadcast's root and
 * receivers the library's MPI_Scatterv of nothing, which matches the library call the
 * {@code PROC_NULL} ranks make, so that every rank makes one library call per collective and the
 * library's sequence of collectives stays in step.
 *
 * <p>Tags: the messages of one call carry a tag from the upper half of the tag space, which the
 * collective context's own sequence ({@link CollectiveChannel#nextTag}) never reaches, numbered per
 * stream of calls that the same ranks know of: a reduce or broadcast by its root (its root counts
 * the calls it roots, and every remote rank counts the calls rooted there), the other calls by all
 * ranks. Concurrent nonblocking calls therefore never match each other's messages.
 *
 * <p>Nonblocking: the algorithm runs on a platform thread of its own, started in call order (the
 * library call of a reduce or broadcast is started before it returns); a platform thread waits
 * inside MPI_Wait, where a virtual one would poll with a backoff, too slow for the many fragments
 * of large messages.
 */
final class LargeInterCollectives {
    /** The largest message: bounds the scratch memory of a receiving rank to two slices. */
    static final long SLICE_BYTES = 1L << 28;

    /** The streams of tags, and the low bits of a tag that tell them apart. */
    private static final int REDUCE = 0;
    private static final int REDUCE_SCATTER = 1;
    private static final int ALLREDUCE = 2;
    private static final int BCAST = 3;
    private static final int KINDS = 4;

    private LargeInterCollectives() {
    }

    /**
     * Tells whether a collective on an intercommunicator is one this class runs; the answer is the
     * same on every rank that moves data (a reduce's or broadcast's {@code PROC_NULL} ranks say
     * no, and make the library's call as always).
     *
     * @param comm the intercommunicator
     * @param call a collective on it
     * @return whether {@link #run} takes it
     */
    static boolean applies(JniComm comm, Collective call) {
        return switch (call) {
            case Collective.Reduce c -> rooted(c.root(), c.recv(), c.send());
            case Collective.ReduceScatter c -> large(c.send());
            case Collective.ReduceScatterBlock c -> large(c.send());
            case Collective.Allreduce c -> large(c.send()) && !ChunkedReductions.applies(c);
            // elsewhere the library's broadcast takes any count (TypedCollectives). By bytes: the
            // root and the receivers may count the same signature in different datatypes
            case Collective.Bcast c -> comm.session.interIbcastBroken && c.root() != Mpi.PROC_NULL
                    && c.buf().byteSize() > Integer.MAX_VALUE;
            default -> false;
        };
    }

    /** A rooted call is large at its root by the root's buffer, at a remote rank by its own. */
    private static boolean rooted(int root, Buf atRoot, Buf atRemote) {
        return root == Mpi.ROOT ? large(atRoot) : root != Mpi.PROC_NULL && large(atRemote);
    }

    private static boolean large(Buf b) {
        return b != null && !b.isInPlace() && b.count() > Integer.MAX_VALUE;
    }

    /**
     * What one rank does in the call: the buffers it sends to each remote rank ({@code null} for
     * none) and the one it receives into ({@code null} where it receives nothing), combining the
     * remote ranks' operands with {@code op}, or, with no {@code op}, taking remote rank
     * {@code from}'s data as it is. A reduce-scatter's blocks are known only once the other group's
     * counts have arrived: then {@code toRemote} is filled from {@code send} by {@link #exchange},
     * and {@code localCounts} are this group's.
     */
    private record Plan(Buf[] toRemote, Buf result, Op op, int from, int kind, int stream, Buf send, int[] localCounts) {
        Plan(Buf[] toRemote, Buf result, Op op, int kind, int stream) {
            this(toRemote, result, op, -1, kind, stream, null, null);
        }
    }

    /**
     * Runs the collective.
     *
     * @param comm the intercommunicator
     * @param call a collective {@link #applies} to
     * @param start whether to start it (nonblocking) rather than complete it
     * @return the request when {@code start}, else {@code null} once complete
     */
    static SpiRequest run(JniComm comm, Collective call, boolean start) {
        Plan plan = plan(comm, call);
        int tag = comm.largeInterTag(plan.kind() + KINDS * (long) plan.stream(), KINDS);
        CollectiveChannel channel = comm.collectiveChannel();
        String description = call.name() + "(comm=" + comm.name() + ", more than " + Integer.MAX_VALUE + " elements)";
        SpiRequest library = switch (call) {
            case Collective.Reduce r -> dummyReduce(comm, r.root(), start);
            case Collective.Bcast b -> dummyScatterv(comm, b.root(), start);
            default -> null;
        };
        if (!start) {
            exchange(channel, plan, tag, description);
            return null;
        }
        TaskRequest request = new TaskRequest(description);
        comm.spawnPlatform("mpi4j-" + description, () -> {
            MpiException failure = null;
            try {
                if (library != null) {
                    await(channel, List.of(library), description);
                }
                exchange(channel, plan, tag, description);
            } catch (MpiException e) {
                failure = e;
            } catch (Throwable t) {
                failure = new MpiException(ErrorClass.ERR_INTERN, description + " failed: " + t, t);
            }
            request.complete(failure);
        });
        return request;
    }

    /** The library's reduce of one dummy element, matching the call of the root group's PROC_NULL ranks. */
    private static SpiRequest dummyReduce(JniComm comm, int root, boolean start) {
        return NativeCollectives.complete(comm, "reduce", ok -> { }, start, out -> Jni.reduce(comm.handle, 0, 0, 0, 0,
                Types.code(Datatype.INT), Types.code(Op.SUM), root, start, null, null, out));
    }

    /**
     * The library's scatterv of nothing, matching the call of the root group's PROC_NULL ranks (a
     * broadcast there is a scatterv, {@link NativeCollectives#bcastAsScatterv}). The buffers are a
     * few bytes rather than null, which the library might refuse.
     */
    private static SpiRequest dummyScatterv(JniComm comm, int root, boolean start) {
        Arena arena = Arena.ofShared();
        int remote = comm.remoteSize();
        java.lang.foreign.MemorySegment zeros = arena.allocate(2L * Integer.BYTES * remote + 8, 8);
        long counts = zeros.address();
        long displs = counts + (long) Integer.BYTES * remote;
        long data = displs + (long) Integer.BYTES * remote;
        int bytes = Types.code(Datatype.BYTE);
        return NativeCollectives.complete(comm, "scatterv", ok -> arena.close(), start, out -> root == Mpi.ROOT
                ? Jni.scatterv(comm.handle, data, counts, displs, bytes, 0, 0, bytes, root, start, out)
                : Jni.scatterv(comm.handle, 0, 0, 0, bytes, data, 0, bytes, root, start, out));
    }

    /** Who sends what to whom, and the stream of the call's tags. */
    private static Plan plan(JniComm comm, Collective call) {
        int remote = comm.remoteSize();
        Buf[] toRemote = new Buf[remote];
        return switch (call) {
            case Collective.Reduce c -> {
                if (c.root() == Mpi.ROOT) {
                    // the reduces this rank roots; each remote rank counts them as those rooted here
                    yield new Plan(toRemote, c.recv(), c.op(), REDUCE, 2 * comm.rank());
                }
                toRemote[c.root()] = c.send();
                yield new Plan(toRemote, null, c.op(), REDUCE, 2 * c.root() + 1);
            }
            case Collective.Allreduce c -> {
                Arrays.fill(toRemote, c.send());
                yield new Plan(toRemote, c.recv(), c.op(), ALLREDUCE, 0);
            }
            case Collective.ReduceScatterBlock c -> {
                // MPI: the same total in both groups, so each remote block is the total / remoteSize
                long[] counts = new long[remote];
                Arrays.fill(counts, c.send().count() / remote);
                blocks(toRemote, c.send(), counts, call.name());
                yield new Plan(toRemote, c.recv(), c.op(), REDUCE_SCATTER, 0);
            }
            case Collective.ReduceScatter c -> new Plan(toRemote, c.recv(), c.op(), -1, REDUCE_SCATTER, 0, c.send(),
                    c.recvCounts().clone());
            case Collective.Bcast c -> {
                // the stream of the calls rooted at this rank, or at remote rank c.root(), as a reduce's
                if (c.root() == Mpi.ROOT) {
                    Arrays.fill(toRemote, c.buf());
                    yield new Plan(toRemote, null, null, BCAST, 2 * comm.rank());
                }
                yield new Plan(toRemote, c.buf(), null, c.root(), BCAST, 2 * c.root() + 1, null, null);
            }
            default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " is not a reduction this runs");
        };
    }

    /** Fills {@code toRemote} with consecutive blocks of {@code send} of the given counts. */
    private static void blocks(Buf[] toRemote, Buf send, long[] counts, String name) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        if (sum != send.count()) {
            throw new MpiException(ErrorClass.ERR_COUNT, name + ": the send buffer has count=" + send.count()
                    + " but the other group's receive counts add up to " + sum + " (MPI requires the same total in both groups)");
        }
        long at = 0;
        for (int i = 0; i < counts.length; i++) {
            toRemote[i] = send.slice(at, counts[i]);
            at += counts[i];
        }
    }

    /** The data movement and the local reductions of one rank. */
    private static void exchange(CollectiveChannel channel, Plan plan, int tag, String description) {
        CommEngine p2p = channel.p2p();
        // a failure leaves the sends started so far to MPI: their receivers may have failed too,
        // and waiting for them could hang; they read the program's memory and write none
        List<SpiRequest> sends = new ArrayList<>();
        if (plan.localCounts() != null) {
            exchangeCounts(channel, plan, tag, description, sends);
        }
        for (int j = 0; j < plan.toRemote().length; j++) {
            Buf b = plan.toRemote()[j];
            // a broadcast sends its buffer whole ({@link #exchange}'s receive says why)
            for (long at = 0, per = b == null ? 0 : plan.op() == null ? b.count() : perSlice(b); b != null && at < b.count(); at += per) {
                sends.add(p2p.isend(slice(b, at, per), j, tag, SendMode.STANDARD));
            }
        }
        if (plan.result() != null && plan.op() == null) {
            // one message: its sender may describe the data with another datatype of the same
            // signature, so slices of the same bytes could not be agreed on
            await(channel, receive(p2p, plan.result(), plan.from(), tag, plan.result().count()), description);
        } else if (plan.result() != null) {
            combine(channel, plan, tag, description);
        }
        await(channel, sends, description);
    }

    /**
     * For a reduce-scatter: the send buffer splits by the other group's receive counts, which only
     * that group has. Each group's first rank sends its group's counts to every remote rank before
     * any data (the same tag: they arrive first, MPI's order), and every rank receives the other
     * group's from that group's first rank.
     */
    private static void exchangeCounts(CollectiveChannel channel, Plan plan, int tag, String description,
            List<SpiRequest> sends) {
        CommEngine p2p = channel.p2p();
        int remote = plan.toRemote().length;
        if (p2p.rank() == 0) {
            for (int j = 0; j < remote; j++) {
                sends.add(p2p.isend(Buf.of(plan.localCounts()), j, tag, SendMode.STANDARD));
            }
        }
        int[] theirs = new int[remote];
        await(channel, List.of(p2p.irecv(new RecvTarget.Into(Buf.of(theirs)), 0, tag)), description);
        long[] counts = new long[remote];
        for (int j = 0; j < remote; j++) {
            counts[j] = theirs[j];
        }
        blocks(plan.toRemote(), plan.send(), counts, description);
    }

    /** Elements per message: {@link #SLICE_BYTES} worth, at least one. */
    private static long perSlice(Buf b) {
        return Math.max(1, SLICE_BYTES / Math.max(1, b.datatype().extent()));
    }

    /**
     * Receives every remote rank's operands for this rank's result, slice by slice, and combines
     * them: the last remote rank's go straight into the result, each earlier one's into scratch
     * memory (two slices: the next receive is posted before the current slice is combined) and
     * then {@code result = theirs op result}, so the operation applies in rank order.
     */
    private static void combine(CollectiveChannel channel, Plan plan, int tag, String description) {
        CommEngine p2p = channel.p2p();
        Buf result = plan.result();
        long per = perSlice(result);
        int last = plan.toRemote().length - 1;
        await(channel, receive(p2p, result, last, tag, per), description);
        if (last == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            long scratchCount = Math.min(per, result.count());
            Datatype type = result.datatype();
            Buf[] scratch = {Buf.of(arena.allocate(scratchCount * type.extent(), 16), type, scratchCount),
                             Buf.of(arena.allocate(scratchCount * type.extent(), 16), type, scratchCount)};
            long slices = (result.count() + per - 1) / per;
            long steps = slices * last;
            // step k: remote rank last - 1 - k / slices, the slice k % slices
            SpiRequest pending = post(p2p, scratch[0], result, last - 1, 0, per, tag);
            for (long k = 0; k < steps; k++) {
                SpiRequest now = pending;
                await(channel, List.of(now), description);
                pending = k + 1 < steps
                        ? post(p2p, scratch[(int) ((k + 1) % 2)], result, (int) (last - 1 - (k + 1) / slices), ((k + 1) % slices) * per, per, tag)
                        : null;
                long at = (k % slices) * per;
                long n = Math.min(per, result.count() - at);
                try {
                    reduceLocal(plan.op(), scratch[(int) (k % 2)].slice(0, n), result.slice(at, n));
                } catch (RuntimeException e) {
                    if (pending != null) {
                        // the scratch memory goes with the arena: the posted receive must end first
                        pending.cancel();
                        awaitQuietly(channel, pending, description);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * {@code inout = in op inout}: the library's MPI_Reduce_local for a predefined operation on a
     * predefined type in native memory (vectorized C; Java's kernels run a byte sum at about
     * 0.6 GB/s), else {@link Op#reduceLocal}.
     */
    private static void reduceLocal(Op op, Buf in, Buf inout) {
        int type = Types.code(inout.datatype());
        int code = Types.code(op);
        if (type >= 0 && code >= 0 && in.hasSegment() && inout.hasSegment() && in.segment().isNative()
                && inout.segment().isNative()) {
            int rc = Jni.reduceLocal(in.segment().address(), inout.segment().address(), inout.count(), type, code);
            if (rc != 0) {
                throw Errors.exception(rc, "reduce_local");
            }
        } else {
            op.reduceLocal(in, inout);
        }
    }

    /** Posts the receives of remote rank {@code from}'s slices of {@code per} elements straight into {@code into}. */
    private static List<SpiRequest> receive(CommEngine p2p, Buf into, int from, int tag, long per) {
        List<SpiRequest> receives = new ArrayList<>();
        for (long at = 0; at < into.count(); at += per) {
            receives.add(p2p.irecv(new RecvTarget.Into(slice(into, at, per)), from, tag));
        }
        return receives;
    }

    private static Buf slice(Buf b, long at, long per) {
        return b.slice(at, Math.min(per, b.count() - at));
    }

    /** Posts the receive from remote rank {@code from} of the slice at {@code at} into scratch. */
    private static SpiRequest post(CommEngine p2p, Buf scratch, Buf result, int from, long at, long per, int tag) {
        return p2p.irecv(new RecvTarget.Into(scratch.slice(0, Math.min(per, result.count() - at))), from, tag);
    }

    private static void awaitQuietly(CollectiveChannel channel, SpiRequest r, String description) {
        try {
            await(channel, List.of(r), description);
        } catch (RuntimeException ignored) {
            // the failure being reported is the caller's
        }
    }

    /**
     * Waits for every request, one at a time (a platform thread waits for one inside MPI_Wait:
     * {@link #run}), and raises the first failure.
     */
    private static void await(CollectiveChannel channel, List<SpiRequest> requests, String description) {
        for (SpiRequest r : requests) {
            if (!r.isComplete()) {
                channel.awaitAny(List.of(r), description);
            }
        }
        for (SpiRequest r : requests) {
            MpiException f = r.failure();
            if (f != null) {
                throw f;
            }
            Status st = r.status();
            if (st.error() != ErrorClass.SUCCESS) {
                throw new MpiException(st.error(), description + ": a message of the call failed with " + st);
            }
        }
    }
}
