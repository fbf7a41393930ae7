package io.mpi4j;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A reduction operation, for {@code reduce}, {@code allreduce}, {@code scan} and the other
 * reductions (MPI-4.1 §6.9).
 *
 * <p>The predefined operations apply to the types MPI allows (MPI-4.1 §6.9.2): the arithmetic ones
 * ({@link #SUM}, {@link #PROD}, {@link #MAX}, {@link #MIN}) to every numeric type and {@code char};
 * the logical ones ({@link #LAND}, {@link #LOR}, {@link #LXOR}) to integer types and
 * {@code boolean}; the bitwise ones ({@link #BAND}, {@link #BOR}, {@link #BXOR}) to integer types,
 * {@code byte} and {@code boolean}; {@link #MAXLOC} and {@link #MINLOC} to the value-index pair
 * types such as {@link Datatype#DOUBLE_INT}; {@link #REPLACE} and {@link #NO_OP} to every type.
 * Any other combination raises {@link ErrorClass#ERR_OP}.
 *
 * <p>User operations come from Java functions; a non-commutative one is applied in rank order,
 * as MPI requires ({@code x0 op x1 op ... op x(n-1)}).
 *
 * {@snippet :
 * comm.allreduce(Buf.of(local), Buf.of(global), Op.SUM);
 * Op absMax = Op.ofDoubles((a, b) -> Math.max(Math.abs(a), Math.abs(b)), true);
 * Op concat = Op.create((in, inout, count, type) -> { ... }, false);   // any layout
 * }
 */
public final class Op {
    /** Sum (MPI_SUM). */
    public static final Op SUM = new Op("SUM", Kind.SUM, true, null);
    /** Product (MPI_PROD). */
    public static final Op PROD = new Op("PROD", Kind.PROD, true, null);
    /** Maximum (MPI_MAX). */
    public static final Op MAX = new Op("MAX", Kind.MAX, true, null);
    /** Minimum (MPI_MIN). */
    public static final Op MIN = new Op("MIN", Kind.MIN, true, null);
    /** Logical and, non-zero meaning true (MPI_LAND). */
    public static final Op LAND = new Op("LAND", Kind.LAND, true, null);
    /** Bitwise and (MPI_BAND). */
    public static final Op BAND = new Op("BAND", Kind.BAND, true, null);
    /** Logical or (MPI_LOR). */
    public static final Op LOR = new Op("LOR", Kind.LOR, true, null);
    /** Bitwise or (MPI_BOR). */
    public static final Op BOR = new Op("BOR", Kind.BOR, true, null);
    /** Logical exclusive or (MPI_LXOR). */
    public static final Op LXOR = new Op("LXOR", Kind.LXOR, true, null);
    /** Bitwise exclusive or (MPI_BXOR). */
    public static final Op BXOR = new Op("BXOR", Kind.BXOR, true, null);
    /** Maximum value and the lowest index that holds it, on value-index pairs (MPI_MAXLOC). */
    public static final Op MAXLOC = new Op("MAXLOC", Kind.MAXLOC, true, null);
    /** Minimum value and the lowest index that holds it, on value-index pairs (MPI_MINLOC). */
    public static final Op MINLOC = new Op("MINLOC", Kind.MINLOC, true, null);
    /**
     * The left operand replaces the right one: {@code inout[i] = in[i]} (MPI_REPLACE). Meant for
     * accumulate operations, where the origin's data replaces the target's; in a reduction over
     * ranks it yields the value of rank 0.
     */
    public static final Op REPLACE = new Op("REPLACE", Kind.REPLACE, false, null);
    /**
     * Leaves the right operand unchanged: {@code inout[i]} stays (MPI_NO_OP). Meant for
     * fetch-and-op, where the target is only read; in a reduction it yields the value of the last rank.
     */
    public static final Op NO_OP = new Op("NO_OP", Kind.NO_OP, false, null);

    /** The predefined operations, and {@code USER} for the rest. */
    enum Kind { SUM, PROD, MAX, MIN, LAND, BAND, LOR, BOR, LXOR, BXOR, MAXLOC, MINLOC, REPLACE, NO_OP, USER }

    /**
     * The body of a user-defined operation (MPI_User_function): combines {@code count} elements of
     * {@code in} into {@code inout}, element by element: {@code inout[i] = in[i] op inout[i]},
     * where {@code in} holds the operands of the lower ranks.
     *
     * <p>Both segments start at an address aligned to 8 bytes, so the first element's fields may
     * be read with the aligned layouts ({@code ValueLayout.JAVA_LONG}, {@code JAVA_DOUBLE}) where
     * the datatype puts them at aligned offsets; element {@code i} starts {@code i * extent} bytes
     * in, so a type whose extent is not a multiple of 8 needs the {@code *_UNALIGNED} layouts.
     */
    @FunctionalInterface
    public interface Function {
        /**
         * Applies the operation.
         *
         * @param in the left operands
         * @param inout the right operands, replaced by the results
         * @param count the number of elements
         * @param datatype the type of the elements
         */
        void apply(MemorySegment in, MemorySegment inout, long count, Datatype datatype);
    }

    private final String name;
    private final Kind kind;
    private final boolean commutative;
    private final Function function;
    private final boolean elementwise;

    private Op(String name, Kind kind, boolean commutative, Function function) {
        this(name, kind, commutative, function, kind != Kind.USER);
    }

    private Op(String name, Kind kind, boolean commutative, Function function, boolean elementwise) {
        this.name = name;
        this.kind = kind;
        this.commutative = commutative;
        this.function = function;
        this.elementwise = elementwise;
    }

    /**
     * Whether the operation combines predefined elements one by one, whatever datatype holds them:
     * the predefined operations and those made by {@link #ofInts}, {@link #ofLongs} and
     * {@link #ofDoubles}. Such an operation reduces a derived datatype element by element of its
     * signature; a general user function sees the derived type itself.
     */
    boolean elementwise() {
        return elementwise;
    }

    /**
     * Creates an operation from a function over raw elements (MPI_Op_create).
     *
     * @param function the body
     * @param commutative whether {@code a op b == b op a}; if not, operands are combined in rank order
     * @return the operation
     */
    public static Op create(Function function, boolean commutative) {
        return new Op("USER", Kind.USER, commutative, Objects.requireNonNull(function, "function"));
    }

    /**
     * Creates an operation on {@link Datatype#INT} elements from an {@code int} function.
     *
     * @param f {@code f(left, right)}, where {@code left} comes from the lower rank
     * @param commutative whether {@code f} is commutative
     * @return the operation; applying it to another type raises {@link ErrorClass#ERR_OP}
     */
    public static Op ofInts(IntBinaryOperator f, boolean commutative) {
        Objects.requireNonNull(f, "f");
        return new Op("USER", Kind.USER, commutative, (in, inout, count, type) -> {
            requireType("ofInts", type, Datatype.INT);
            int[] a = new int[(int) Math.min(Reductions.CHUNK, count)];
            int[] b = new int[a.length];
            for (long done = 0; done < count; done += a.length) {
                int len = (int) Math.min(a.length, count - done);
                MemorySegment.copy(in, Reductions.INT, done * 4, a, 0, len);
                MemorySegment.copy(inout, Reductions.INT, done * 4, b, 0, len);
                for (int i = 0; i < len; i++) {
                    b[i] = f.applyAsInt(a[i], b[i]);
                }
                MemorySegment.copy(b, 0, inout, Reductions.INT, done * 4, len);
            }
        }, true);
    }

    /**
     * Creates an operation on {@link Datatype#LONG} elements from a {@code long} function.
     *
     * @param f {@code f(left, right)}, where {@code left} comes from the lower rank
     * @param commutative whether {@code f} is commutative
     * @return the operation; applying it to another type raises {@link ErrorClass#ERR_OP}
     */
    public static Op ofLongs(LongBinaryOperator f, boolean commutative) {
        Objects.requireNonNull(f, "f");
        return new Op("USER", Kind.USER, commutative, (in, inout, count, type) -> {
            requireType("ofLongs", type, Datatype.LONG);
            long[] a = new long[(int) Math.min(Reductions.CHUNK, count)];
            long[] b = new long[a.length];
            for (long done = 0; done < count; done += a.length) {
                int len = (int) Math.min(a.length, count - done);
                MemorySegment.copy(in, Reductions.LONG, done * 8, a, 0, len);
                MemorySegment.copy(inout, Reductions.LONG, done * 8, b, 0, len);
                for (int i = 0; i < len; i++) {
                    b[i] = f.applyAsLong(a[i], b[i]);
                }
                MemorySegment.copy(b, 0, inout, Reductions.LONG, done * 8, len);
            }
        }, true);
    }

    /**
     * Creates an operation on {@link Datatype#DOUBLE} elements from a {@code double} function.
     *
     * @param f {@code f(left, right)}, where {@code left} comes from the lower rank
     * @param commutative whether {@code f} is commutative
     * @return the operation; applying it to another type raises {@link ErrorClass#ERR_OP}
     */
    public static Op ofDoubles(DoubleBinaryOperator f, boolean commutative) {
        Objects.requireNonNull(f, "f");
        return new Op("USER", Kind.USER, commutative, (in, inout, count, type) -> {
            requireType("ofDoubles", type, Datatype.DOUBLE);
            double[] a = new double[(int) Math.min(Reductions.CHUNK, count)];
            double[] b = new double[a.length];
            for (long done = 0; done < count; done += a.length) {
                int len = (int) Math.min(a.length, count - done);
                MemorySegment.copy(in, Reductions.DOUBLE, done * 8, a, 0, len);
                MemorySegment.copy(inout, Reductions.DOUBLE, done * 8, b, 0, len);
                for (int i = 0; i < len; i++) {
                    b[i] = f.applyAsDouble(a[i], b[i]);
                }
                MemorySegment.copy(b, 0, inout, Reductions.DOUBLE, done * 8, len);
            }
        }, true);
    }

    private static void requireType(String factory, Datatype actual, Datatype expected) {
        if (actual != expected) {
            throw new MpiException(ErrorClass.ERR_OP, "an Op." + factory + " operation applies to " + expected
                    + " elements, not " + actual);
        }
    }

    /**
     * Returns the name of the operation: {@code "SUM"}, ..., or {@code "USER"}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Tells whether the operation is commutative (MPI_Op_commutative).
     *
     * @return {@code true} if operands may be combined in any order
     */
    public boolean isCommutative() {
        return commutative;
    }

    /**
     * Tells whether this is one of the predefined operations.
     *
     * @return {@code false} for operations made by {@link #create} and its typed variants
     */
    public boolean isPredefined() {
        return kind != Kind.USER;
    }

    /**
     * Tells whether this operation applies to elements of a type. User operations accept every
     * type (their function may still reject one).
     *
     * @param datatype the element type
     * @return {@code true} if {@link #apply} accepts it
     */
    public boolean supports(Datatype datatype) {
        return kind == Kind.USER || Reductions.supports(kind, datatype);
    }

    /**
     * Combines {@code count} elements of {@code in} into {@code inout}: {@code inout[i] = in[i] op
     * inout[i]}, with {@code in} holding the left (lower-rank) operands.
     *
     * @param in the left operands
     * @param inout the right operands, replaced by the results
     * @param count the number of elements
     * @param datatype their type
     * @throws MpiException with {@link ErrorClass#ERR_OP} if the operation does not apply to the type,
     *     {@link ErrorClass#ERR_OTHER} if a user-defined operation's function threw (its exception the cause)
     */
    public void apply(MemorySegment in, MemorySegment inout, long count, Datatype datatype) {
        if (kind == Kind.USER && !elementwise && (in.maxByteAlignment() < ALIGNMENT || inout.maxByteAlignment() < ALIGNMENT)) {
            // a function of the program's may read with aligned layouts (JAVA_LONG, JAVA_DOUBLE):
            // operands staged in byte arrays are copied to 8-byte aligned memory for it
            MemorySegment a = aligned(in);
            MemorySegment b = aligned(inout);
            user(a, b, count, datatype);
            MemorySegment.copy(b, 0, inout, 0, inout.byteSize());
        } else if (kind == Kind.USER) {
            user(in, inout, count, datatype);
        } else {
            Reductions.apply(kind, in, inout, count, datatype);
        }
    }

    /**
     * Calls the program's function. What it throws reaches the program as an {@link MpiException}
     * of class {@link ErrorClass#ERR_OTHER} with the exception as its cause, on every provider (an
     * {@code MpiException} of its own passes as it is).
     */
    private void user(MemorySegment in, MemorySegment inout, long count, Datatype datatype) {
        try {
            function.apply(in, inout, count, datatype);
        } catch (MpiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "the user-defined operation threw " + e, e);
        }
    }

    /** The alignment the operands of a user function have: enough for every Java primitive. */
    private static final long ALIGNMENT = 8;

    /** A copy of {@code m} in memory aligned to {@link #ALIGNMENT}. */
    private static MemorySegment aligned(MemorySegment m) {
        MemorySegment copy = MemorySegment.ofArray(new long[Math.toIntExact((m.byteSize() + 7) / 8)]).asSlice(0, m.byteSize());
        MemorySegment.copy(m, 0, copy, 0, m.byteSize());
        return copy;
    }

    /**
     * Combines two local buffers without communication (MPI_Reduce_local): {@code inout[i] = in[i]
     * op inout[i]}.
     *
     * @param in the left operands
     * @param inout the right operands, replaced by the results
     * @throws MpiException {@link ErrorClass#ERR_OP} if the operation does not apply to the type,
     *     {@link ErrorClass#ERR_COUNT} if the buffers differ in count, {@link ErrorClass#ERR_TYPE}
     *     if they differ in datatype, {@link ErrorClass#ERR_BUFFER} for a {@code null},
     *     {@code IN_PLACE} or read-only buffer
     */
    public void reduceLocal(Buf in, Buf inout) {
        Comm.requireBuf("reduceLocal", in);
        Comm.requireBuf("reduceLocal", inout);
        if (inout.isReadOnly()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "reduceLocal: the inout buffer is read-only");
        }
        if (in.datatype() != inout.datatype()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "reduceLocal: in has datatype " + in.datatype()
                    + " but inout has " + inout.datatype());
        }
        if (in.count() != inout.count()) {
            throw new MpiException(ErrorClass.ERR_COUNT, "reduceLocal: in has count=" + in.count()
                    + " but inout has count=" + inout.count());
        }
        // derived types as collectives see them: element-wise operations on the signature, a user
        // function on memory laid out as the type (Flattening)
        java.util.List<Runnable> unpack = new java.util.ArrayList<>(0);
        Op effective = Flattening.op(this, in);
        Buf flatIn = Flattening.forOp(in, false, this, unpack);
        Buf flatInout = Flattening.forOp(inout, true, this, unpack);
        checkSupports("reduceLocal", flatInout.datatype());
        Buf a = Staging.forSend(flatIn);
        Buf b = Staging.forRecv(flatInout);
        if (b != flatInout) {
            MemorySegment.copy(Staging.forSend(flatInout).segment(), 0, b.segment(), 0, flatInout.byteSize());
        }
        effective.apply(a.segment(), b.segment(), flatIn.count(), flatIn.datatype());
        Staging.unstage(b, flatInout, flatInout.byteSize());
        unpack.forEach(Runnable::run);
    }

    /**
     * This user operation applied to the packed form of a non-contiguous datatype: the operands
     * arrive packed (as {@link Datatype#packedForm()} elements), are unpacked into memory laid out
     * as {@code layout} for the user's function, which sees the type it was called with, and the
     * result is packed back. So a user operation on a strided or padded struct type reads its
     * fields at their offsets, as in C MPI.
     */
    Op overPacked(Datatype layout) {
        Function user = function;
        return new Op(name, Kind.USER, commutative, (in, inout, count, packedType) -> {
            long bytes = count * layout.size();
            // the whole extent of every element, padding included: a function may copy whole elements
            long span = Math.max(layout.span(count), Math.max(0, layout.lowerBound() + count * layout.extent()));
            MemorySegment a = MemorySegment.ofArray(new long[Math.toIntExact((span + 7) / 8)]).asSlice(0, span);
            MemorySegment b = MemorySegment.ofArray(new long[Math.toIntExact((span + 7) / 8)]).asSlice(0, span);
            layout.map.unpack(in, 0, bytes, a, 0, count, false);
            layout.map.unpack(inout, 0, bytes, b, 0, count, false);
            user.apply(a, b, count, layout);
            layout.map.pack(b, 0, count, inout, 0, false);
        });
    }

    /** Raises ERR_OP if this operation does not apply to {@code datatype}. */
    void checkSupports(String op, Datatype datatype) {
        if (!supports(datatype)) {
            throw new MpiException(ErrorClass.ERR_OP, op + ": " + name + " does not apply to " + datatype + " elements"
                    + Reductions.hint(kind));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
