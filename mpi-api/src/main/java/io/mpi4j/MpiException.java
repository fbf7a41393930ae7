package io.mpi4j;

import java.util.Objects;

/**
 * An error raised by an MPI operation, carrying its {@link ErrorClass}.
 *
 * <p>mpi4j applies the MPI_ERRORS_RETURN semantics by default: the failing call throws this
 * exception and the communicator remains usable. The message says which values were wrong and what
 * to use instead, for example
 * {@code "recv: source=7 is not a rank of WORLD (size=4); use a rank in [0, 4), ANY_SOURCE or PROC_NULL"}.
 */
public class MpiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;
    /** Set once a communicator's error handler has seen this error, so that nested calls do not handle it twice. */
    transient boolean handled;

    /**
     * Creates an exception of the given class.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, with the offending values
     */
    public MpiException(ErrorClass errorClass, String message) {
        super(message);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /**
     * Creates an exception of the given class with a cause.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, with the offending values
     * @param cause the underlying failure
     */
    public MpiException(ErrorClass errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /**
     * Returns the MPI error class of this error.
     *
     * @return the error class, never {@code null}
     */
    public ErrorClass errorClass() {
        return errorClass;
    }

    /**
     * Returns the error code of this error's class (MPI_Error_class).
     *
     * @return {@code errorClass().code()}
     */
    public int errorCode() {
        return errorClass.code();
    }

    @Override
    public String toString() {
        return getClass().getName() + " [" + errorClass + "]: " + getMessage();
    }
}
