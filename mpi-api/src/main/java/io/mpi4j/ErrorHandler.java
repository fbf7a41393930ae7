package io.mpi4j;

import java.util.Objects;

/**
 * What happens when an operation on a communicator fails (MPI-4.1 §9.3, MPI_Errhandler).
 *
 * <ul>
 *   <li>{@link #ERRORS_RETURN}, the default: the operation throws {@link MpiException} and the
 *       communicator stays usable.</li>
 *   <li>{@link #ERRORS_ARE_FATAL} and {@link #ERRORS_ABORT}: the job is aborted with the error's
 *       code (on {@code sim}, every rank fails and the job reports it).</li>
 *   <li>A user handler, made with {@link #of(Handler)}: called with the communicator and the error,
 *       then the operation throws the error (Java code still sees it, as with
 *       {@code ERRORS_RETURN}); a handler that wants to end the job calls {@code abort}.</li>
 * </ul>
 *
 * {@snippet :
 * comm.setErrorHandler(ErrorHandler.of((c, e) -> log.warn("MPI error on " + c.name() + ": " + e.getMessage())));
 * }
 */
public sealed interface ErrorHandler permits ErrorHandler.Predefined, ErrorHandler.User {
    /** Errors are thrown to the caller (MPI_ERRORS_RETURN). */
    ErrorHandler ERRORS_RETURN = new Predefined("ERRORS_RETURN");
    /** Errors abort the whole job (MPI_ERRORS_ARE_FATAL). */
    ErrorHandler ERRORS_ARE_FATAL = new Predefined("ERRORS_ARE_FATAL");
    /** Errors abort the processes of the communicator, which for mpi4j is the job (MPI_ERRORS_ABORT). */
    ErrorHandler ERRORS_ABORT = new Predefined("ERRORS_ABORT");

    /**
     * The body of a user error handler (MPI_Comm_errhandler_function).
     */
    @FunctionalInterface
    interface Handler {
        /**
         * Handles an error.
         *
         * @param comm the communicator the failing operation was called on
         * @param error the error, thrown to the caller when the handler returns
         */
        void handle(Comm comm, MpiException error);
    }

    /**
     * Creates a user error handler (MPI_Comm_create_errhandler).
     *
     * @param handler the body
     * @return the handler
     */
    static ErrorHandler of(Handler handler) {
        return new User(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * One of the predefined handlers.
     *
     * @param name the MPI name without prefix
     */
    record Predefined(String name) implements ErrorHandler {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A user handler.
     *
     * @param handler its body
     */
    record User(Handler handler) implements ErrorHandler {
    }
}
