package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The kernels of the predefined reduction operations: {@code inout[i] = in[i] op inout[i]} over
 * memory segments, for each operation and type MPI allows (MPI-4.1 §6.9.2).
 *
 * <p>Layouts are unaligned: staged buffers are backed by {@code byte[]}.
 */
final class Reductions {
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfChar CHAR = ValueLayout.JAVA_CHAR_UNALIGNED;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Reductions() {
    }

    static boolean supports(Op.Kind kind, Datatype t) {
        boolean integer = t == Datatype.BYTE || t == Datatype.SHORT || t == Datatype.INT || t == Datatype.LONG || t == Datatype.CHAR;
        boolean floating = t == Datatype.FLOAT || t == Datatype.DOUBLE;
        return switch (kind) {
            case SUM, PROD, MAX, MIN -> integer || floating;
            case LAND, LOR, LXOR, BAND, BOR, BXOR -> integer || t == Datatype.BOOLEAN;
            case MAXLOC, MINLOC -> t.pairValueType().isPresent();
            case REPLACE, NO_OP -> true;
            case USER -> true;
        };
    }

    static String hint(Op.Kind kind) {
        return switch (kind) {
            case SUM, PROD, MAX, MIN -> "; it applies to numeric types and CHAR";
            case LAND, LOR, LXOR, BAND, BOR, BXOR -> "; it applies to integer types, CHAR and BOOLEAN";
            case MAXLOC, MINLOC -> "; it applies to value-index pairs: INT_INT, LONG_INT, FLOAT_INT, DOUBLE_INT";
            default -> "";
        };
    }

    static void apply(Op.Kind kind, MemorySegment in, MemorySegment inout, long n, Datatype t) {
        if (!supports(kind, t)) {
            throw new MpiException(ErrorClass.ERR_OP, kind + " does not apply to " + t + " elements" + hint(kind));
        }
        switch (kind) {
            case NO_OP -> { }
            case REPLACE -> MemorySegment.copy(in, 0, inout, 0, n * t.size());
            case MAXLOC, MINLOC -> pairs(kind == Op.Kind.MAXLOC, in, inout, n, t);
            default -> {
                if (t == Datatype.INT) {
                    ints(kind, in, inout, n);
                } else if (t == Datatype.LONG) {
                    longs(kind, in, inout, n);
                } else if (t == Datatype.DOUBLE) {
                    doubles(kind, in, inout, n);
                } else if (t == Datatype.FLOAT) {
                    floats(kind, in, inout, n);
                } else if (t == Datatype.SHORT) {
                    shorts(kind, in, inout, n);
                } else if (t == Datatype.CHAR) {
                    chars(kind, in, inout, n);
                } else if (t == Datatype.BYTE) {
                    bytes(kind, in, inout, n);
                } else {
                    booleans(kind, in, inout, n);
                }
            }
        }
    }

    private static void ints(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            int a = in.getAtIndex(INT, i);
            int b = io.getAtIndex(INT, i);
            io.setAtIndex(INT, i, (int) integer(k, a, b));
        }
    }

    private static void longs(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        switch (k) {
            case SUM -> {
                for (long i = 0; i < n; i++) {
                    io.setAtIndex(LONG, i, in.getAtIndex(LONG, i) + io.getAtIndex(LONG, i));
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    io.setAtIndex(LONG, i, integer(k, in.getAtIndex(LONG, i), io.getAtIndex(LONG, i)));
                }
            }
        }
    }

    private static void shorts(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            io.setAtIndex(SHORT, i, (short) integer(k, in.getAtIndex(SHORT, i), io.getAtIndex(SHORT, i)));
        }
    }

    private static void chars(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            io.setAtIndex(CHAR, i, (char) integer(k, in.getAtIndex(CHAR, i), io.getAtIndex(CHAR, i)));
        }
    }

    private static void bytes(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            io.setAtIndex(BYTE, i, (byte) integer(k, in.getAtIndex(BYTE, i), io.getAtIndex(BYTE, i)));
        }
    }

    private static void booleans(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            long r = integer(k, in.getAtIndex(BYTE, i) != 0 ? 1 : 0, io.getAtIndex(BYTE, i) != 0 ? 1 : 0);
            io.setAtIndex(BYTE, i, (byte) (r != 0 ? 1 : 0));
        }
    }

    /** Integer semantics of every operation but the pair ones, on values widened to long. */
    private static long integer(Op.Kind k, long a, long b) {
        return switch (k) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case LAND -> (a != 0 && b != 0) ? 1 : 0;
            case LOR -> (a != 0 || b != 0) ? 1 : 0;
            case LXOR -> ((a != 0) != (b != 0)) ? 1 : 0;
            case BAND -> a & b;
            case BOR -> a | b;
            case BXOR -> a ^ b;
            default -> throw new AssertionError(k);
        };
    }

    private static void doubles(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        switch (k) {
            case SUM -> {
                for (long i = 0; i < n; i++) {
                    io.setAtIndex(DOUBLE, i, in.getAtIndex(DOUBLE, i) + io.getAtIndex(DOUBLE, i));
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    io.setAtIndex(DOUBLE, i, floating(k, in.getAtIndex(DOUBLE, i), io.getAtIndex(DOUBLE, i)));
                }
            }
        }
    }

    private static void floats(Op.Kind k, MemorySegment in, MemorySegment io, long n) {
        for (long i = 0; i < n; i++) {
            io.setAtIndex(FLOAT, i, (float) floating(k, in.getAtIndex(FLOAT, i), io.getAtIndex(FLOAT, i)));
        }
    }

    private static double floating(Op.Kind k, double a, double b) {
        return switch (k) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new AssertionError(k);
        };
    }

    /** MAXLOC/MINLOC: the larger (smaller) value wins; on equal values, the lower index. */
    private static void pairs(boolean max, MemorySegment in, MemorySegment io, long n, Datatype t) {
        Datatype value = t.pairValueType().orElseThrow();
        long stride = t.size();
        long indexOffset = value.size() == 8 ? 8 : 4;
        for (long i = 0; i < n; i++) {
            long base = i * stride;
            int ia = in.get(INT, base + indexOffset);
            int ib = io.get(INT, base + indexOffset);
            int cmp;
            if (value == Datatype.DOUBLE) {
                cmp = Double.compare(in.get(DOUBLE, base), io.get(DOUBLE, base));
            } else if (value == Datatype.FLOAT) {
                cmp = Float.compare(in.get(FLOAT, base), io.get(FLOAT, base));
            } else if (value == Datatype.LONG) {
                cmp = Long.compare(in.get(LONG, base), io.get(LONG, base));
            } else {
                cmp = Integer.compare(in.get(INT, base), io.get(INT, base));
            }
            if (!max) {
                cmp = -cmp;
            }
            if (cmp > 0 || (cmp == 0 && ia < ib)) {
                MemorySegment.copy(in, base, io, base, value.size());
                io.set(INT, base + indexOffset, ia);
            }
        }
    }
}
