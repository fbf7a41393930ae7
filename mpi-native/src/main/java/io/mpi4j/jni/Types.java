package io.mpi4j.jni;

import io.mpi4j.Datatype;
import io.mpi4j.Op;

/**
 * Codes of the predefined datatypes and operations, as the C glue maps them to MPI handles
 * ({@code collectives.c}: {@code type_of}, {@code op_of}).
 */
final class Types {
    private static final Datatype[] TYPES = {
        Datatype.BYTE, Datatype.BOOLEAN, Datatype.CHAR, Datatype.SHORT, Datatype.INT, Datatype.LONG,
        Datatype.FLOAT, Datatype.DOUBLE, Datatype.INT_INT, Datatype.LONG_INT, Datatype.FLOAT_INT, Datatype.DOUBLE_INT};
    private static final Op[] OPS = {
        Op.SUM, Op.PROD, Op.MAX, Op.MIN, Op.LAND, Op.BAND, Op.LOR, Op.BOR, Op.LXOR, Op.BXOR, Op.MAXLOC, Op.MINLOC};

    private Types() {
    }

    /** The code of a datatype, or -1 if MPI has no predefined equivalent. */
    static int code(Datatype t) {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i] == t) {
                return i;
            }
        }
        return -1;
    }

    /** The code of an operation, or -1 for user-defined ones and those MPI collectives do not take. */
    static int code(Op op) {
        for (int i = 0; i < OPS.length; i++) {
            if (OPS[i] == op) {
                return i;
            }
        }
        return -1;
    }
}
