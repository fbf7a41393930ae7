package io.mpi4j.testkit.check;

import io.mpi4j.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider hook behind {@link LeakCheck}: follows every request and communicator one MPI
 * process creates, with where the program created it, until the provider reports it released.
 *
 * <p>One tracker per process (per rank): register it with
 * {@link io.mpi4j.MpiOptions.Builder#resourceTracker} or
 * {@link io.mpi4j.sim.Sim.Builder#resourceTracker}, then give it to
 * {@link LeakCheck#start(io.mpi4j.Intracomm, LeakTracker)}. Thread-safe: a rank's helper threads
 * may create and complete requests concurrently.
 */
public final class LeakTracker implements ResourceTracker {
    /** What is still open: identity of the handle to the leak it would be. */
    private final Map<Object, Open> open = new IdentityHashMap<>();

    /** An object still open, described when it was created. */
    private record Open(Kind kind, String what, String where) {
    }

    /** Creates a tracker with nothing open. */
    public LeakTracker() {
    }

    @Override
    public void created(Kind kind, Object handle, String description) {
        if (kind == Kind.WINDOW) {
            return; // there are no windows yet (RMA is not in the API)
        }
        CallSite site = CallSite.ofCaller();
        String what = kind == Kind.REQUEST ? description + " from " + site.call()
                : "from " + site.call() + " (" + description + ")";
        synchronized (open) {
            open.put(handle, new Open(kind, what, site.where()));
        }
    }

    @Override
    public void released(Object handle) {
        synchronized (open) {
            open.remove(handle);
        }
    }

    /**
     * Returns what is open now, as leaks of the given rank, sorted by kind and description.
     *
     * @param rank the world rank of the process this tracker follows
     * @return the open requests and communicators; empty if none
     */
    public List<Leak> open(int rank) {
        List<Leak> leaks = new ArrayList<>();
        synchronized (open) {
            for (Open o : open.values()) {
                Leak.Kind kind = switch (o.kind()) {
                    case REQUEST -> Leak.Kind.REQUEST;
                    case DATATYPE -> Leak.Kind.DATATYPE;
                    default -> Leak.Kind.COMMUNICATOR;
                };
                leaks.add(new Leak(kind, rank, o.what(), o.where()));
            }
        }
        // identity maps have no order: sort by kind, then description, for stable reports
        leaks.sort(java.util.Comparator.comparing(Leak::kind).thenComparing(Leak::what).thenComparing(Leak::where));
        return leaks;
    }
}
