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
        return new MpiException(errorClass(code), op + ": " + readable(Jni.errorString(code)) + " (MPI error code=" + code + ")");
    }

    /**
     * A line of MPICH's error stack: the frame, padded with dots, then its text. The frame has a
     * line number ({@code internal_Test(91)}) or, innermost, none ({@code (unknown)()}).
     */
    private static final java.util.regex.Pattern FRAME = java.util.regex.Pattern.compile("\\S+\\(\\d*\\)\\.*:(.*)");

    /**
     * An MPI error string without MPICH's error stack: MPICH appends one line per internal frame,
     * with the addresses of the arguments ({@code internal_Test(91): MPI_Test(request=0x7ffd...)
     * failed}), which says nothing to a Java program and names MPI_Test for a blocking receive;
     * the innermost line is the detail worth keeping ({@code Message from rank 0 and tag 35
     * truncated; ...}).
     *
     * @param text the library's error string
     * @return the description, then the innermost detail in parentheses if there is one
     */
    static String readable(String text) {
        int stack = text.indexOf(", error stack:");
        if (stack < 0) {
            return text;
        }
        String description = text.substring(0, stack);
        String[] lines = text.substring(stack).split("\\R");
        for (int i = lines.length - 1; i > 0; i--) {
            java.util.regex.Matcher frame = FRAME.matcher(lines[i]);
            String detail = frame.matches() ? frame.group(1).strip() : "";
            if (!detail.isEmpty()) {
                return detail.equals(description) ? description : description + " (" + detail + ")";
            }
        }
        return description;
    }

    static void check(int code, String op) {
        if (code != 0) {
            throw exception(code, op);
        }
    }
}
