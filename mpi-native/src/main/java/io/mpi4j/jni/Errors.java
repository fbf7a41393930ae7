package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;

/**
 * MPI error codes to {@link MpiException}: the C glue maps the code's MPI_Error_class to the name
 * of the matching {@link ErrorClass} (the MPI constants differ between Open MPI and MPICH, the
 * names do not), and MPI_Error_string gives the library's text.
 */
final class Errors {
    private Errors() {
    }

    static ErrorClass errorClass(int code) {
        try {
            return ErrorClass.valueOf(Jni.errorClassName(code));
        } catch (IllegalArgumentException e) {
            return ErrorClass.ERR_UNKNOWN;
        }
    }

    static MpiException exception(int code, String op) {
        return new MpiException(errorClass(code), op + ": " + Jni.errorString(code) + " (MPI error code=" + code + ")");
    }

    static void check(int code, String op) {
        if (code != 0) {
            throw exception(code, op);
        }
    }
}
