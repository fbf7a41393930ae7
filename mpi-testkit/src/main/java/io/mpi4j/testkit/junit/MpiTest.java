package io.mpi4j.testkit.junit;

import io.mpi4j.sim.CollectiveAlgorithms;
import io.mpi4j.sim.ThreadKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method on every rank of a {@code sim} world, once per listed world size.
 *
 * <p>Each invocation is a {@code sim} job whose ranks are threads of the test JVM. The method runs
 * on every rank's thread, with these parameters resolved per rank:
 * <ul>
 *   <li>{@link io.mpi4j.Intracomm} (or {@link io.mpi4j.Comm}): the rank's world communicator;</li>
 *   <li>{@link io.mpi4j.Mpi}: the rank's MPI handle;</li>
 *   <li>{@code int} annotated with {@link Rank @Rank}: the rank's world rank.</li>
 * </ul>
 * Other parameters ({@code TestInfo}, {@code @TempDir}, ...) are resolved once by JUnit and shared.
 * JUnit creates one test instance per invocation and every rank of that invocation runs on it, so
 * <b>fields are shared between ranks</b>: use them only for data that is thread-safe, or index
 * them by rank. {@code @BeforeEach} and {@code @AfterEach} methods run once per invocation, on the
 * JUnit thread, outside the MPI job.
 *
 * <p>An invocation fails
 * <ul>
 *   <li>when a rank throws (an assertion, an {@link io.mpi4j.MpiException} for an invalid argument
 *       or a collective mismatch, ...) or calls {@code abort}: the message starts with
 *       {@code "rank N failed: "} for the first rank that failed, the cause is that rank's
 *       throwable, and the other ranks that failed are listed and attached as suppressed;</li>
 *   <li>on a deadlock, with the {@link io.mpi4j.DeadlockException}'s report of every rank's pending
 *       call;</li>
 *   <li>after {@link #timeoutSeconds()}, with each rank's state: every {@code @MpiTest} is bounded
 *       (per schedule, with {@link #schedules()});</li>
 *   <li>with {@link #leakChecks()} on, when the ranks leave requests, communicators, derived datatypes or messages behind
 *       ({@link io.mpi4j.testkit.check.LeakException}).</li>
 * </ul>
 *
 * <p>With {@link #seed()} or {@link #schedules()}, the ranks run in {@code sim}'s deterministic
 * mode, and a failure names the seed that replays it:
 *
 * {@snippet :
 * @MpiTest(ranks = 3, schedules = 200)   // fails with "... schedule seed=17 ... @MpiTest(seed = 17L) replays this run"
 * void firstMessageWins(Intracomm world) { ... }
 * }
 *
 * <p>The annotation may be used as a meta-annotation, to compose an annotation of one's own:
 *
 * {@snippet :
 * @Target(ElementType.METHOD)
 * @Retention(RetentionPolicy.RUNTIME)
 * @MpiTest(ranks = {2, 3, 4}, buffering = "zero")
 * @interface UnbufferedMpiTest {
 * }
 * }
 *
 * {@snippet :
 * @MpiTest(ranks = {1, 2, 4, 7})
 * void allreduceSumsTheRanks(Intracomm world, @Rank int rank) {
 *     int[] sum = new int[1];
 *     world.allreduce(Buf.of(new int[] {rank}), Buf.of(sum), Op.SUM);
 *     assertEquals(world.size() * (world.size() - 1) / 2, sum[0]);
 * }
 * }
 */
@Documented
@Target({ElementType.ANNOTATION_TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(MpiTestExtension.class)
public @interface MpiTest {
    /**
     * The world sizes to run the method with, one invocation each, named {@code "[N ranks]"}.
     *
     * @return at least one size, each {@code > 0}
     */
    int[] ranks() default {1, 2, 4, 7};

    /**
     * How standard-mode sends are buffered, in the textual form of
     * {@link io.mpi4j.sim.Buffering#parse(String)}: {@code "eager"} (the default: up to 64 KiB),
     * {@code "eager:BYTES"}, {@code "zero"} (every send waits for its receive: finds programs that
     * only work thanks to buffering) or {@code "infinite"}.
     *
     * @return the buffering mode
     */
    String buffering() default "eager";

    /**
     * The kind of thread each rank runs on.
     *
     * @return {@link ThreadKind#VIRTUAL} by default
     */
    ThreadKind threads() default ThreadKind.VIRTUAL;

    /**
     * How collectives run: on shared memory, or as point-to-point messages as a distributed
     * provider does.
     *
     * @return {@link CollectiveAlgorithms#SHARED_MEMORY} by default
     */
    CollectiveAlgorithms collectives() default CollectiveAlgorithms.SHARED_MEMORY;

    /**
     * The time after which an invocation is aborted and fails with each rank's state.
     *
     * @return a positive number of seconds; 30 by default
     */
    long timeoutSeconds() default 30;

    /**
     * Whether each invocation ends with a {@linkplain io.mpi4j.testkit.check.LeakCheck leak check}:
     * requests never completed, communicators created and not closed, derived datatypes created and
     * not freed and messages sent and never received fail the test, each reported with where the
     * program created it.
     * The check is collective: it runs on every rank after the method has returned on all ranks.
     *
     * @return {@code true} by default
     */
    boolean leakChecks() default true;

    /**
     * Whether every receive must use the datatype its message was sent with: a mismatch (INT sent,
     * FLOAT received) fails with {@code ERR_TYPE} naming both types instead of reinterpreting the
     * bytes. {@code BYTE} on either side matches anything.
     *
     * @return {@code true} by default
     */
    boolean checkTypes() default true;

    /**
     * Whether the buffer of every nonblocking send must stay untouched until a wait or test reports
     * its completion: a write in between fails that wait or test with {@code ERR_BUFFER} (see
     * {@code Sim.Builder.checkBuffers}).
     *
     * @return {@code true} by default
     */
    boolean checkBuffers() default true;

    /**
     * The thread level each rank asks for ({@code Mpi.threadLevel()}); at {@code SINGLE} and
     * {@code FUNNELED} a call from another thread than the rank's own fails with {@code ERR_OTHER}
     * (see {@code Sim.Builder.checkThreadLevel}).
     *
     * @return {@code MULTIPLE} by default
     */
    io.mpi4j.ThreadLevel threadLevel() default io.mpi4j.ThreadLevel.MULTIPLE;

    /** The value of {@link #seed()} that means "no seed": the concurrent mode, unless {@link #schedules()} asks for more. */
    long CONCURRENT = Long.MIN_VALUE;

    /**
     * Runs each invocation in {@code sim}'s deterministic mode with this seed: one rank at a time,
     * every scheduling and {@code ANY_SOURCE} matching choice from the seed (see
     * {@link io.mpi4j.sim.Schedule}). A failure's message names the seed of its run; putting that
     * seed here replays the run exactly. With {@link #schedules()}, the first seed explored.
     *
     * @return the seed; {@link #CONCURRENT} (the default) for the concurrent mode
     */
    long seed() default CONCURRENT;

    /**
     * Explores this many deterministic schedules per world size, with the seeds {@link #seed()},
     * {@code seed() + 1}, ... (from 0 when no seed is given); the invocation fails at the first
     * schedule that fails, naming its seed.
     *
     * @return the number of schedules; 0 (the default) for one run, deterministic only if
     *     {@link #seed()} is given
     */
    int schedules() default 0;

    /**
     * Writes a trace of every run into this directory (relative to the working directory, which
     * is the module's under Maven): {@code Class.method-Nranks[-seedS].trace.json} for Perfetto
     * or {@code chrome://tracing}, and {@code .svg}, a timeline any browser shows, where a
     * deadlocked run shows the call each rank stopped in. Written also when the run fails.
     *
     * @return the directory, such as {@code "target/mpi-traces"}; empty (the default) for no trace
     */
    String trace() default "";
}
