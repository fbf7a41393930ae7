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
            Operand<double[]> a = Operand.of(in, double[].class, 8, n);
            Operand<double[]> b = Operand.of(io, double[].class, 8, n);
            for (long done = 0; done < n; done += CHUNK) {
                int len = (int) Math.min(CHUNK, n - done);
                double[] x = a.load(DOUBLE, done, len);
                double[] y = b.load(DOUBLE, done, len);
                doubles(k, x, a.index(done), y, b.index(done), len);
                b.store(DOUBLE, done, len);
            }
        } else if (t == Datatype.INT) {
            Operand<int[]> a = Operand.of(in, int[].class, 4, n);
            Operand<int[]> b = Operand.of(io, int[].class, 4, n);
            for (long done = 0; done < n; done += CHUNK) {
                int len = (int) Math.min(CHUNK, n - done);
                int[] x = a.load(INT, done, len);
                int[] y = b.load(INT, done, len);
                ints(k, x, a.index(done), y, b.index(done), len);
                b.store(INT, done, len);
            }
        } else if (t == Datatype.LONG) {
            Operand<long[]> a = Operand.of(in, long[].class, 8, n);
            Operand<long[]> b = Operand.of(io, long[].class, 8, n);
            for (long done = 0; done < n; done += CHUNK) {
                int len = (int) Math.min(CHUNK, n - done);
                long[] x = a.load(LONG, done, len);
                long[] y = b.load(LONG, done, len);
                longs(k, x, a.index(done), y, b.index(done), len);
                b.store(LONG, done, len);
            }
        } else if (t == Datatype.FLOAT) {
            Operand<float[]> a = Operand.of(in, float[].class, 4, n);
            Operand<float[]> b = Operand.of(io, float[].class, 4, n);
            for (long done = 0; done < n; done += CHUNK) {
                int len = (int) Math.min(CHUNK, n - done);
                float[] x = a.load(FLOAT, done, len);
                float[] y = b.load(FLOAT, done, len);
                floats(k, x, a.index(done), y, b.index(done), len);
                b.store(FLOAT, done, len);
            }
        } else {
            narrow(k, in, io, n, t);
        }
    }

    /**
     * One operand of a kernel: the Java array behind a heap segment, used in place when it has the
     * element type (a {@code double[]} for DOUBLE...), else a scratch array that chunks are copied
     * through.
     */
    private static final class Operand<A> {
        private final MemorySegment segment;
        private final A direct;
        private final int firstIndex;
        private final A scratch;

        private Operand(MemorySegment segment, A direct, int firstIndex, A scratch) {
            this.segment = segment;
            this.direct = direct;
            this.firstIndex = firstIndex;
            this.scratch = scratch;
        }

        static <A> Operand<A> of(MemorySegment m, Class<A> arrayType, int elementSize, long n) {
            Object base = m.heapBase().orElse(null);
            if (arrayType.isInstance(base) && m.address() % elementSize == 0) {
                return new Operand<>(m, arrayType.cast(base), (int) (m.address() / elementSize), null);
            }
            Object scratch = java.lang.reflect.Array.newInstance(arrayType.getComponentType(), (int) Math.min(CHUNK, n));
            return new Operand<>(m, null, 0, arrayType.cast(scratch));
        }

        /** The array holding elements {@code [from, from + len)}: the direct array, or the scratch loaded from the segment. */
        A load(ValueLayout layout, long from, int len) {
            if (direct != null) {
                return direct;
            }
            MemorySegment.copy(segment, layout, from * layout.byteSize(), scratch, 0, len);
            return scratch;
        }

        /** The index in the array returned by {@link #load} of element {@code from}. */
        int index(long from) {
            return direct != null ? firstIndex + (int) from : 0;
        }

        /** Writes a scratch chunk back to the segment (nothing to do for a direct array). */
        void store(ValueLayout layout, long from, int len) {
            if (direct == null) {
                MemorySegment.copy(scratch, 0, segment, layout, from * layout.byteSize(), len);
            }
        }
    }

    private static void doubles(Op.Kind k, double[] a, int ai, double[] b, int bi, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] + b[bi + i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] * b[bi + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.max(a[ai + i], b[bi + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.min(a[ai + i], b[bi + i]);
                }
            }
            default -> throw new AssertionError(k);
        }
    }

    private static void floats(Op.Kind k, float[] a, int ai, float[] b, int bi, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] + b[bi + i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] * b[bi + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.max(a[ai + i], b[bi + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.min(a[ai + i], b[bi + i]);
                }
            }
            default -> throw new AssertionError(k);
        }
    }

    private static void ints(Op.Kind k, int[] a, int ai, int[] b, int bi, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] + b[bi + i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] * b[bi + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.max(a[ai + i], b[bi + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.min(a[ai + i], b[bi + i]);
                }
            }
            case BAND -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] & b[bi + i];
                }
            }
            case BOR -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] | b[bi + i];
                }
            }
            case BXOR -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] ^ b[bi + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = (int) integer(k, a[ai + i], b[bi + i]);
                }
            }
        }
    }

    private static void longs(Op.Kind k, long[] a, int ai, long[] b, int bi, int n) {
        switch (k) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] + b[bi + i];
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] * b[bi + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.max(a[ai + i], b[bi + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = Math.min(a[ai + i], b[bi + i]);
                }
            }
            case BAND -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] & b[bi + i];
                }
            }
            case BOR -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] | b[bi + i];
                }
            }
            case BXOR -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = a[ai + i] ^ b[bi + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[bi + i] = integer(k, a[ai + i], b[bi + i]);
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
