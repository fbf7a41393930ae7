package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpi4j.Buf;
import io.mpi4j.Comm;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The base of every TCK class: access to the provider's {@link TckRunner} and the helpers the
 * cases share.
 *
 * <p>Every case is bounded twice: by JUnit's {@link Timeout} on the class, and by the time limit of
 * the job's {@link TckOptions}, which the runner enforces by aborting the job.
 */
@Timeout(120)
public abstract class AbstractTck {
    /** The world sizes most cases run on: the single rank, a pair, and odd sizes. */
    protected static final int[] WORLD_SIZES = {1, 2, 3, 5};

    /** Creates the test instance; subclasses supply the runner. */
    protected AbstractTck() {
    }

    /**
     * Returns the runner of the provider under test.
     *
     * @return the runner; may be the same instance for every call
     */
    protected abstract TckRunner runner();

    /**
     * Runs a job with the default options.
     *
     * @param ranks the world size
     * @param body the code of every rank
     * @param <T> the type of the results
     * @return the per-rank results
     */
    protected final <T> List<T> run(int ranks, RankBody<T> body) {
        return runner().run(ranks, TckOptions.defaults(), body);
    }

    /**
     * Runs a job with the given options.
     *
     * @param ranks the world size
     * @param options buffering and time limit
     * @param body the code of every rank
     * @param <T> the type of the results
     * @return the per-rank results
     */
    protected final <T> List<T> run(int ranks, TckOptions options, RankBody<T> body) {
        return runner().run(ranks, options, body);
    }

    /**
     * Skips the case unless the world has at least {@code min} ranks.
     *
     * @param ranks the world size of this invocation
     * @param min the smallest size the case makes sense for
     */
    protected static void assumeRanksAtLeast(int ranks, int min) {
        assumeTrue(ranks >= min, () -> "this case needs at least " + min + " ranks; skipped for ranks=" + ranks);
    }

    /**
     * Skips the case unless the provider has the capability.
     *
     * @param capability what the case needs
     */
    protected final void assumeCapability(Capability capability) {
        assumeTrue(runner().capabilities().contains(capability),
                () -> runner().name() + " does not offer " + capability + "; the case cannot check anything there");
    }

    /**
     * Asserts that an MPI call raises {@link MpiException} of the expected class; usable inside ranks.
     *
     * @param expected the error class MPI prescribes
     * @param call the erroneous call
     * @return the exception, for further checks of its message
     */
    public static MpiException assertMpiError(ErrorClass expected, Executable call) {
        MpiException e = assertThrows(MpiException.class, call, () -> "expected " + expected);
        assertEquals(expected, e.errorClass(), () -> "wrong error class; message was: " + e.getMessage());
        return e;
    }

    /**
     * Asserts what a receive that failed with {@link ErrorClass#ERR_TRUNCATE} may have left in an
     * {@code int[]}: MPI-4.1 §3.2.4 says only that "an overflow error occurs if all incoming data
     * does not fit, without truncation, into the receive buffer"; it does not say that the part that
     * fits is stored (Open MPI stores it, MPICH's ch4:ucx stores nothing). So each element of the
     * receive buffer ({@code fits} elements from index 0) holds either its old value or the
     * message's element at that index, and nothing beyond the buffer changes.
     *
     * @param message the elements that were sent
     * @param before the array's contents before the receive
     * @param after the array after the receive
     * @param fits the number of elements of the receive buffer
     */
    public static void assertTruncatedReceive(int[] message, int[] before, int[] after, int fits) {
        for (int i = 0; i < after.length; i++) {
            int at = i;
            if (i < fits) {
                assertTrue(after[i] == before[i] || after[i] == message[i], () -> "element " + at + " of a truncated receive is "
                        + after[at] + ": neither its old value " + before[at] + " nor the message's " + message[at] + "; array "
                        + java.util.Arrays.toString(after));
            } else {
                assertEquals(before[i], after[i], () -> "a truncated receive wrote beyond its buffer, at index " + at);
            }
        }
    }

    /**
     * Asserts that an erroneous nonblocking call raises {@link MpiException} of the expected class,
     * either when it is started or when its request is completed (MPI lets an implementation
     * report the error at either point).
     *
     * @param expected the error class
     * @param start starts the operation
     * @return the exception
     */
    public static MpiException assertMpiErrorStartingOrCompleting(ErrorClass expected, StartCall start) {
        Request<?> r;
        try {
            r = start.start();
        } catch (MpiException e) {
            assertEquals(expected, e.errorClass(), () -> "wrong error class; message was: " + e.getMessage());
            return e;
        }
        return assertMpiError(expected, r::await);
    }

    /** Starts a nonblocking operation that may fail at once; see {@link #assertMpiErrorStartingOrCompleting}. */
    @FunctionalInterface
    public interface StartCall {
        /**
         * Starts the operation.
         *
         * @return its request
         */
        Request<?> start();
    }

    /**
     * Asserts the envelope of a status: source, tag and element count in the status' datatype.
     *
     * @param status the status to check
     * @param source the expected source
     * @param tag the expected tag
     * @param count the expected element count
     */
    public static void assertEnvelope(Status status, int source, int tag, long count) {
        assertEquals(source, status.source(), () -> "status.source of " + status);
        assertEquals(tag, status.tag(), () -> "status.tag of " + status);
        assertEquals(count, status.count(), () -> "status.count of " + status);
        assertEquals(ErrorClass.SUCCESS, status.error(), () -> "status.error of " + status);
    }

    /**
     * Proves that a communicator is still usable: every rank passes its rank to the right in a ring
     * and checks what it got from the left (MPI-4.1 §9.3: with MPI_ERRORS_RETURN, an error leaves the
     * communicator usable).
     *
     * @param comm the communicator
     * @param tag the tag to use
     */
    public static void assertRingExchangeWorks(Comm comm, int tag) {
        int[] got = {-1};
        Status s = comm.sendrecv(Buf.of(new int[] {comm.rank()}), right(comm), tag, Buf.of(got), left(comm), tag);
        assertEquals(left(comm), got[0], "ring exchange after an error");
        assertEnvelope(s, left(comm), tag, 1);
    }

    /**
     * Returns the right neighbour in the ring of ranks.
     *
     * @param comm the communicator
     * @return {@code (rank + 1) % size}
     */
    public static int right(Comm comm) {
        return (comm.rank() + 1) % comm.size();
    }

    /**
     * Returns the left neighbour in the ring of ranks.
     *
     * @param comm the communicator
     * @return {@code (rank - 1 + size) % size}
     */
    public static int left(Comm comm) {
        return (comm.rank() - 1 + comm.size()) % comm.size();
    }

    /**
     * Spins until the request has completed or the deadline passes; for checks that must not
     * complete the request (unlike {@link Request#test()}).
     *
     * @param request the request
     * @param millis how long to wait at most
     */
    public static void awaitCompletionWithoutReporting(Request<?> request, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!request.isComplete()) {
            if (System.nanoTime() - deadline > 0) {
                fail("the request did not complete within " + millis + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
