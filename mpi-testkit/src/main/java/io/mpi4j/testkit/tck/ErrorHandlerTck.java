package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.CartComm;
import io.mpi4j.Comm;
import io.mpi4j.ErrorClass;
import io.mpi4j.ErrorHandler;
import io.mpi4j.Intercomm;
import io.mpi4j.Intracomm;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.Request;
import io.mpi4j.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.function.Executable;

/**
 * Conformance of error handlers on communicators (MPI-4.1 §9.3): {@code MPI_ERRORS_RETURN} is
 * the default and leaves the communicator usable; {@code MPI_ERRORS_ARE_FATAL} and
 * {@code MPI_ERRORS_ABORT} end the job with the error's code, for errors raised at the call and at
 * request completion alike; a user handler ({@code MPI_Comm_create_errhandler}) is called exactly
 * once per error with the communicator the failing operation was called on, after which mpi4j
 * throws the same error; handlers are per communicator and inherited by duplicates;
 * {@code MPI_Comm_call_errhandler} invokes the handler as a failing operation would.
 */
public abstract class ErrorHandlerTck extends AbstractCommunicatorTck {
    /** Creates the test instance; subclasses supply the runner. */
    protected ErrorHandlerTck() {
    }

    /** What a recording handler saw: the communicator and the error, in order. */
    private static final class Recorder {
        final List<Comm> comms = new ArrayList<>();
        final List<MpiException> errors = new ArrayList<>();
        final ErrorHandler handler = ErrorHandler.of((c, e) -> {
            comms.add(c);
            errors.add(e);
        });

        /** Runs an erroneous call and checks that the handler saw exactly its error, once, on {@code comm}. */
        void expectOne(Comm comm, ErrorClass expected, Executable call, String what) {
            int before = errors.size();
            MpiException thrown = assertMpiError(expected, call);
            assertEquals(before + 1, errors.size(), () -> what + ": the handler is called exactly once");
            assertSame(thrown, errors.getLast(), () -> what + ": the handler gets the error that is thrown");
            assertSame(comm, comms.getLast(), () -> what + ": the handler gets the communicator of the call");
        }
    }

    /**
     * MPI-4.1 §9.3: the default handler of a communicator is {@code ERRORS_RETURN}: errors are
     * thrown and the communicator stays usable; duplicates have it too.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void errorsReturnIsTheDefault(int ranks) {
        run(ranks, OPTIONS, world -> {
            assertSame(ErrorHandler.ERRORS_RETURN, world.errorHandler());
            try (Intracomm dup = world.dup()) {
                assertSame(ErrorHandler.ERRORS_RETURN, dup.errorHandler());
            }
            assertMpiError(ErrorClass.ERR_RANK, () -> world.send(new int[1], world.size(), 0));
            assertMpiError(ErrorClass.ERR_ROOT, () -> world.bcast(Buf.of(new int[1]), -3));
            assertRingExchangeWorks(world, 1);
            return null;
        });
    }

    /**
     * MPI-4.1 §9.3 and §9.4: a user handler is called once per error, with the communicator and
     * the error that is then thrown, for argument errors at the call (rank, tag, root), for a
     * truncation seen by a blocking receive and by the completion of a nonblocking one, and for
     * {@code callErrorHandler}; after {@code ERRORS_RETURN} is set again it is no longer called.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 2, 3})
    public void userHandlerIsCalledOncePerErrorThenTheErrorIsThrown(int ranks) {
        run(ranks, OPTIONS, world -> {
            Recorder rec = new Recorder();
            world.setErrorHandler(rec.handler);
            assertSame(rec.handler, world.errorHandler());
            int n = world.size();
            rec.expectOne(world, ErrorClass.ERR_RANK, () -> world.send(new int[1], n, 0), "send to an invalid rank");
            rec.expectOne(world, ErrorClass.ERR_TAG, () -> world.send(new int[1], 0, -5), "send with an invalid tag");
            rec.expectOne(world, ErrorClass.ERR_ROOT, () -> world.bcast(Buf.of(new int[1]), n), "bcast with an invalid root");
            Request<Status> big = world.isend(new int[4], right(world), 2);
            rec.expectOne(world, ErrorClass.ERR_TRUNCATE, () -> world.recv(new int[1], left(world), 2), "truncating blocking receive");
            big.await();
            Request<Status> big2 = world.isend(new int[4], right(world), 3);
            Request<Status> small = world.irecv(new int[1], left(world), 3);
            rec.expectOne(world, ErrorClass.ERR_TRUNCATE, small::await, "truncation seen at await");
            big2.await();
            rec.expectOne(world, ErrorClass.ERR_OTHER, () -> world.callErrorHandler(ErrorClass.ERR_OTHER, "raised by the test"),
                    "callErrorHandler");
            assertEquals(6, rec.errors.size());
            world.setErrorHandler(ErrorHandler.ERRORS_RETURN);
            assertMpiError(ErrorClass.ERR_RANK, () -> world.send(new int[1], n, 0));
            assertEquals(6, rec.errors.size(), "ERRORS_RETURN again: the user handler is no longer called");
            assertRingExchangeWorks(world, 4);
            return null;
        });
    }

    /**
     * MPI-4.1 §9.3: the handler belongs to the communicator: duplicates (of plain, Cartesian and
     * intercommunicators) inherit it, and setting another handler on one does not change the
     * other's.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void handlersArePerCommunicatorAndInheritedByDup(int ranks) {
        run(ranks, OPTIONS, world -> {
            int n = world.size();
            Recorder onWorld = new Recorder();
            Recorder onDup = new Recorder();
            world.setErrorHandler(onWorld.handler);
            try (Intracomm dup = world.dup()) {
                assertSame(onWorld.handler, dup.errorHandler(), "dup inherits the handler");
                onWorld.expectOne(dup, ErrorClass.ERR_RANK, () -> dup.send(new int[1], n, 0), "error on the dup");
                dup.setErrorHandler(onDup.handler);
                assertSame(onWorld.handler, world.errorHandler(), "the parent keeps its handler");
                onDup.expectOne(dup, ErrorClass.ERR_RANK, () -> dup.send(new int[1], n, 0), "error on the dup with its own handler");
                onWorld.expectOne(world, ErrorClass.ERR_RANK, () -> world.send(new int[1], n, 0), "error on the parent");
                assertEquals(2, onWorld.errors.size());
                assertEquals(1, onDup.errors.size());
            }
            try (CartComm cart = world.createCart(new int[] {n}, new boolean[] {false}, false).orElseThrow()) {
                cart.setErrorHandler(onDup.handler);
                try (CartComm cartDup = cart.dup()) {
                    assertSame(onDup.handler, cartDup.errorHandler());
                    onDup.expectOne(cartDup, ErrorClass.ERR_ARG, () -> cartDup.rankOf(n), "rankOf outside a non-periodic grid");
                    onDup.expectOne(cartDup, ErrorClass.ERR_DIMS, () -> cartDup.shift(1, 1), "shift along a missing dimension");
                }
            }
            int me = world.rank();
            try (Intracomm half = world.split(me == 0 ? 0 : 1, me).orElseThrow();
                 Intercomm bridge = half.createIntercomm(0, world, me == 0 ? 1 : 0, 5)) {
                bridge.setErrorHandler(onDup.handler);
                try (Intercomm bridgeDup = bridge.dup()) {
                    assertSame(onDup.handler, bridgeDup.errorHandler());
                    onDup.expectOne(bridgeDup, ErrorClass.ERR_ROOT, () -> bridgeDup.bcast(Buf.of(new int[1]), n), "bcast with an invalid root");
                    onDup.expectOne(bridgeDup, ErrorClass.ERR_RANK, () -> bridgeDup.send(new int[1], n, 0), "send to an invalid remote rank");
                }
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §9.3: "A newly created communicator inherits the error handler that is associated
     * with the parent communicator": {@code split}, {@code create}, {@code createGroup},
     * {@code createCart}, {@code createDistGraphAdjacent} and {@code createIntercomm} as well as
     * {@code dup}.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void constructorsInheritTheParentsHandler(int ranks) {
        run(ranks, OPTIONS, world -> {
            Recorder rec = new Recorder();
            world.setErrorHandler(rec.handler);
            int me = world.rank();
            List<Comm> made = new ArrayList<>();
            Intracomm half = world.split(me == 0 ? 0 : 1, me).orElseThrow();
            made.add(half);
            made.add(world.create(world.group()).orElseThrow());
            made.add(world.createGroup(world.group(), 3));
            made.add(world.createCart(new int[] {world.size()}, new boolean[] {true}, false).orElseThrow());
            made.add(world.createDistGraphAdjacent(new int[0], null, new int[0], null, false));
            made.add(half.createIntercomm(0, world, me == 0 ? 1 : 0, 5));
            for (Comm c : made) {
                assertSame(rec.handler, c.errorHandler(), () -> "inherited by " + c);
            }
            for (Comm c : made.reversed()) {
                c.close();
            }
            return null;
        });
    }

    /**
     * MPI-4.1 §9.3 ({@code MPI_ERRORS_ARE_FATAL}, {@code MPI_ERRORS_ABORT}): an error on a
     * communicator with one of these handlers ends the job, and the job's exit code is the
     * error's code; other ranks blocked meanwhile are released.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void fatalHandlersAbortWithTheErrorsCode(int ranks) {
        assumeCapability(Capability.ABORT_PROPAGATION);
        for (ErrorHandler fatal : List.of(ErrorHandler.ERRORS_ARE_FATAL, ErrorHandler.ERRORS_ABORT)) {
            String name = fatal.toString();
            RankFailedException e = assertThrows(RankFailedException.class, () -> run(ranks, OPTIONS, world -> {
                world.setErrorHandler(name.equals("ERRORS_ABORT") ? ErrorHandler.ERRORS_ABORT : ErrorHandler.ERRORS_ARE_FATAL);
                if (world.rank() == 1) {
                    world.send(new int[1], world.size() + 4, 0);
                }
                world.barrier();
                return null;
            }));
            assertEquals(1, e.rank(), e::getMessage);
            assertEquals(ErrorClass.ERR_RANK.code(), e.exitCode(), () -> name + ": " + e.getMessage());
        }
    }

    /**
     * MPI-4.1 §9.3: errors found when a request completes (here a truncation seen at
     * {@code await}) and errors raised with {@code callErrorHandler} go through a fatal handler too.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {2, 3})
    public void fatalHandlersApplyToCompletionErrorsAndCallErrorHandler(int ranks) {
        assumeCapability(Capability.ABORT_PROPAGATION);
        RankFailedException truncated = assertThrows(RankFailedException.class, () -> run(ranks, OPTIONS, world -> {
            world.setErrorHandler(ErrorHandler.ERRORS_ARE_FATAL);
            if (world.rank() == 0) {
                world.send(new int[4], 1, 0);
            } else if (world.rank() == 1) {
                world.irecv(new int[1], 0, 0).await();
            }
            world.barrier();
            return null;
        }));
        assertEquals(1, truncated.rank(), truncated::getMessage);
        assertEquals(ErrorClass.ERR_TRUNCATE.code(), truncated.exitCode(), truncated::getMessage);
        RankFailedException called = assertThrows(RankFailedException.class, () -> run(ranks, OPTIONS, world -> {
            try (Intracomm dup = world.dup()) {
                dup.setErrorHandler(ErrorHandler.ERRORS_ABORT);
                if (world.rank() == ranks - 1) {
                    dup.callErrorHandler(ErrorClass.ERR_OTHER, "raised by the test");
                }
                world.barrier();
            }
            return null;
        }));
        assertEquals(ranks - 1, called.rank(), called::getMessage);
        assertEquals(ErrorClass.ERR_OTHER.code(), called.exitCode(), called::getMessage);
    }

    /**
     * MPI-4.1 §9.3 and §11.6: a user handler may end the job itself with {@code abort}, whose code
     * the job exits with.
     *
     * @param ranks the world size
     */
    @ParameterizedTest(name = "ranks={0}")
    @ValueSource(ints = {1, 3})
    public void userHandlerMayAbort(int ranks) {
        assumeCapability(Capability.ABORT_PROPAGATION);
        RankFailedException e = assertThrows(RankFailedException.class, () -> run(ranks, OPTIONS, world -> {
            world.setErrorHandler(ErrorHandler.of((c, err) -> c.abort(40 + err.errorClass().code() % 10)));
            if (world.rank() == 0) {
                world.bcast(Buf.of(new int[1]), -9);
            }
            world.barrier();
            return null;
        }));
        assertEquals(0, e.rank(), e::getMessage);
        assertEquals(40 + ErrorClass.ERR_ROOT.code() % 10, e.exitCode(), e::getMessage);
        assertTrue(e.exitCode() >= 40);
    }
}
