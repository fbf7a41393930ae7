package io.mpi4j.testkit.check;

import io.mpi4j.Buf;
import io.mpi4j.Comm;
import io.mpi4j.Intracomm;
import io.mpi4j.Keyval;
import io.mpi4j.Message;
import io.mpi4j.Mpi;
import io.mpi4j.Status;
import io.mpi4j.sim.RankAction;
import io.mpi4j.sim.Sim;
import io.mpi4j.sim.UnreceivedMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Finds what an MPI program leaves behind at finalize: communicators created and never closed,
 * and messages sent and never received, each with where it was created.
 *
 * <p>Per rank: {@link #start(Intracomm)} before the program, {@link #finish()} after it. Or run a
 * whole {@code sim} job with {@link #exec(Sim, RankAction)}:
 *
 * {@snippet :
 * List<Leak> leaks = LeakCheck.exec(Sim.builder().ranks(2).build(), world -> {
 *     Intracomm copy = world.dup();   // never closed
 * });
 * // leaks: [rank 0: communicator from Intracomm.dup() of WORLD, never closed, created at ...,
 * //         rank 1: ...]
 * }
 *
 * <p>Two ways to follow requests and communicators:
 * <ul>
 *   <li>With the provider hook, a {@link LeakTracker} registered for the rank
 *       ({@link #start(Intracomm, LeakTracker)}, {@link #exec(Sim.Builder, RankAction)}, and what
 *       {@code @MpiTest} does): {@link Leak.Kind#REQUEST} leaks (nonblocking and persistent
 *       requests never completed, or never closed) and {@link Leak.Kind#COMMUNICATOR} leaks from any
 *       call that creates one ({@code dup}, {@code split}, {@code create}, {@code createCart},
 *       intercommunicators...), each with the program's call and stack frame.</li>
 *   <li>With the public API only ({@link #start(Intracomm)}, {@link #exec(Sim, RankAction)}):
 *       communicators created by {@code dup}/{@code idup} of the world (and of its duplicates,
 *       transitively) and not closed. The check puts an attribute with copy and delete callbacks
 *       (MPI-4.1 §7.7.2) on the world: duplication copies it, closing deletes it. Other
 *       constructors do not copy attributes and are not seen; requests are not seen.</li>
 * </ul>
 * <p>Both find {@link Leak.Kind#MESSAGE} leaks, messages that no receive matched.
 * {@link #exec(Sim.Builder, RankAction)} (and {@code @MpiTest}) has {@code sim} report them after
 * the job ({@link Sim.Builder#onUnreceived}): on every communicator, each with the program's call
 * that sent it. {@link #finish()} finds those of the world communicator only, after a barrier, by
 * draining every rank's queue with {@code improbe}, without the sender's call site.
 */
public final class LeakCheck {
    private final Intracomm world;
    /** The attribute that follows duplicates; {@code null} when a tracker follows everything. */
    private final Keyval<Tracked> key;
    /** The provider hook's record of this rank's requests and communicators; {@code null} without one. */
    private final LeakTracker tracker;
    private final ConcurrentLinkedQueue<Tracked> created = new ConcurrentLinkedQueue<>();

    /** A communicator the check follows; {@code closed} is set by the attribute's delete callback. */
    private static final class Tracked {
        final String what;
        final String where;
        volatile boolean closed;

        Tracked(String what, String where) {
            this.what = what;
            this.where = where;
        }
    }

    private LeakCheck(Intracomm world, LeakTracker tracker) {
        this.world = world;
        this.tracker = tracker;
        if (tracker == null) {
            this.key = Keyval.create(this::copied, (comm, tracked) -> tracked.closed = true);
            world.setAttribute(key, new Tracked(world.name(), ""));
        } else {
            this.key = null;
        }
    }

    /**
     * Starts following what this rank creates. Local: call it on every rank, before the code under test.
     *
     * @param world the world communicator of this rank
     * @return the check, to {@linkplain #finish() finish} after the code under test
     */
    public static LeakCheck start(Intracomm world) {
        return new LeakCheck(world, null);
    }

    /**
     * Starts the check with the provider hook: every request and communicator of this rank is
     * followed, not only duplicates of the world. Local: call it on every rank, before the code
     * under test.
     *
     * @param world the world communicator of this rank
     * @param tracker the tracker registered for this rank's MPI process (with
     *     {@link io.mpi4j.MpiOptions.Builder#resourceTracker} or {@link Sim.Builder#resourceTracker})
     * @return the check, to {@linkplain #finish() finish} after the code under test
     */
    public static LeakCheck start(Intracomm world, LeakTracker tracker) {
        return new LeakCheck(world, java.util.Objects.requireNonNull(tracker, "tracker"));
    }

    /**
     * Ends the check and returns this rank's leaks. Collective over the world: every rank calls it
     * after the code under test has returned. The messages it finds are received (and dropped), so
     * a later {@code Mpi.close()} finds the queues empty.
     *
     * @return this rank's leaks: communicators it created and did not close, then messages sent to
     *     it and not received; empty if none
     */
    public List<Leak> finish() {
        return finish(true);
    }

    /** Ends the check; drains and reports the world's unreceived messages if asked (else the provider reports them). */
    private List<Leak> finish(boolean drainMessages) {
        List<Leak> leaks = new ArrayList<>();
        if (tracker != null) {
            leaks.addAll(tracker.open(world.rank()));
        } else {
            world.deleteAttribute(key);
            for (Tracked t : created) {
                if (!t.closed) {
                    leaks.add(new Leak(Leak.Kind.COMMUNICATOR, world.rank(), t.what, t.where));
                }
            }
        }
        if (!drainMessages) {
            return leaks;
        }
        // every send that returned before its rank entered the barrier has reached its destination
        world.barrier();
        for (Optional<Message> m = world.improbe(Mpi.ANY_SOURCE, Mpi.ANY_TAG); m.isPresent();
                m = world.improbe(Mpi.ANY_SOURCE, Mpi.ANY_TAG)) {
            Status s = m.get().status();
            m.get().recv(Buf.of(new byte[Math.toIntExact(s.byteCount())]));
            // the provider does not record where a message was sent: the where is left empty
            leaks.add(new Leak(Leak.Kind.MESSAGE, world.rank(), "from rank " + s.source() + " (tag=" + s.tag() + ", "
                    + s.byteCount() + " bytes) on " + world.name(), ""));
        }
        return leaks;
    }

    /**
     * Runs a {@code sim} job with the check on every rank.
     *
     * @param sim the job configuration
     * @param body the code of every rank
     * @return every rank's leaks, in rank order; empty if none
     * @throws io.mpi4j.RankFailedException if a rank threw or called abort
     * @throws io.mpi4j.DeadlockException if the job deadlocked
     * @throws io.mpi4j.MpiException with {@link io.mpi4j.ErrorClass#ERR_OTHER} if the job timed out
     */
    public static List<Leak> exec(Sim sim, RankAction body) {
        ConcurrentLinkedQueue<Leak> all = new ConcurrentLinkedQueue<>();
        sim.exec(world -> {
            LeakCheck check = start(world);
            body.run(world);
            all.addAll(check.finish());
        });
        List<Leak> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(Leak::rank));
        return List.copyOf(sorted);
    }

    /**
     * Runs a {@code sim} job with the check and the provider hook on every rank: every request
     * never completed and every communicator never closed is found, whichever call created it, and
     * every message never received on any communicator, with the call that sent it.
     *
     * @param sim the job configuration; its resource tracker and unreceived-message sink are replaced by the check's
     * @param body the code of every rank
     * @return every rank's leaks, in rank order; empty if none
     * @throws io.mpi4j.RankFailedException if a rank threw or called abort
     * @throws io.mpi4j.DeadlockException if the job deadlocked
     * @throws io.mpi4j.MpiException with {@link io.mpi4j.ErrorClass#ERR_OTHER} if the job timed out
     */
    public static List<Leak> exec(Sim.Builder sim, RankAction body) {
        java.util.concurrent.ConcurrentHashMap<Integer, LeakTracker> trackers = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Leak> all = new ConcurrentLinkedQueue<>();
        // sim reports the unreceived messages itself, on every communicator and with their senders' call sites
        sim.resourceTracker(rank -> trackers.computeIfAbsent(rank, r -> new LeakTracker())).onUnreceived(messages -> {
            for (UnreceivedMessage m : messages) {
                all.add(new Leak(Leak.Kind.MESSAGE, m.dest(), "from rank " + m.source() + " (tag=" + m.tag() + ", " + m.bytes()
                        + " bytes) on " + m.comm(), m.sentAt()));
            }
        }).build().exec(world -> {
            LeakCheck check = start(world, trackers.computeIfAbsent(world.rank(), r -> new LeakTracker()));
            body.run(world);
            all.addAll(check.finish(false));
        });
        List<Leak> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(Leak::rank));
        return List.copyOf(sorted);
    }

    /**
     * Runs a {@code sim} job with the full check ({@link #exec(Sim.Builder, RankAction)}: every
     * request and communicator, whichever call made it, and every message never received, with the
     * call that sent it) and fails if anything leaked: what {@code @MpiTest} checks.
     *
     * @param sim the job configuration; its resource tracker and unreceived-message sink are replaced by the check's
     * @param body the code of every rank
     * @throws LeakException listing the leaks, if any
     * @throws io.mpi4j.RankFailedException if a rank threw or called abort
     * @throws io.mpi4j.DeadlockException if the job deadlocked
     */
    public static void assertNoLeaks(Sim.Builder sim, RankAction body) {
        List<Leak> leaks = exec(sim, body);
        if (!leaks.isEmpty()) {
            int ranks = sim.build().ranks();
            throw new LeakException("sim job on " + ranks + (ranks == 1 ? " rank" : " ranks"), leaks);
        }
    }

    /**
     * Runs a {@code sim} job with the check on every rank and fails if anything leaked. This form
     * sees only what the program's world shows at its end ({@link #exec(Sim, RankAction)}): the
     * requests and communicators tracked from the world, and messages left on it. Prefer
     * {@link #assertNoLeaks(Sim.Builder, RankAction)}, which finds every leak.
     *
     * @param sim the job configuration
     * @param body the code of every rank
     * @throws LeakException listing the leaks, if any
     * @throws io.mpi4j.RankFailedException if a rank threw or called abort
     * @throws io.mpi4j.DeadlockException if the job deadlocked
     */
    public static void assertNoLeaks(Sim sim, RankAction body) {
        List<Leak> leaks = exec(sim, body);
        if (!leaks.isEmpty()) {
            throw new LeakException("sim job on " + sim.ranks() + (sim.ranks() == 1 ? " rank" : " ranks"), leaks);
        }
    }

    /** The copy callback: runs on the duplicating thread, so its stack shows the caller. */
    private Optional<Tracked> copied(Comm old, Tracked parent) {
        CallSite site = CallSite.ofCaller();
        String of = old.name().isEmpty() ? "a communicator" : old.name();
        Tracked t = new Tracked("from " + site.call() + " of " + of, site.where());
        created.add(t);
        return Optional.of(t);
    }
}
