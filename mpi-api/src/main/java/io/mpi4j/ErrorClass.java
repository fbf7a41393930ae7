package io.mpi4j;

/**
 * An MPI error class: the portable category of an error, as listed in MPI-4.1 §9.4, Table 9.1.
 *
 * <p>Every {@link MpiException} carries one. The same erroneous call raises the same error class on
 * every provider, so tests may assert on it.
 *
 * <p>{@link #code()} is the value of the class in this API; the {@code native} provider translates
 * the codes of the underlying MPI library to these constants.
 */
public enum ErrorClass {
    /** No error (MPI_SUCCESS). */
    SUCCESS("no error"),
    /** Invalid buffer pointer, or a buffer too small (MPI_ERR_BUFFER). */
    ERR_BUFFER("invalid buffer"),
    /** Invalid count argument (MPI_ERR_COUNT). */
    ERR_COUNT("invalid count argument"),
    /** Invalid datatype argument (MPI_ERR_TYPE). */
    ERR_TYPE("invalid datatype"),
    /** Invalid tag argument (MPI_ERR_TAG). */
    ERR_TAG("invalid tag argument"),
    /** Invalid communicator (MPI_ERR_COMM). */
    ERR_COMM("invalid communicator"),
    /** Invalid rank (MPI_ERR_RANK). */
    ERR_RANK("invalid rank"),
    /** Invalid request (MPI_ERR_REQUEST). */
    ERR_REQUEST("invalid request"),
    /** Invalid root (MPI_ERR_ROOT). */
    ERR_ROOT("invalid root"),
    /** Invalid group (MPI_ERR_GROUP). */
    ERR_GROUP("invalid group"),
    /** Invalid operation (MPI_ERR_OP). */
    ERR_OP("invalid reduce operation"),
    /** Invalid topology (MPI_ERR_TOPOLOGY). */
    ERR_TOPOLOGY("invalid topology"),
    /** Invalid dimension argument (MPI_ERR_DIMS). */
    ERR_DIMS("invalid dimension argument"),
    /** Invalid argument of some other kind (MPI_ERR_ARG). */
    ERR_ARG("invalid argument"),
    /** Unknown error (MPI_ERR_UNKNOWN). */
    ERR_UNKNOWN("unknown error"),
    /** Message truncated on receive (MPI_ERR_TRUNCATE). */
    ERR_TRUNCATE("message truncated"),
    /** Known error not in this list (MPI_ERR_OTHER). */
    ERR_OTHER("other error"),
    /** Internal error in the implementation (MPI_ERR_INTERN). */
    ERR_INTERN("internal error"),
    /** Error code is in the status (MPI_ERR_IN_STATUS). */
    ERR_IN_STATUS("error code is in status"),
    /** Pending request (MPI_ERR_PENDING). */
    ERR_PENDING("pending request"),
    /** Invalid keyval (MPI_ERR_KEYVAL). */
    ERR_KEYVAL("invalid keyval"),
    /** Memory exhausted (MPI_ERR_NO_MEM). */
    ERR_NO_MEM("out of memory"),
    /** Invalid base (MPI_ERR_BASE). */
    ERR_BASE("invalid base"),
    /** Key longer than MPI_MAX_INFO_KEY (MPI_ERR_INFO_KEY). */
    ERR_INFO_KEY("invalid info key"),
    /** Value longer than MPI_MAX_INFO_VAL (MPI_ERR_INFO_VALUE). */
    ERR_INFO_VALUE("invalid info value"),
    /** Invalid key (MPI_ERR_INFO_NOKEY). */
    ERR_INFO_NOKEY("info key not defined"),
    /** Error in spawning processes (MPI_ERR_SPAWN). */
    ERR_SPAWN("error spawning processes"),
    /** Invalid port name (MPI_ERR_PORT). */
    ERR_PORT("invalid port"),
    /** Invalid service name (MPI_ERR_SERVICE). */
    ERR_SERVICE("invalid service"),
    /** Invalid service name in lookup (MPI_ERR_NAME). */
    ERR_NAME("name not published"),
    /** Invalid window (MPI_ERR_WIN). */
    ERR_WIN("invalid window"),
    /** Invalid size argument (MPI_ERR_SIZE). */
    ERR_SIZE("invalid size"),
    /** Invalid displacement argument (MPI_ERR_DISP). */
    ERR_DISP("invalid displacement"),
    /** Invalid info argument (MPI_ERR_INFO). */
    ERR_INFO("invalid info"),
    /** Invalid lock type (MPI_ERR_LOCKTYPE). */
    ERR_LOCKTYPE("invalid lock type"),
    /** Invalid assertion (MPI_ERR_ASSERT). */
    ERR_ASSERT("invalid assert"),
    /** Conflicting accesses to a window (MPI_ERR_RMA_CONFLICT). */
    ERR_RMA_CONFLICT("conflicting window accesses"),
    /** Wrong synchronization of RMA calls (MPI_ERR_RMA_SYNC). */
    ERR_RMA_SYNC("wrong RMA synchronization"),
    /** Target memory outside the window (MPI_ERR_RMA_RANGE). */
    ERR_RMA_RANGE("RMA target out of range"),
    /** Memory cannot be attached (MPI_ERR_RMA_ATTACH). */
    ERR_RMA_ATTACH("memory cannot be attached"),
    /** Memory cannot be shared (MPI_ERR_RMA_SHARED). */
    ERR_RMA_SHARED("memory cannot be shared"),
    /** Window flavor not supported (MPI_ERR_RMA_FLAVOR). */
    ERR_RMA_FLAVOR("wrong window flavor"),
    /** Invalid file handle (MPI_ERR_FILE). */
    ERR_FILE("invalid file"),
    /** Collective argument not identical on all processes (MPI_ERR_NOT_SAME). */
    ERR_NOT_SAME("collective arguments differ between processes"),
    /** Error related to the access mode (MPI_ERR_AMODE). */
    ERR_AMODE("invalid access mode"),
    /** Unsupported data representation (MPI_ERR_UNSUPPORTED_DATAREP). */
    ERR_UNSUPPORTED_DATAREP("unsupported data representation"),
    /** Unsupported operation (MPI_ERR_UNSUPPORTED_OPERATION). */
    ERR_UNSUPPORTED_OPERATION("unsupported operation"),
    /** File does not exist (MPI_ERR_NO_SUCH_FILE). */
    ERR_NO_SUCH_FILE("no such file"),
    /** File exists (MPI_ERR_FILE_EXISTS). */
    ERR_FILE_EXISTS("file exists"),
    /** Invalid file name (MPI_ERR_BAD_FILE). */
    ERR_BAD_FILE("invalid file name"),
    /** Permission denied (MPI_ERR_ACCESS). */
    ERR_ACCESS("permission denied"),
    /** Not enough space (MPI_ERR_NO_SPACE). */
    ERR_NO_SPACE("no space left"),
    /** Quota exceeded (MPI_ERR_QUOTA). */
    ERR_QUOTA("quota exceeded"),
    /** Read-only file or file system (MPI_ERR_READ_ONLY). */
    ERR_READ_ONLY("read-only file"),
    /** File operation could not be completed because the file is in use (MPI_ERR_FILE_IN_USE). */
    ERR_FILE_IN_USE("file in use"),
    /** Data representation already defined (MPI_ERR_DUP_DATAREP). */
    ERR_DUP_DATAREP("duplicate data representation"),
    /** Error in a user data conversion function (MPI_ERR_CONVERSION). */
    ERR_CONVERSION("conversion error"),
    /** Other I/O error (MPI_ERR_IO). */
    ERR_IO("I/O error"),
    /** Invalid session (MPI_ERR_SESSION). */
    ERR_SESSION("invalid session"),
    /** A process involved in the operation has aborted or failed (MPI_ERR_PROC_ABORTED). */
    ERR_PROC_ABORTED("process aborted"),
    /** A value does not fit in the output argument (MPI_ERR_VALUE_TOO_LARGE). */
    ERR_VALUE_TOO_LARGE("value too large");

    private final String description;

    ErrorClass(String description) {
        this.description = description;
    }

    /**
     * Returns the numeric value of this class (MPI_SUCCESS is 0; the others follow the order of
     * MPI-4.1 Table 9.1).
     *
     * @return the error code of this class
     */
    public int code() {
        return ordinal();
    }

    /**
     * Returns the standard's short description of this class (what MPI_Error_string prints).
     *
     * @return a human-readable description
     */
    public String description() {
        return description;
    }

    /**
     * Returns the error class with the given code.
     *
     * @param code an error code as returned by {@link #code()}
     * @return the matching class
     * @throws MpiException with {@link #ERR_ARG} if no class has this code
     */
    public static ErrorClass ofCode(int code) {
        ErrorClass[] all = values();
        if (code < 0 || code >= all.length) {
            throw new MpiException(ERR_ARG, "unknown error code=" + code + "; valid codes are in [0, " + all.length + ")");
        }
        return all[code];
    }
}
