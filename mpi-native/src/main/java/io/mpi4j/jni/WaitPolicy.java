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
 * <p>So when a node runs more ranks than the JVM sees processors and the library does not yield by
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
