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
 * <p>What is detected today, with the public API only:
 * <ul>
 *   <li>{@link Leak.Kind#COMMUNICATOR}: communicators created by {@code dup}/{@code idup} of the
 *       world (and of its duplicates, transitively) and not closed, with the caller's stack frame.
 *       The check puts an attribute with copy and delete callbacks (MPI-4.1 §7.7.2) on the world:
 *       duplication copies it, closing deletes it. Communicators from {@code split},
 *       {@code create}, {@code createCart} and the like do not copy attributes and are not seen.</li>
 *   <li>{@link Leak.Kind#MESSAGE}: messages on the world communicator that no receive matched,
 *       found after a barrier by draining every rank's queue with {@code improbe}. The sender's
 *       call site is not known.</li>
 * </ul>
 * <p>Not detected yet (they need a provider hook): {@link Leak.Kind#REQUEST} leaks, messages on
 * communicators other than the world, and the call sites of sends.
 */
public final class LeakCheck {
    private final Intracomm world;
    private final Keyval<Tracked> key;
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

    private LeakCheck(Intracomm world) {
        this.world = world;
        this.key = Keyval.create(this::copied, (comm, tracked) -> tracked.closed = true);
        world.setAttribute(key, new Tracked(world.name(), ""));
    }

    /**
     * Starts following what this rank creates. Local: call it on every rank, before the code under test.
     *
     * @param world the world communicator of this rank
     * @return the check, to {@linkplain #finish() finish} after the code under test
     */
    public static LeakCheck start(Intracomm world) {
        return new LeakCheck(world);
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
        List<Leak> leaks = new ArrayList<>();
        world.deleteAttribute(key);
        for (Tracked t : created) {
            if (!t.closed) {
                leaks.add(new Leak(Leak.Kind.COMMUNICATOR, world.rank(), t.what, t.where));
            }
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
     * Runs a {@code sim} job with the check on every rank and fails if anything leaked.
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
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String call = "communicator creation";
        String where = "unknown";
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement f = stack[i];
            if (isMpiInternal(f.getClassName())) {
                if (isApi(f.getClassName())) {
                    call = simpleName(f.getClassName()) + "." + f.getMethodName() + "()";
                }
                continue;
            }
            where = f.toString();
            break;
        }
        String of = old.name().isEmpty() ? "a communicator" : old.name();
        Tracked t = new Tracked("from " + call + " of " + of, where);
        created.add(t);
        return Optional.of(t);
    }

    private static boolean isApi(String className) {
        return className.startsWith("io.mpi4j.") && className.indexOf('.', "io.mpi4j.".length()) < 0;
    }

    private static boolean isMpiInternal(String className) {
        return isApi(className) || className.startsWith("io.mpi4j.spi.") || className.startsWith("io.mpi4j.sim.")
                || className.startsWith("io.mpi4j.testkit.check.") || className.startsWith("java.")
                || className.startsWith("jdk.") || className.startsWith("sun.");
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int dollar = s.indexOf('$');
        return dollar < 0 ? s : s.substring(0, dollar);
    }
}
