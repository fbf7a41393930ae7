package io.mpi4j.testkit.trace;

import io.mpi4j.sim.Trace;
import io.mpi4j.sim.TraceEvent;
import java.util.Locale;

/**
 * Draws a {@link Trace} as a self-contained SVG timeline: one row per rank, time running right;
 * a bar per blocking call (hover for its name and duration), a tick per non-blocking call, an
 * arrow per message from its send to its match, a dashed red stub per message never received,
 * and, for a call the job stopped (after a
 * deadlock, a failure elsewhere or a timeout), a red bar labelled with the call: where that rank
 * stopped. No scripts, fonts or external references: any browser opens it, and it embeds in docs.
 */
public final class SvgTimeline {
    private static final int LEFT = 70;
    private static final int RIGHT = 330;
    private static final int TOP = 56;
    private static final int ROW = 44;
    private static final int PLOT = 760;

    private SvgTimeline() {
    }

    /**
     * Renders the trace.
     *
     * @param trace the trace
     * @return the SVG document
     */
    public static String render(Trace trace) {
        long duration = Math.max(1, trace.duration());
        int height = TOP + ROW * trace.ranks() + 48;
        int width = LEFT + PLOT + RIGHT;
        StringBuilder out = new StringBuilder(4096 + 200 * trace.events().size());
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1f6fb2\"/></marker></defs>\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"></rect>\n");
        out.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(esc("sim job " + trace.job() + " (" + trace.ranks() + (trace.ranks() == 1 ? " rank)" : " ranks)"))).append("</text>\n");
        out.append("<text x=\"").append(LEFT).append("\" y=\"38\" fill=\"").append(trace.outcome().equals("completed") ? "#2e7d32" : "#c62828")
                .append("\">").append(esc(shorten(trace.outcome(), 150))).append("</text>\n");
        for (int r = 0; r < trace.ranks(); r++) {
            int y = rowY(r);
            out.append("<text x=\"8\" y=\"").append(y + 4).append("\">rank ").append(r).append("</text>\n");
            out.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(LEFT + PLOT).append("\" y2=\"")
                    .append(y).append("\" stroke=\"#ccc\"/>\n");
        }
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.RankSpan s) {
                out.append("<rect x=\"").append(x(s.start(), duration)).append("\" y=\"").append(rowY(s.rank()) - 2).append("\" width=\"")
                        .append(w(s.start(), s.end(), duration)).append("\" height=\"4\" fill=\"#9e9e9e\"><title>")
                        .append(esc("rank " + s.rank() + " ran " + ms(s.end() - s.start()))).append("</title></rect>\n");
            }
        }
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.Call c) {
                call(out, c, duration);
            }
        }
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.Message m) {
                out.append("<line x1=\"").append(x(m.start(), duration)).append("\" y1=\"").append(rowY(m.source())).append("\" x2=\"")
                        .append(x(m.end(), duration)).append("\" y2=\"").append(rowY(m.dest()) + (m.dest() > m.source() ? -9 : 9))
                        .append("\" stroke=\"#1f6fb2\" stroke-width=\"1.3\" marker-end=\"url(#arrow)\"><title>")
                        .append(esc("message rank " + m.source() + " -> rank " + m.dest() + ", tag=" + m.tag() + ", " + m.bytes()
                                + " bytes, " + m.comm()))
                        .append("</title></line>\n");
            }
        }
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.Unmatched u) {
                // a dashed stub toward the destination: sent, never matched
                int y1 = rowY(u.source());
                int y2 = rowY(u.dest());
                double half = y1 + (y2 - y1) / 2.0;
                out.append("<line x1=\"").append(x(u.start(), duration)).append("\" y1=\"").append(y1).append("\" x2=\"")
                        .append(x(u.start(), duration)).append("\" y2=\"").append(String.format(Locale.ROOT, "%.1f", half))
                        .append("\" stroke=\"#c62828\" stroke-width=\"1.3\" stroke-dasharray=\"4 3\"><title>")
                        .append(esc("message rank " + u.source() + " -> rank " + u.dest() + ", tag=" + u.tag() + ", " + u.bytes()
                                + " bytes, " + u.comm() + ": never received"))
                        .append("</title></line>\n");
            }
        }
        int legendY = TOP + ROW * trace.ranks() + 20;
        out.append("<text x=\"").append(LEFT).append("\" y=\"").append(legendY).append("\" fill=\"#555\">")
                .append(esc("0 to " + ms(duration) + "; bars: blocking calls; ticks: other calls; arrows: messages;"
                        + " dashed: never received; red: the call the job stopped (hover for details)"))
                .append("</text>\n");
        return out.append("</svg>\n").toString();
    }

    private static void call(StringBuilder out, TraceEvent.Call c, long duration) {
        int y = rowY(c.rank());
        String title = esc(c.name() + (c.end() > c.start() ? ", " + ms(c.end() - c.start()) : "") + (c.stopped() ? ", stopped here" : ""));
        if (c.stopped()) {
            out.append("<rect x=\"").append(x(c.start(), duration)).append("\" y=\"").append(y - 9).append("\" width=\"")
                    .append(Math.max(4, w(c.start(), c.end(), duration))).append("\" height=\"18\" fill=\"#ef9a9a\" stroke=\"#c62828\""
                            + " stroke-width=\"1.5\"><title>").append(title).append("</title></rect>\n");
            out.append("<text x=\"").append(LEFT + PLOT + 8).append("\" y=\"").append(y + 4).append("\" fill=\"#c62828\">")
                    .append(esc("stopped in " + shorten(c.name(), 44))).append("</text>\n");
        } else if (c.end() > c.start()) {
            out.append("<rect x=\"").append(x(c.start(), duration)).append("\" y=\"").append(y - 7).append("\" width=\"")
                    .append(w(c.start(), c.end(), duration)).append("\" height=\"14\" fill=\"#ffcc80\" stroke=\"#ef6c00\"><title>")
                    .append(title).append("</title></rect>\n");
        } else {
            out.append("<rect x=\"").append(x(c.start(), duration)).append("\" y=\"").append(y - 7)
                    .append("\" width=\"2\" height=\"14\" fill=\"#6a1b9a\"><title>").append(title).append("</title></rect>\n");
        }
    }

    private static int rowY(int rank) {
        return TOP + ROW * rank + ROW / 2;
    }

    private static String x(long t, long duration) {
        return String.format(Locale.ROOT, "%.1f", LEFT + PLOT * (double) t / duration);
    }

    private static double w(long start, long end, long duration) {
        return Math.max(2, Math.round(PLOT * 10.0 * (end - start) / duration) / 10.0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Escapes text for XML content and attributes. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
