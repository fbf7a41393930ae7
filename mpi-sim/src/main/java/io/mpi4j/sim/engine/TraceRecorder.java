package io.mpi4j.sim.engine;

import io.mpi4j.sim.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the events of a traced job. Only exists when tracing is on: the engine's hooks test
 * for {@code null} and cost nothing otherwise.
 *
 * <p>This class is internal to the provider (its package is not exported).
 */
public final class TraceRecorder {
    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<TraceEvent> events = new ConcurrentLinkedQueue<>();
    private final long[] rankStart;

    /**
     * Creates a recorder for a world.
     *
     * @param size the number of ranks
     */
    public TraceRecorder(int size) {
        this.rankStart = new long[size];
    }

    /** Nanoseconds since the job started. */
    long now() {
        return System.nanoTime() - origin;
    }

    /** A step that takes no time. */
    void step(int rank, String name) {
        long t = now();
        events.add(new TraceEvent.Call(rank, name, t, t, false));
    }

    /** A wait from {@code start} until now. */
    void call(int rank, String name, long start, boolean stopped) {
        events.add(new TraceEvent.Call(rank, name, start, now(), stopped));
    }

    /** A message matched now. */
    void message(int source, int dest, String comm, int tag, long bytes, long sent) {
        events.add(new TraceEvent.Message(source, dest, comm, tag, bytes, sent, now()));
    }

    /** A message still queued when the job ended. */
    void unmatched(int source, int dest, String comm, int tag, long bytes, long sent) {
        events.add(new TraceEvent.Unmatched(source, dest, comm, tag, bytes, sent));
    }

    /**
     * Records that a rank's code starts.
     *
     * @param rank the world rank
     */
    public void rankStarted(int rank) {
        rankStart[rank] = now();
    }

    /**
     * Records that a rank's code has ended.
     *
     * @param rank the world rank
     */
    public void rankFinished(int rank) {
        events.add(new TraceEvent.RankSpan(rank, rankStart[rank], now()));
    }

    /**
     * Returns the events so far, by start time.
     *
     * @return the events
     */
    public List<TraceEvent> events() {
        List<TraceEvent> out = new ArrayList<>(events);
        out.sort(Comparator.comparingLong(TraceEvent::start));
        return out;
    }
}
