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
        return sb.toString();
    }

    /** One line per rank: what it is blocked in, or that it finished or is running. Under the world lock. */
    static String rankLines(SimWorld world) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (RankState r : world.ranks) {
            if (++shown > 64) {
                sb.append("  ... ").append(world.size - 64).append(" more ranks\n");
                break;
            }
            sb.append("  rank ").append(r.worldRank);
            PendingOp op = world.parkedOp(r);
            if (r.finished) {
                sb.append(" finished");
            } else if (op != null) {
                sb.append(" blocked in ").append(op.description());
            } else if (!r.started) {
                sb.append(" not started");
            } else {
                sb.append(" running (not in a blocking MPI call)");
            }
            sb.append('\n');
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
        boolean anyFinished = false;
        for (int r = 0; r < n; r++) {
            if (blocked[r] && edges[r] != null) {
                List<String> finished = new ArrayList<>();
                for (int t : edges[r]) {
                    if (world.ranks[t].finished) {
                        finished.add("rank " + t);
                    }
                }
                if (!finished.isEmpty()) {
                    sb.append(anyFinished ? "; " : ": ").append("rank ").append(r).append(" waits for ").append(String.join(", ", finished))
                            .append(" (finished)");
                    anyFinished = true;
                }
            }
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
