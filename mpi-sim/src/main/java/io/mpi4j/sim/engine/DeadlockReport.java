package io.mpi4j.sim.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of a deadlock: what each rank is blocked in, and the wait-for cycle.
 *
 * <pre>
 * deadlock: all 2 ranks of sim job 'test' are blocked and none can proceed
 *   rank 0 blocked in recv(source=1, tag=0, comm=WORLD)
 *   rank 1 blocked in recv(source=0, tag=0, comm=WORLD)
 *   wait-for cycle: rank 0 -> rank 1 -> rank 0
 * </pre>
 */
final class DeadlockReport {
    private DeadlockReport() {
    }

    /** Under the world lock. */
    static String build(SimWorld world) {
        StringBuilder sb = new StringBuilder();
        sb.append("deadlock: every unfinished rank of sim job '").append(world.name).append("' (size=")
                .append(world.size).append(") is blocked and none can proceed\n");
        sb.append(rankLines(world));
        sb.append("  ").append(cycle(world));
        sb.append(wildcardNotes(world));
        int notes = 0;
        for (RankState r : world.ranks) {
            String note = r.refusedCollective;
            if (note != null && notes++ < 8) {
                sb.append("  note: ").append(note).append('\n');
            }
        }
        if (notes > 8) {
            sb.append("  ... and ").append(notes - 8).append(" more ranks refused a collective by their own argument checks\n");
        }
        return sb.toString();
    }

    /** Worlds up to this size get one line per rank; larger ones one line per state, ranks grouped. */
    private static final int LINES = 64;

    /**
     * One line per rank: what it is blocked in, or that it finished or is running; in a world of
     * more than {@value #LINES} ranks one line per distinct state, naming its ranks as ranges, so
     * that the odd rank out (the one that finished, or called something else) is not cut off.
     * Under the world lock.
     */
    static String rankLines(SimWorld world) {
        java.util.Map<String, List<Integer>> byState = new java.util.LinkedHashMap<>();
        for (RankState r : world.ranks) {
            byState.computeIfAbsent(state(world, r), k -> new ArrayList<>()).add(r.worldRank);
        }
        StringBuilder sb = new StringBuilder();
        if (world.size <= LINES) {
            for (RankState r : world.ranks) {
                sb.append("  rank ").append(r.worldRank).append(' ').append(state(world, r)).append('\n');
            }
            return sb.toString();
        }
        int shown = 0;
        for (var e : byState.entrySet()) {
            if (++shown > LINES) {
                sb.append("  ... ").append(byState.size() - LINES).append(" more states\n");
                break;
            }
            sb.append("  ").append(ranks(e.getValue())).append(' ').append(e.getKey()).append('\n');
        }
        return sb.toString();
    }

    /**
     * For each blocked rank (at most eight), the latest messages its ANY_SOURCE receives took: a
     * wildcard that took the message a later named receive waits for is a classic cause.
     */
    private static String wildcardNotes(SimWorld world) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (RankState r : world.ranks) {
            if (r.finished || world.parkedOp(r) == null || !r.mailbox.lock.tryLock()) {
                continue; // never wait for a mailbox under the world lock (see nearMisses)
            }
            java.util.List<String> matched;
            try {
                matched = r.recentWildcards();
            } finally {
                r.mailbox.lock.unlock();
            }
            if (!matched.isEmpty() && shown++ < 8) {
                sb.append("  note: rank ").append(r.worldRank).append("'s ANY_SOURCE receives took the messages of ")
                        .append(String.join(", then ", matched)).append('\n');
            }
        }
        return sb.toString();
    }

    /** At most this many near misses per blocked receive. */
    private static final int NEAR_MISSES = 3;

    /**
     * The messages queued at a rank blocked in a receive or probe that it just misses: the same
     * tag from another source, the same source with another tag, or both on another communicator
     * (a tag or rank typo, or a message sent on the parent communicator). Empty if none.
     */
    private static String nearMisses(RankState r, PendingOp.Receive want) {
        if (want == null) {
            return "";
        }
        // the report is built under the world lock, and a sender may take the world lock while it
        // holds a mailbox's: never wait for this one (when every rank is blocked it is free)
        java.util.List<Envelope> queued;
        if (!r.mailbox.lock.tryLock()) {
            return "";
        }
        try {
            queued = r.mailbox.unexpected();
        } finally {
            r.mailbox.lock.unlock();
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Envelope e : queued) {
            boolean sourceOk = want.source() == io.mpi4j.Mpi.ANY_SOURCE || e.source == want.source();
            boolean tagOk = want.tag() == io.mpi4j.Mpi.ANY_TAG || e.tag == want.tag();
            boolean sameComm = e.context == want.context();
            String why = sameComm && sourceOk ? "tag=" + e.tag : sameComm && tagOk ? "source=" + e.source
                    : !sameComm && sourceOk && tagOk ? "source=" + e.source + ", tag=" + e.tag + " on "
                            + (e.from == null ? "another communicator" : e.from.displayName()) : null;
            if (why == null) {
                continue;
            }
            if (shown++ == NEAR_MISSES) {
                sb.append(", ...");
                break;
            }
            sb.append(shown == 1 ? "; queued there unmatched: " : ", ").append("a message with ").append(why)
                    .append(" (").append(e.bytes).append(" bytes)");
        }
        return sb.toString();
    }

    /** What a rank is doing, for its line. */
    private static String state(SimWorld world, RankState r) {
        PendingOp op = world.parkedOp(r);
        if (r.finished) {
            return "finished";
        } else if (op != null) {
            return "blocked in " + op.description() + nearMisses(r, op.receive());
        } else if (!r.started) {
            return "not started";
        } else if (world.isDeterministic()) {
            // one rank runs at a time: the others wait for the token at a call, they do not run
            return world.tokenHolder() == r.worldRank ? "holds the schedule's token, running outside MPI"
                    : "waiting for its turn at an MPI call (deterministic schedule)";
        }
        return "running (not in a blocking MPI call)";
    }

    /** "rank 3", or "ranks 0-776, 778-999" for several (ascending). */
    static String ranks(List<Integer> ranks) {
        if (ranks.size() == 1) {
            return "rank " + ranks.get(0);
        }
        StringBuilder sb = new StringBuilder("ranks ");
        for (int i = 0; i < ranks.size(); i++) {
            int from = ranks.get(i);
            int to = from;
            while (i + 1 < ranks.size() && ranks.get(i + 1) == to + 1) {
                to = ranks.get(++i);
            }
            sb.append(sb.length() > 6 ? ", " : "").append(from).append(to == from ? "" : (to == from + 1 ? ", " : "-") + to);
        }
        return sb.toString();
    }

    private static String cycle(SimWorld world) {
        int n = world.size;
        int[][] edges = new int[n][];
        boolean[] blocked = new boolean[n];
        for (RankState r : world.ranks) {
            PendingOp op = world.parkedOp(r);
            if (op != null && !r.finished) {
                blocked[r.worldRank] = true;
                edges[r.worldRank] = op.waitsFor();
            }
        }
        // Depth-first search for a cycle among blocked ranks; a null edge list means "any rank".
        int[] state = new int[n];
        int[] parent = new int[n];
        for (int start = 0; start < n; start++) {
            if (!blocked[start] || state[start] != 0) {
                continue;
            }
            List<Integer> cycle = dfs(start, edges, blocked, state, parent, n);
            if (cycle != null) {
                StringBuilder sb = new StringBuilder("wait-for cycle: ");
                for (int i = 0; i < cycle.size(); i++) {
                    sb.append(i == 0 ? "" : " -> ").append("rank ").append(cycle.get(i));
                }
                return sb.append('\n').toString();
            }
        }
        StringBuilder sb = new StringBuilder("no wait-for cycle");
        // the ranks that wait for the same finished ranks, together: in a large world one rank
        // missing from a collective makes every other wait for it
        java.util.Map<String, List<Integer>> waitsForFinished = new java.util.LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            if (blocked[r] && edges[r] != null) {
                List<Integer> finished = new ArrayList<>();
                for (int t : edges[r]) {
                    if (world.ranks[t].finished) {
                        finished.add(t);
                    }
                }
                if (!finished.isEmpty()) {
                    waitsForFinished.computeIfAbsent(ranks(finished), k -> new ArrayList<>()).add(r);
                }
            }
        }
        boolean anyFinished = !waitsForFinished.isEmpty();
        int shown = 0;
        for (var e : waitsForFinished.entrySet()) {
            if (++shown > LINES) {
                sb.append("; ...");
                break;
            }
            sb.append(shown == 1 ? ": " : "; ").append(ranks(e.getValue())).append(e.getValue().size() == 1 ? " waits" : " wait")
                    .append(" for ").append(e.getKey()).append(" (finished)");
        }
        if (!anyFinished) {
            sb.append(": the ranks wait for messages or calls that no rank will make (mismatched sends and receives, or ranks in"
                    + " different collective calls)");
        }
        return sb.append('\n').toString();
    }

    private static List<Integer> dfs(int node, int[][] edges, boolean[] blocked, int[] state, int[] parent, int n) {
        // iterative DFS: state 0 = new, 1 = on stack, 2 = done
        int[] stack = new int[n];
        int[] next = new int[n];
        int sp = 0;
        stack[sp++] = node;
        state[node] = 1;
        parent[node] = -1;
        while (sp > 0) {
            int u = stack[sp - 1];
            int[] out = edges[u];
            int degree = out == null ? n : out.length;
            if (next[u] >= degree) {
                state[u] = 2;
                sp--;
                continue;
            }
            int v = out == null ? next[u] : out[next[u]];
            next[u]++;
            if (v == u && out == null) {
                continue;
            }
            if (v < 0 || v >= n || !blocked[v]) {
                continue;
            }
            if (state[v] == 1) {
                List<Integer> cycle = new ArrayList<>();
                for (int i = 0; i < sp; i++) {
                    if (stack[i] == v) {
                        for (int j = i; j < sp; j++) {
                            cycle.add(stack[j]);
                        }
                        break;
                    }
                }
                cycle.add(v);
                return cycle;
            }
            if (state[v] == 0) {
                state[v] = 1;
                parent[v] = u;
                stack[sp++] = v;
            }
        }
        return null;
    }
}
