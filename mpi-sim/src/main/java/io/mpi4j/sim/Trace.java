package io.mpi4j.sim;

import java.util.List;
import java.util.Objects;

/**
 * What the ranks of one {@code sim} job did, in time: every rank's MPI calls and every message,
 * recorded when the job is built with {@link Sim.Builder#trace}. A trace is handed over at the end
 * of the job, also when it deadlocked or failed; then the calls marked
 * {@link TraceEvent.Call#stopped() stopped} show where each rank stopped. The testkit writes
 * traces as Chrome/Perfetto JSON and as an SVG timeline.
 *
 * @param job the job's name
 * @param ranks the world size
 * @param outcome how the job ended: {@code "completed"}, or the first line of its failure
 * @param events the calls, messages and rank spans, ordered by start time
 */
public record Trace(String job, int ranks, String outcome, List<TraceEvent> events) {
    /**
     * Copies and validates the components.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public Trace {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
    }

    /**
     * Returns the end of the last event.
     *
     * @return nanoseconds since the job started
     */
    public long duration() {
        long end = 0;
        for (TraceEvent e : events) {
            end = Math.max(end, switch (e) {
                case TraceEvent.Call c -> c.end();
                case TraceEvent.Message m -> m.end();
                case TraceEvent.Unmatched u -> u.start();
                case TraceEvent.RankSpan r -> r.end();
            });
        }
        return end;
    }
}
