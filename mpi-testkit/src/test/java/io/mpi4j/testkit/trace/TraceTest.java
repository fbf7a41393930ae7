package io.mpi4j.testkit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.Op;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.Sim;
import io.mpi4j.sim.Trace;
import io.mpi4j.sim.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Traces of sim jobs: what they record, and the files written from them. */
@Timeout(60)
class TraceTest {
    private static Trace traced(Sim.Builder sim, io.mpi4j.sim.RankAction body) {
        AtomicReference<Trace> trace = new AtomicReference<>();
        try {
            sim.trace(trace::set).build().exec(body);
        } catch (DeadlockException e) {
            // the trace is handed over before the exception
        }
        return trace.get();
    }

    @Test
    void aCompletedJobRecordsCallsMessagesAndRanks() {
        Trace t = traced(Sim.builder().ranks(2).name("pingpong"), world -> {
            int[] v = {world.rank()};
            if (world.rank() == 0) {
                world.send(v, 1, 7);
                world.recv(v, 1, 8);
            } else {
                world.recv(v, 0, 7);
                world.send(v, 0, 8);
            }
            world.allreduce(Buf.of(v), Buf.of(new int[1]), Op.SUM);
        });
        assertEquals("completed", t.outcome());
        assertEquals("pingpong", t.job());
        List<TraceEvent.Message> messages = t.events().stream().filter(e -> e instanceof TraceEvent.Message)
                .map(e -> (TraceEvent.Message) e).toList();
        assertEquals(2, messages.size(), t.events()::toString);
        assertTrue(messages.stream().anyMatch(m -> m.source() == 0 && m.dest() == 1 && m.tag() == 7 && m.bytes() == 4 && m.end() >= m.start()));
        assertTrue(messages.stream().anyMatch(m -> m.source() == 1 && m.dest() == 0 && m.tag() == 8));
        assertEquals(2, t.events().stream().filter(e -> e instanceof TraceEvent.RankSpan).count());
        assertTrue(t.events().stream().anyMatch(e -> e instanceof TraceEvent.Call c && c.name().startsWith("allreduce")), t::toString);
        assertTrue(t.events().stream().noneMatch(e -> e instanceof TraceEvent.Call c && c.stopped()));
    }

    @Test
    void aDeadlockedJobShowsWhereEachRankStopped() {
        Trace t = traced(Sim.builder().ranks(2).buffering(Buffering.zero()), world -> {
            world.send(new int[1], 1 - world.rank(), 0);
            world.recv(new int[1], 1 - world.rank(), 0);
        });
        assertTrue(t.outcome().startsWith("deadlock"), t.outcome());
        // both rendezvous sends are queued at their destinations, never matched
        assertEquals(2, t.events().stream().filter(e -> e instanceof TraceEvent.Unmatched).count(), t::toString);
        for (int r = 0; r < 2; r++) {
            int rank = r;
            assertTrue(t.events().stream().anyMatch(e -> e instanceof TraceEvent.Call c && c.rank() == rank && c.stopped()
                    && c.name().equals("send(dest=" + (1 - rank) + ", tag=0, comm=WORLD)")), t::toString);
        }
    }

    @Test
    void filesAreWrittenAndWellFormed(@TempDir Path dir) throws Exception {
        Trace t = traced(Sim.builder().ranks(3).buffering(Buffering.zero()).name("ring <zero>"), world -> {
            int n = world.size();
            world.send(new int[] {world.rank()}, (world.rank() + 1) % n, 0);
            world.recv(new int[1], (world.rank() + n - 1) % n, 0);
        });
        List<Path> files = TraceFiles.write(t, dir, "ring <zero>");
        assertEquals(List.of(dir.resolve("ring__zero_.trace.json"), dir.resolve("ring__zero_.svg")), files);
        String json = Files.readString(files.get(0));
        assertTrue(json.startsWith("{\"displayTimeUnit\"") && json.contains("\"thread_name\"") && json.contains("\"stopped\":true"), json);
        assertTrue(json.contains("\"name\":\"rank 2\""), json);
        // the SVG is one document, names every rank, and labels where each stopped
        String svg = Files.readString(files.get(1));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.strip().endsWith("</svg>"), svg);
        assertEquals(svg.split("<rect").length - 1, svg.split("</rect>").length - 1, "every rect is closed");
        for (int r = 0; r < 3; r++) {
            assertTrue(svg.contains(">rank " + r + "<"), svg);
        }
        assertEquals(3, svg.split("stopped in send\\(dest=").length - 1, svg);
        assertTrue(svg.contains("sim job ring &lt;zero&gt;"), svg);
        assertFalse(svg.contains("<script"), svg);
    }

    @Test
    void aTracedDeterministicRunRecordsTheSameCallOrderEachTime() {
        io.mpi4j.sim.RankAction race = world -> {
            if (world.rank() == 0) {
                world.recv(new int[1], io.mpi4j.Mpi.ANY_SOURCE, 0);
                world.recv(new int[1], io.mpi4j.Mpi.ANY_SOURCE, 0);
            } else {
                world.send(new int[] {world.rank()}, 0, 0);
            }
        };
        List<String> first = callOrder(traced(Sim.builder().ranks(3).deterministic(11), race));
        List<String> again = callOrder(traced(Sim.builder().ranks(3).deterministic(11), race));
        assertEquals(first, again);
    }

    private static List<String> callOrder(Trace t) {
        return t.events().stream().filter(e -> e instanceof TraceEvent.Call c && c.end() == c.start())
                .map(e -> ((TraceEvent.Call) e).rank() + ":" + ((TraceEvent.Call) e).name()).toList();
    }
}
