package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Collective buffers with derived datatypes, seen as their type signature. Collectives match type
 * signatures, not datatypes (MPI-4.1 §6.1): a resized vector of INT sent is the same as INTs
 * received. So before a collective reaches a provider, a buffer of a non-contiguous derived type is
 * packed into private memory and typed by its signature: {@code count × k} elements of the one
 * predefined type the derived type repeats {@code k} times, or bytes if it mixes several; the
 * written ones are unpacked when the call completes. Every provider then moves contiguous data
 * only, and block arithmetic (block {@code i} of a gather at {@code i × count} elements) holds on
 * the packed form, because instance {@code i} of a type is packed at {@code i × size}. A
 * contiguous derived type is only retyped, without a copy. The intracommunicator collectives
 * ({@link CollectiveCalls}) and the intercommunicator ones ({@link Intercomm}) share this, except
 * that the data-movement collectives of an engine that takes derived types
 * ({@link io.mpi4j.spi.CommEngine#takesDerivedCollectiveTypes()}) only check the signature, through
 * a view of it, and hand the engine the buffer unpacked.
 */
final class Flattening {
    private Flattening() {
    }

    /** The flat forms made for one call, and the unpacking they owe it once it completes. */
    static final class Call {
        private final Comm comm;
        private final List<Runnable> after = new java.util.ArrayList<>(0);

        /** @param comm the communicator whose error handler sees refused buffers */
        Call(Comm comm) {
            this.comm = comm;
        }

        Buf read(Buf b) {
            return checked(() -> flat(b, false, after));
        }

        Buf write(Buf b) {
            return checked(() -> flat(b, true, after));
        }

        VBuf read(VBuf v) {
            return checked(() -> flat(v, false, after));
        }

        VBuf write(VBuf v) {
            return checked(() -> flat(v, true, after));
        }

        Buf read(Buf b, Op op) {
            return checked(() -> forOp(b, false, op, after));
        }

        Buf write(Buf b, Op op) {
            return checked(() -> forOp(b, true, op, after));
        }

        private <T> T checked(java.util.function.Supplier<T> flat) {
            try {
                return flat.get();
            } catch (MpiException e) {
                throw comm.raise(e);
            }
        }

        /** Unpacks what the call wrote into the users' buffers. */
        void finish() {
            after.forEach(Runnable::run);
        }
    }

    /**
     * The buffer as its signature's predefined elements. Predefined types, {@code IN_PLACE},
     * {@code null}, uncommitted types, read-only buffers that would be written and
     * {@code boolean[]} buffers are returned as they are, for the argument checks to accept or report.
     *
     * @param written whether the collective writes the buffer: then the packed data is unpacked
     *     into it by an action added to {@code after}
     */
    static Buf flat(Buf b, boolean written, List<Runnable> after) {
        if (skips(b, written)) {
            return b;
        }
        Datatype type = b.datatype();
        if (type.isContiguous()) {
            // already laid out as its signature: the same memory, typed by the signature
            return Buf.of(b.segment(), signatureType(type), b.count() * signatureLength(type));
        }
        return Buf.of(pack(b, written, after), signatureType(type), b.count() * signatureLength(type));
    }

    /** {@link #flat(Buf, boolean, List)} for blocks at displacements: counts and displacements scale with the type. */
    static VBuf flat(VBuf v, boolean written, List<Runnable> after) {
        if (v == null) {
            return null;
        }
        Buf f = flat(v.buf(), written, after);
        if (f == v.buf()) {
            return v;
        }
        long k = signatureLength(v.buf().datatype());
        return VBuf.of(f, scale(v.counts(), k), scale(v.displs(), k));
    }

    /**
     * {@link #flat(Buf, boolean, List)} for a block per rank, each with its own type: the blocks
     * with derived types are packed end to end into private memory, typed by their signatures;
     * blocks of predefined types are left where they are if no block needs packing.
     */
    static WBuf flat(WBuf w, boolean written, List<Runnable> after) {
        if (w == null || (written && w.memory().isReadOnly())) {
            return w;
        }
        Datatype[] types = w.types();
        boolean derived = false;
        long total = 0;
        for (int i = 0; i < types.length; i++) {
            types[i].requireCommitted("alltoallw");
            derived |= !types[i].isPredefined();
            total = Math.addExact(total, types[i].size() * w.counts()[i]);
        }
        if (!derived) {
            return w;
        }
        MemorySegment packed = aligned(total);
        int[] counts = w.counts();
        long[] displs = new long[types.length];
        long at = 0;
        for (int i = 0; i < types.length; i++) {
            Buf block = w.block(i);
            displs[i] = at;
            if (written) {
                types[i].requireDistinctBytes("alltoallw", counts[i]);
            }
            long bytes = types[i].size() * counts[i];
            MemorySegment slot = packed.asSlice(at, bytes);
            types[i].map.pack(block.segment(), 0, counts[i], slot, 0, false);
            if (written) {
                Datatype t = types[i];
                int n = counts[i];
                after.add(() -> t.map.unpack(slot, 0, bytes, block.segment(), 0, n, false));
            }
            counts[i] = Math.toIntExact(counts[i] * signatureLength(types[i]));
            types[i] = signatureType(types[i]);
            at += bytes;
        }
        return new WBuf(packed, counts, displs, types);
    }

    /**
     * The buffer for a reduction with {@code op}: element-wise operations (predefined ones, and
     * {@code Op.ofInts} and the like) apply element by element to the signature
     * ({@link #flat(Buf, boolean, List)}); a general user operation on a non-contiguous type gets
     * the packed form, one element per element of the type, which {@link #op} unpacks for it; on a
     * contiguous derived type it sees the type itself.
     */
    static Buf forOp(Buf b, boolean written, Op op, List<Runnable> after) {
        if (op == null || op.elementwise()) {
            if (!skips(b, written) && b.datatype().map.homogeneous() == null) {
                // the signature mixes predefined types: element by element it is only bytes, which
                // MAX or SUM would combine byte by byte (MPI refuses such a call too)
                throw new MpiException(ErrorClass.ERR_OP, op + " does not apply to " + b.datatype()
                        + ", whose elements are of several predefined types; the predefined and element-wise"
                        + " operations take a predefined type or a derived type of one predefined type: use an"
                        + " operation made with Op.create for a struct");
            }
            return flat(b, written, after);
        }
        if (skips(b, written) || b.datatype().isContiguous()) {
            return b;
        }
        return Buf.of(pack(b, written, after), b.datatype().packedForm(), b.count());
    }

    /** The operation to give the provider with {@link #forOp}'s buffer for {@code original}. */
    static Op op(Op op, Buf original) {
        if (op == null || op.elementwise() || skips(original, false) || original.datatype().isContiguous()) {
            return op;
        }
        return op.overPacked(original.datatype());
    }

    /** How many elements {@link #forOp} makes of one element of the buffer's type: for scaling counts. */
    static long opLength(Buf original, Op op) {
        if (skips(original, false)) {
            return 1;
        }
        return op == null || op.elementwise() ? signatureLength(original.datatype()) : 1;
    }

    private static boolean skips(Buf b, boolean written) {
        return b == null || b.isInPlace() || b.datatype().isPredefined() || !b.datatype().isCommitted()
                || (written && b.isReadOnly()) || !b.hasSegment();
    }

    /** Packs the buffer's data into private memory; if written, unpacks it back on completion. */
    private static MemorySegment pack(Buf b, boolean written, List<Runnable> after) {
        Datatype type = b.datatype();
        if (written) {
            type.requireDistinctBytes("collective", b.count());
        }
        long bytes = type.size() * b.count();
        MemorySegment packed = aligned(bytes);
        type.map.pack(b.segment(), 0, b.count(), packed, 0, false);
        if (written) {
            after.add(() -> type.map.unpack(packed, 0, bytes, b.segment(), 0, b.count(), false));
        }
        return packed;
    }

    /** Private memory on a long[]: 8-byte aligned, so kernels may read packed elements with aligned layouts. */
    private static MemorySegment aligned(long bytes) {
        return MemorySegment.ofArray(new long[Math.toIntExact((bytes + 7) / 8)]).asSlice(0, bytes);
    }

    /** The one predefined type a derived type's signature repeats, or BYTE if it mixes several. */
    static Datatype signatureType(Datatype type) {
        Datatype basic = type.map.homogeneous();
        return basic == null ? Datatype.BYTE : basic;
    }

    /** How many {@link #signatureType} elements one instance of the type holds. */
    static long signatureLength(Datatype type) {
        return type.size() / signatureType(type).size();
    }

    static int[] scale(int[] a, long k) {
        int[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(r[i] * k);
        }
        return r;
    }
}
