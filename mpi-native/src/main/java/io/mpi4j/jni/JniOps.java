package io.mpi4j.jni;

import io.mpi4j.Datatype;
import io.mpi4j.Op;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-defined operations inside the library's reductions ({@code src/main/c/ops.c}): the native
 * methods, and the method the C trampoline calls for each application of a Java {@link Op}.
 *
 * <p>A reduction with a user operation runs on its own duplicate of the predefined datatype
 * ({@link #begin}); while it runs, that datatype's handle maps to the operation here, which is how
 * the trampoline (which MPI gives no user data) finds it.
 */
final class JniOps {
    /** The reductions in progress, by the handle of their datatype. */
    private static final Map<Long, Call> CALLS = new ConcurrentHashMap<>();

    private JniOps() {
    }

    /** One reduction with a user operation: what the trampoline applies, and what it threw. */
    static final class Call {
        final Op op;
        final Datatype datatype;
        final long type;
        /** A call that moves a placeholder element only (NativeUserOps): the function never sees it. */
        final boolean idle;
        private volatile Throwable failure;

        private Call(Op op, Datatype datatype, long type, boolean idle) {
            this.op = op;
            this.datatype = datatype;
            this.type = type;
            this.idle = idle;
        }

        /** The first exception the user's function threw, or {@code null}. */
        Throwable failure() {
            return failure;
        }
    }

    /**
     * Registers a reduction of {@code datatype} elements with {@code op} and returns it. The MPI
     * datatype is a duplicate of the predefined one, or for a derived element (a contiguous type,
     * or the packed form of another) a contiguous run of its bytes.
     *
     * @param op the operation
     * @param datatype the elements' datatype, laid out contiguously
     * @param idle whether the call moves a placeholder element only, to which the function is not applied
     * @return the registration, to {@link #end} once the reduction has completed
     */
    static Call begin(Op op, Datatype datatype, boolean idle) {
        long[] out = new long[1];
        Errors.check(begin(Types.code(datatype), datatype.size(), out), "op_create");
        Call c = new Call(op, datatype, out[0], idle);
        CALLS.put(c.type, c);
        return c;
    }

    /** Unregisters a reduction that has completed (or failed to start) and frees its datatype. */
    static void end(Call c) {
        CALLS.remove(c.type);
        end(c.type);
    }

    /** The number of reductions with a user operation in progress: what tests look at. */
    static int inProgress() {
        return CALLS.size();
    }

    /**
     * Applies a user operation for the C trampoline: {@code inout = in op inout} over {@code len}
     * elements, as the provider-neutral reductions apply it ({@link Op#apply}). Never throws: after
     * the function has failed once, further applications of the same reduction are skipped (the
     * library still completes the call on every rank, and this rank reports the failure then).
     *
     * @return {@code false} if {@code type} is not the datatype of a reduction in progress
     */
    static boolean apply(long type, ByteBuffer in, ByteBuffer inout, int len) {
        Call c = CALLS.get(type);
        if (c == null) {
            return false;
        }
        if (c.failure == null && !c.idle) {
            try {
                c.op.apply(MemorySegment.ofBuffer(in), MemorySegment.ofBuffer(inout), len, c.datatype);
            } catch (Throwable t) {
                c.failure = t;
            }
        }
        return true;
    }

    private static native int begin(int typeCode, long bytes, long[] out);

    private static native int end(long type);

    /**
     * Runs a reduction with a user operation, blocking or ({@code start}) nonblocking into
     * {@code out[0]}. {@code kind}: 0 reduce, 1 allreduce, 2 scan, 3 exscan, 4 reduce_scatter_block,
     * 5 reduce_scatter with the native int array {@code counts}.
     */
    static native int reduce(long comm, int kind, long send, long recv, int count, long counts, long type,
            boolean commute, int root, boolean start, long[] out);
}
