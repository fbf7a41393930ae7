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

    /** Elements per chunk: two scratch arrays of this many elements stay in the L1/L2 cache. */
    static final int CHUNK = 4096;

    static void apply(Op.Kind kind, MemorySegment in, MemorySegment inout, long n, Datatype t) {
        if (!supports(kind, t)) {
            throw new MpiException(ErrorClass.ERR_OP, kind + " does not apply to " + t + " elements" + hint(kind));
        }
        switch (kind) {
            case NO_OP -> { }
            case REPLACE -> MemorySegment.copy(in, 0, inout, 0, n * t.size());
            case MAXLOC, MINLOC -> pairs(kind == Op.Kind.MAXLOC, in, inout, n, t);
            default -> chunked(kind, in, inout, n, t);
        }
    }

    /**
     * Applies an element-wise operation chunk by chunk through typed scratch arrays: bulk copies
     * between segments and arrays are intrinsics whatever the kind of segment, and the loops over
     * arrays are vectorized, where loops over segments of mixed kinds are not (about 50 times slower).
     */
    private static void chunked(Op.Kind k, MemorySegment in, MemorySegment io, long n, Datatype t) {
        if (t == Datatype.DOUBLE) {
            double[] a = new double[(int) Math.min(CHUNK, n)];
            double[] b = new double[a.length];
            for (long done = 0; done < n; done += a.length) {
                int len = (int) Math.min(a.length, n - done);
                MemorySegment.copy(in, DOUBLE, done * 8, a, 0, len);
                MemorySegment.copy(io, DOUBLE, done * 8, b, 0, len);
                doubles(k, a, b, len);
                MemorySegment.copy(b, 0, io, DOUBLE, done * 8, len);
            }
        } else if (t == Datatype.INT) {
            int[] a = new int[(int) Math.min(CHUNK, n)];
            int[] b = new int[a.length];
            for (long done = 0; done < n; done += a.length) {
                int len = (int) Math.min(a.length, n - done);
                MemorySegment.copy(in, INT, done * 4, a, 0, len);
                MemorySegment.copy(io, INT, done * 4, b, 0, len);
                ints(k, a, b, len);
                MemorySegment.copy(b, 0, io, INT, done * 4, len);
            }
        } else if (t == Datatype.LONG) {
            long[] a = new long[(int) Math.min(CHUNK, n)];
            long[] b = new long[a.length];
            for (long done = 0; done < n; done += a.length) {
                int len = (int) Math.min(a.length, n - done);
                MemorySegment.copy(in, LONG, done * 8, a, 0, len);
                MemorySegment.copy(io, LONG, done * 8, b, 0, len);
                longs(k, a, b, len);
                MemorySegment.copy(b, 0, io, LONG, done * 8, len);
            }
        } else if (t == Datatype.FLOAT) {
            float[] a = new float[(int) Math.min(CHUNK, n)];
            float[] b = new float[a.length];
            for (long done = 0; done < n; done += a.length) {
                int len = (int) Math.min(a.length, n - done);
                MemorySegment.copy(in, FLOAT, done * 4, a, 0, len);
                MemorySegment.copy(io, FLOAT, done * 4, b, 0, len);
                floats(k, a, b, len);
                MemorySegment.copy(b, 0, io, FLOAT, done * 4, len);
            }
        } else {
            narrow(k, in, io, n, t);
        }
    }

    private static void doubles(Op.Kind k, double[] a, double[] b, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] + b[i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] * b[i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.max(a[i], b[i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.min(a[i], b[i]);
                }
            }
            default -> throw new AssertionError(k);
        }
    }

    private static void floats(Op.Kind k, float[] a, float[] b, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] + b[i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] * b[i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.max(a[i], b[i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.min(a[i], b[i]);
                }
            }
            default -> throw new AssertionError(k);
        }
    }

    private static void ints(Op.Kind k, int[] a, int[] b, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] + b[i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] * b[i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.max(a[i], b[i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.min(a[i], b[i]);
                }
            }
            case BAND -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] & b[i];
                }
            }
            case BOR -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] | b[i];
                }
            }
            case BXOR -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] ^ b[i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[i] = (int) integer(k, a[i], b[i]);
                }
            }
        }
    }

    private static void longs(Op.Kind k, long[] a, long[] b, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] + b[i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] * b[i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.max(a[i], b[i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.min(a[i], b[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[i] = integer(k, a[i], b[i]);
                }
            }
        }
    }

    /** The 1- and 2-byte types, element by element (rarely large enough to matter). */
    private static void narrow(Op.Kind k, MemorySegment in, MemorySegment io, long n, Datatype t) {
        for (long i = 0; i < n; i++) {
            if (t == Datatype.SHORT) {
                io.setAtIndex(SHORT, i, (short) integer(k, in.getAtIndex(SHORT, i), io.getAtIndex(SHORT, i)));
            } else if (t == Datatype.CHAR) {
                io.setAtIndex(CHAR, i, (char) integer(k, in.getAtIndex(CHAR, i), io.getAtIndex(CHAR, i)));
            } else if (t == Datatype.BYTE) {
                io.setAtIndex(BYTE, i, (byte) integer(k, in.getAtIndex(BYTE, i), io.getAtIndex(BYTE, i)));
            } else {
                long r = integer(k, in.getAtIndex(BYTE, i) != 0 ? 1 : 0, io.getAtIndex(BYTE, i) != 0 ? 1 : 0);
                io.setAtIndex(BYTE, i, (byte) (r != 0 ? 1 : 0));
            }
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
