package io.mpi4j.jni;

import java.util.Locale;
import java.util.function.Function;

/**
 * How a rank waits for MPI: inside the library's blocking calls, or by polling with backoff.
 *
 * <p>MPI libraries wait by polling their queues without giving up the core: the lowest latency when
 * each rank has a core, and a collapse when ranks outnumber cores. MPICH 4.0's ch4 device never
 * yields, so a rank spinning in MPI_Barrier holds its core for the whole time slice while the rank
 * it waits for cannot run: on 4 ranks over 2 cores a barrier costs about 22 ms and MPI_Comm_dup
 * about 30 ms (measured in C with {@code mpiexec.mpich -n 4}); the same calls started nonblocking
 * and completed with MPI_Test and {@code sched_yield} cost 0.015 ms and 0.08 ms. Open MPI yields
 * by itself when {@code mpirun} knows it oversubscribes ({@code mpi_yield_when_idle}, on by default
 * when {@code OMPI_MCA_mpi_oversubscribe} is 1), and then its blocking calls are the faster ones
 * (Java, 4 ranks on 2 cores: barrier 0.010 ms blocking against 0.16 ms polling).
 *
 * <p>So when a node runs more ranks than it has processors ({@link #nodeProcessors()}) and the library does not yield by
 * itself, the provider waits by {@link #POLL}: blocking collectives and MPI_Comm_dup are started
 * nonblocking, and every wait is MPI_Test with {@link Idle#oversubscribed()}'s backoff. With MPICH,
 * 4 ranks on 2 cores, from Java: barrier 25 ms → 0.46 ms, dup and free 61 ms → 0.3 ms. The
 * communicator constructors without a nonblocking form (split, create, intercommunicators) still
 * block in the library. {@code -Dmpi4j.native.wait=block} or {@code poll} overrides the choice.
 */
enum WaitPolicy {
    /** Block inside the MPI library (MPI_Wait, blocking collectives): each rank has a core. */
    BLOCK,
    /** Poll with MPI_Test and back off: ranks outnumber cores. */
    POLL;

    /** The system property that overrides the choice: {@code block}, {@code poll} or {@code auto}. */
    static final String PROPERTY = "mpi4j.native.wait";

    /** Launcher variables holding the number of ranks on this node. */
    private static final String[] LOCAL_SIZE_VARIABLES = {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS",
        "SLURM_NTASKS_PER_NODE"};

    /**
     * The number of ranks on this node as the launcher tells it, or -1 where it does not.
     *
     * @param env the process environment
     * @return the count, or -1
     */
    static int localRanksFromLauncher(Function<String, String> env) {
        for (String v : LOCAL_SIZE_VARIABLES) {
            String s = env.apply(v);
            if (s != null) {
                try {
                    return Integer.parseInt(s.strip());
                } catch (NumberFormatException e) {
                    // Slurm writes "2(x3)" for uneven nodes: not a count to rely on; try the next
                }
            }
        }
        return -1;
    }

    /**
     * The processors the ranks of this node share, for comparing with the ranks on it. A rank the
     * launcher bound to its own cores (Open MPI binds each rank to a core when the node has enough)
     * sees only those through {@link Runtime#availableProcessors()}: then the node's online CPUs
     * count, since the launcher placed the ranks. Otherwise what the JVM sees (which includes a
     * container's CPU quota).
     *
     * @param available {@link Runtime#availableProcessors()}
     * @param allowed the CPUs this process may run on ({@code Cpus_allowed_list}), or -1 if unknown
     * @param online the node's online CPUs, or -1 if unknown
     * @return the processors to compare the node's ranks with
     */
    static int nodeProcessors(int available, int allowed, int online) {
        return allowed > 0 && online > 0 && allowed < online ? online : available;
    }

    /**
     * Counts the CPUs of a Linux CPU list such as {@code 0-3,8,10-11}.
     *
     * @param list the list
     * @return the count, or -1 if the list cannot be read
     */
    static int cpuCount(String list) {
        int n = 0;
        try {
            for (String part : list.strip().split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                int dash = part.indexOf('-');
                if (dash < 0) {
                    Integer.parseInt(part); // a single CPU, checked to be one
                    n += 1;
                } else {
                    n += Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
                }
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return n > 0 ? n : -1;
    }

    /** {@link #nodeProcessors} for this process, from /proc and /sys where they exist. */
    static int nodeProcessors() {
        int allowed = -1;
        int online = -1;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    allowed = cpuCount(line.substring("Cpus_allowed_list:".length()));
                }
            }
            online = cpuCount(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/online")));
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or hidden: what the JVM sees
        }
        return nodeProcessors(Runtime.getRuntime().availableProcessors(), allowed, online);
    }

    /**
     * Tells whether the MPI library yields the core by itself while it waits: Open MPI with
     * {@code mpi_yield_when_idle}, set explicitly or defaulted on by {@code mpirun} when it knows it
     * oversubscribes the node.
     *
     * @param env the process environment
     * @return {@code true} if the library yields
     */
    static boolean libraryYields(Function<String, String> env) {
        String yield = env.apply("OMPI_MCA_mpi_yield_when_idle");
        if (yield != null) {
            return truthy(yield);
        }
        String over = env.apply("OMPI_MCA_mpi_oversubscribe");
        return over != null && truthy(over);
    }

    private static boolean truthy(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    /**
     * Chooses the policy.
     *
     * @param setting the value of {@link #PROPERTY}, or {@code null}
     * @param localRanks the number of ranks on this node
     * @param processors the processors this JVM may use
     * @param libraryYields whether the library yields by itself ({@link #libraryYields})
     * @return {@link #POLL} when ranks outnumber processors and the library does not yield (or when
     *     asked for)
     * @throws IllegalArgumentException if {@code setting} is not block, poll or auto
     */
    static WaitPolicy choose(String setting, int localRanks, int processors, boolean libraryYields) {
        String s = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "block" -> BLOCK;
            case "poll" -> POLL;
            case "auto", "" -> localRanks > processors && !libraryYields ? POLL : BLOCK;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting
                    + " is not a wait policy; use block, poll or auto");
        };
    }
}
