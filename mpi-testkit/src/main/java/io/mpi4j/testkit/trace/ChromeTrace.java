package io.mpi4j.testkit.trace;

import io.mpi4j.sim.Trace;
import io.mpi4j.sim.TraceEvent;
import java.util.Locale;

/**
 * Renders a {@link Trace} in the Chrome trace event format (JSON object form), which Perfetto
 * ({@code ui.perfetto.dev}) and {@code chrome://tracing} open: one thread per rank, a slice per MPI
 * call (a call the job stopped carries {@code "stopped": true}), a flow arrow per message from
 * its send to its match, and an instant event per message never received.
 */
public final class ChromeTrace {
    private ChromeTrace() {
    }

    /**
     * Renders the trace.
     *
     * @param trace the trace
     * @return the JSON text
     */
    public static String render(Trace trace) {
        StringBuilder out = new StringBuilder(256 + 160 * trace.events().size());
        out.append("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"job\":").append(str(trace.job())).append(",\"outcome\":")
                .append(str(trace.outcome())).append("},\"traceEvents\":[\n");
        out.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":").append(str("sim job " + trace.job()))
                .append("}}");
        for (int r = 0; r < trace.ranks(); r++) {
            out.append(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":").append(r)
                    .append(",\"args\":{\"name\":\"rank ").append(r).append("\"}}");
        }
        int flow = 0;
        for (TraceEvent e : trace.events()) {
            switch (e) {
                case TraceEvent.RankSpan s -> slice(out, s.rank(), "rank " + s.rank(), "rank", s.start(), s.end(), false);
                case TraceEvent.Call c -> slice(out, c.rank(), c.name(), c.end() > c.start() ? "wait" : "call", c.start(), c.end(),
                        c.stopped());
                case TraceEvent.Unmatched u -> out.append(",\n{\"name\":")
                        .append(str("never received: to rank " + u.dest() + ", tag=" + u.tag() + " (" + u.bytes() + " bytes, " + u.comm() + ")"))
                        .append(",\"cat\":\"message\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":").append(u.source())
                        .append(",\"ts\":").append(micros(u.start())).append('}');
                case TraceEvent.Message m -> {
                    flow++;
                    String name = str("message tag=" + m.tag() + " (" + m.bytes() + " bytes, " + m.comm() + ")");
                    out.append(",\n{\"name\":").append(name).append(",\"cat\":\"message\",\"ph\":\"s\",\"id\":").append(flow)
                            .append(",\"pid\":1,\"tid\":").append(m.source()).append(",\"ts\":").append(micros(m.start())).append('}');
                    out.append(",\n{\"name\":").append(name).append(",\"cat\":\"message\",\"ph\":\"f\",\"bp\":\"e\",\"id\":")
                            .append(flow).append(",\"pid\":1,\"tid\":").append(m.dest()).append(",\"ts\":").append(micros(m.end()))
                            .append('}');
                }
            }
        }
        return out.append("\n]}\n").toString();
    }

    private static void slice(StringBuilder out, int rank, String name, String category, long start, long end, boolean stopped) {
        out.append(",\n{\"name\":").append(str(name)).append(",\"cat\":\"").append(category).append("\",\"ph\":\"X\",\"pid\":1,\"tid\":")
                .append(rank).append(",\"ts\":").append(micros(start)).append(",\"dur\":").append(micros(Math.max(0, end - start)));
        if (stopped) {
            out.append(",\"args\":{\"stopped\":true}");
        }
        out.append('}');
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1000.0);
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
