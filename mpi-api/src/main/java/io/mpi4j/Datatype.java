package io.mpi4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A datatype describes the layout of the elements in a message buffer (MPI-4.1 §3.2.2, §5.1).
 *
 * <p>The predefined datatypes correspond to the Java primitive types; {@link Buf} infers them from
 * the array type, so most code never names one. Elements are always in the platform's native byte
 * order, as in C MPI.
 *
 * <table class="striped">
 *   <caption>Predefined datatypes</caption>
 *   <thead><tr><th>Datatype</th><th>Java type</th><th>Size (bytes)</th><th>C MPI counterpart</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #BYTE}</td><td>{@code byte}</td><td>1</td><td>MPI_BYTE / MPI_INT8_T</td></tr>
 *     <tr><td>{@link #BOOLEAN}</td><td>{@code boolean}</td><td>1</td><td>MPI_C_BOOL</td></tr>
 *     <tr><td>{@link #CHAR}</td><td>{@code char}</td><td>2</td><td>MPI_UINT16_T</td></tr>
 *     <tr><td>{@link #SHORT}</td><td>{@code short}</td><td>2</td><td>MPI_SHORT</td></tr>
 *     <tr><td>{@link #INT}</td><td>{@code int}</td><td>4</td><td>MPI_INT</td></tr>
 *     <tr><td>{@link #LONG}</td><td>{@code long}</td><td>8</td><td>MPI_INT64_T</td></tr>
 *     <tr><td>{@link #FLOAT}</td><td>{@code float}</td><td>4</td><td>MPI_FLOAT</td></tr>
 *     <tr><td>{@link #DOUBLE}</td><td>{@code double}</td><td>8</td><td>MPI_DOUBLE</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Derived datatypes</b> (MPI-4.1 §5.1) are built from others with {@link #contiguous},
 * {@link #vector}, {@link #hvector}, {@link #indexed}, {@link #hindexed}, {@link #indexedBlock},
 * {@link #hindexedBlock}, {@link #struct}, {@link #subarray}, {@link #resized} and {@link #dup}. A
 * derived type must be {@linkplain #commit() committed} before it is used in communication or
 * packing, and may be {@linkplain #free() freed} (or closed) when no longer needed; using an
 * uncommitted or freed type fails with {@link ErrorClass#ERR_TYPE}. Each type is represented by its
 * flattened type map (blocks of predefined elements at byte offsets, merged where contiguous),
 * computed when it is built. Use a derived type with {@link Buf#withType(Datatype, long)} or the
 * {@code ByteBuffer} and {@code MemorySegment} factories of {@link Buf}, and convert it to and from
 * contiguous bytes with {@link Packing}.
 *
 * {@snippet :
 * // column j of a row-major n x n matrix of doubles
 * Datatype column = Datatype.vector(n, 1, n, Datatype.DOUBLE).commit();
 * comm.send(Buf.of(matrix, j, n * n - j).withType(column, 1), 1, 0);
 * }
 *
 * <p>Datatypes are safe to share between threads once committed.
 */
public final class Datatype implements AutoCloseable {
    /** 8-bit signed integer; also the unit of untyped bytes. */
    public static final Datatype BYTE = new Datatype("BYTE", 1, byte.class);
    /** Java {@code boolean}, one byte per element (0 or 1). */
    public static final Datatype BOOLEAN = new Datatype("BOOLEAN", 1, boolean.class);
    /** Java {@code char}: an unsigned 16-bit UTF-16 code unit. */
    public static final Datatype CHAR = new Datatype("CHAR", 2, char.class);
    /** 16-bit signed integer. */
    public static final Datatype SHORT = new Datatype("SHORT", 2, short.class);
    /** 32-bit signed integer. */
    public static final Datatype INT = new Datatype("INT", 4, int.class);
    /** 64-bit signed integer. */
    public static final Datatype LONG = new Datatype("LONG", 8, long.class);
    /** IEEE 754 single precision. */
    public static final Datatype FLOAT = new Datatype("FLOAT", 4, float.class);
    /** IEEE 754 double precision. */
    public static final Datatype DOUBLE = new Datatype("DOUBLE", 8, double.class);

    /**
     * A pair of {@code int} value and {@code int} index, for {@link Op#MAXLOC} and {@link Op#MINLOC}
     * (MPI_2INT): 8 bytes, value at offset 0, index at offset 4.
     */
    public static final Datatype INT_INT = new Datatype("INT_INT", 8, null, INT);
    /**
     * A pair of {@code long} value and {@code int} index (MPI_LONG_INT with a 64-bit value): 16
     * bytes as C lays out {@code struct { int64_t value; int index; }}: value at 0, index at 8, 4
     * bytes of padding.
     */
    public static final Datatype LONG_INT = new Datatype("LONG_INT", 16, null, LONG);
    /** A pair of {@code float} value and {@code int} index (MPI_FLOAT_INT): 8 bytes, index at 4. */
    public static final Datatype FLOAT_INT = new Datatype("FLOAT_INT", 8, null, FLOAT);
    /**
     * A pair of {@code double} value and {@code int} index (MPI_DOUBLE_INT): 16 bytes as C lays
     * out {@code struct { double value; int index; }}: value at 0, index at 8, 4 bytes of padding.
     */
    public static final Datatype DOUBLE_INT = new Datatype("DOUBLE_INT", 16, null, DOUBLE);

    /**
     * The block size argument of {@link #darray} that asks for the default: {@code ceil(gsize / psize)}
     * for {@link Distribution#BLOCK}, 1 for {@link Distribution#CYCLIC} (MPI_DISTRIBUTE_DFLT_DARG).
     */
    public static final int DEFAULT_DARG = -1;

    /** How {@link #darray} deals one dimension of an array over the processes of the grid. */
    public enum Distribution {
        /** Contiguous blocks, one per process (MPI_DISTRIBUTE_BLOCK). */
        BLOCK,
        /** Blocks dealt round robin (MPI_DISTRIBUTE_CYCLIC). */
        CYCLIC,
        /** Not distributed: every process holds the whole dimension (MPI_DISTRIBUTE_NONE). */
        NONE
    }

    /** Storage order of a multidimensional array, for {@link #subarray} and {@link #darray}. */
    public enum Order {
        /** Row-major: the last index varies fastest (MPI_ORDER_C). */
        C,
        /** Column-major: the first index varies fastest (MPI_ORDER_FORTRAN). */
        FORTRAN
    }

    private volatile String name;
    /** For predefined types their size; 0 for derived types (which TypeMap never reads it of). */
    final long predefinedSize;
    private final Class<?> javaType;
    private final Datatype pairValue;
    final TypeMap map;
    private final TypeConstructor constructor;
    private volatile boolean committed;
    private volatile boolean freed;
    /** {@link #packedForm()}, made on first use. */
    private volatile Datatype packedForm;

    private Datatype(String name, long size, Class<?> javaType) {
        this(name, size, javaType, null);
    }

    private Datatype(String name, long size, Class<?> javaType, Datatype pairValue) {
        this.name = name;
        this.predefinedSize = size;
        this.javaType = javaType;
        this.pairValue = pairValue;
        this.map = TypeMap.basic(this, size);
        this.constructor = new TypeConstructor.Named(this);
        this.committed = true;
    }

    private Datatype(TypeMap map, TypeConstructor constructor) {
        this(map, constructor, true);
    }

    /** A derived type; {@code tracked}: made by the program, so a leak check follows it until it is freed. */
    private Datatype(TypeMap map, TypeConstructor constructor, boolean tracked) {
        this.name = "";
        this.predefinedSize = 0;
        this.javaType = null;
        this.pairValue = null;
        this.map = map;
        this.constructor = constructor;
        if (tracked && io.mpi4j.spi.ResourceTracker.CURRENT.isBound()) {
            io.mpi4j.spi.ResourceTracker.CURRENT.get().created(io.mpi4j.spi.ResourceTracker.Kind.DATATYPE, this, toString());
        }
    }

    /**
     * Returns the value type of a value-index pair type ({@link #INT_INT}, {@link #LONG_INT},
     * {@link #FLOAT_INT}, {@link #DOUBLE_INT}).
     *
     * @return the type of the value; empty for other types
     */
    public Optional<Datatype> pairValueType() {
        return Optional.ofNullable(pairValue);
    }

    /**
     * Returns the name of this datatype (MPI_Type_get_name).
     *
     * @return the name, such as {@code "INT"}; empty for a derived type that was not named
     */
    public String name() {
        return name;
    }

    /**
     * Names this derived datatype (MPI_Type_set_name).
     *
     * @param name the new name
     * @return this datatype
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} for a predefined or freed type,
     *     {@link ErrorClass#ERR_ARG} if {@code name} is {@code null}
     */
    public Datatype setName(String name) {
        if (isPredefined()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "setName: the name of the predefined datatype " + this + " is fixed");
        }
        requireLive("setName");
        if (name == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "setName: null name");
        }
        this.name = name;
        return this;
    }

    /**
     * Returns the number of bytes of data in one element of this type (MPI_Type_size): the sum of
     * the sizes of the predefined elements of its type map.
     *
     * @return the size in bytes
     * @implNote For {@link #LONG_INT} and {@link #DOUBLE_INT} the size includes the 4 bytes of
     *     padding of the C layout (16, where C MPI's MPI_Type_size says 12), so that elements are
     *     contiguous.
     */
    public long size() {
        return map.size;
    }

    /**
     * Returns the extent of this type: the distance in bytes between consecutive elements
     * (MPI_Type_get_extent), {@code upperBound() - lowerBound()}. For predefined types it equals
     * {@link #size()}.
     *
     * @return the extent in bytes
     */
    public long extent() {
        return map.extent();
    }

    /**
     * Returns the lower bound of this type (MPI_Type_get_extent). Zero for predefined types.
     *
     * @return the lower bound in bytes
     */
    public long lowerBound() {
        return map.lb;
    }

    /**
     * Returns the upper bound of this type: {@code lowerBound() + extent()}.
     *
     * @return the upper bound in bytes
     */
    public long upperBound() {
        return map.ub;
    }

    /**
     * Returns the true lower bound (MPI_Type_get_true_extent): the offset of the first byte of data,
     * ignoring {@link #resized} bounds and struct padding.
     *
     * @return the true lower bound in bytes; 0 for a type with no data
     */
    public long trueLowerBound() {
        return map.trueLb;
    }

    /**
     * Returns the true extent (MPI_Type_get_true_extent): the distance from the first to one past
     * the last byte of data of one element.
     *
     * @return the true extent in bytes; 0 for a type with no data
     */
    public long trueExtent() {
        return map.trueExtent();
    }

    /**
     * Tells whether {@code n} elements of this type occupy exactly {@code n * size()} contiguous
     * bytes from the start of the buffer (no gaps, lower bound 0, extent equal to size).
     *
     * @return {@code true} for every predefined type and for derived types without gaps
     */
    public boolean isContiguous() {
        return map.contiguous();
    }

    /**
     * Tells whether this is one of the predefined datatypes.
     *
     * @return {@code true} for the constants of this class
     */
    public boolean isPredefined() {
        return javaType != null || pairValue != null;
    }

    /**
     * Returns the Java primitive type of a predefined datatype.
     *
     * @return the primitive class, such as {@code int.class}; empty for derived types
     */
    public Optional<Class<?>> javaType() {
        return Optional.ofNullable(javaType);
    }

    /**
     * Returns the predefined datatype of a Java primitive array class.
     *
     * @param arrayClass a primitive array class such as {@code int[].class}
     * @return the datatype of its elements
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if the class is not a primitive array
     */
    public static Datatype ofArrayClass(Class<?> arrayClass) {
        Objects.requireNonNull(arrayClass, "arrayClass");
        Class<?> c = arrayClass.getComponentType();
        if (c == byte.class) return BYTE;
        if (c == boolean.class) return BOOLEAN;
        if (c == char.class) return CHAR;
        if (c == short.class) return SHORT;
        if (c == int.class) return INT;
        if (c == long.class) return LONG;
        if (c == float.class) return FLOAT;
        if (c == double.class) return DOUBLE;
        throw new MpiException(ErrorClass.ERR_TYPE,
                "no predefined datatype for " + arrayClass.getTypeName() + "; use a primitive array, a ByteBuffer or a MemorySegment");
    }

    // ---- lifecycle ----

    /**
     * Commits this datatype so that it can be used in communication and packing (MPI_Type_commit).
     * Committing twice, or committing a predefined type, does nothing.
     *
     * @return this datatype, for chaining
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if the type was freed
     */
    public Datatype commit() {
        requireLive("commit");
        committed = true;
        return this;
    }

    /**
     * Tells whether this datatype is committed (predefined types always are).
     *
     * @return whether it may be used in communication
     */
    public boolean isCommitted() {
        return committed && !freed;
    }

    /**
     * Frees this derived datatype (MPI_Type_free): it may no longer be used, nor used to build
     * others. Types built from it earlier, and operations already started with it, are unaffected.
     *
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} for a predefined type or one already
     *     freed
     */
    public void free() {
        if (isPredefined()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "free: the predefined datatype " + this + " cannot be freed");
        }
        requireLive("free");
        freed = true;
        if (io.mpi4j.spi.ResourceTracker.CURRENT.isBound()) {
            io.mpi4j.spi.ResourceTracker.CURRENT.get().released(this);
        }
    }

    /**
     * Tells whether this datatype was freed.
     *
     * @return {@code true} after {@link #free()} or {@link #close()}
     */
    public boolean isFreed() {
        return freed;
    }

    /**
     * Frees this derived datatype if it is not freed yet, so that it fits in try-with-resources; does
     * nothing for predefined types.
     */
    @Override
    public void close() {
        if (!isPredefined() && !freed) {
            free();
        }
    }

    /**
     * Returns how this datatype was built (MPI_Type_get_envelope and MPI_Type_get_contents).
     *
     * @return the constructor and its arguments; {@link TypeConstructor.Named} for predefined types
     */
    public TypeConstructor constructor() {
        return constructor;
    }

    /**
     * Tells whether a message sent as elements of {@code sent} may be received as elements of
     * {@code received}: whether their type signatures (the sequences of predefined types) agree over
     * the first {@code bytes} bytes of the message (MPI-4.1 §3.3.1). Two predefined types match
     * only if they are the same type.
     *
     * @param sent the sender's datatype
     * @param received the receiver's datatype
     * @param bytes the length of the message
     * @return whether the signatures match
     */
    public static boolean signaturesMatch(Datatype sent, Datatype received, long bytes) {
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(received, "received");
        if (sent == received) {
            return true;
        }
        if (sent.isPredefined() && received.isPredefined()) {
            return false;
        }
        long limit = Math.max(Math.min(bytes, 1L << 20), Math.max(Math.min(sent.size(), 1L << 20), Math.min(received.size(), 1L << 20)));
        return TypeMap.signaturesAgree(sent.map, received.map, limit);
    }

    /** Throws ERR_TYPE unless this type is committed and not freed. */
    void requireCommitted(String op) {
        requireLive(op);
        if (!committed) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": the datatype " + this
                    + " is not committed; call commit() before using it in communication");
        }
    }

    /**
     * A committed contiguous type with this type's signature laid end to end: what this type's data
     * looks like packed, one element per element of this type. Providers move and reduce it as they
     * would any contiguous type; user operations see it unpacked again ({@link Op#overPacked}).
     */
    Datatype packedForm() {
        Datatype p = packedForm;
        if (p == null) {
            TypeMap m = map.packedForm();
            List<Integer> lengths = new ArrayList<>();
            List<Long> displs = new ArrayList<>();
            List<Datatype> types = new ArrayList<>();
            for (int i = 0; i < m.blocks; i++) {
                lengths.add(Math.toIntExact(m.counts[i]));
                displs.add(m.offsets[i]);
                types.add(m.basics[i]);
            }
            // the API's own: not the program's to free
            p = new Datatype(m, new TypeConstructor.Struct(List.copyOf(lengths), List.copyOf(displs), List.copyOf(types)), false);
            p.committed = true;
            packedForm = p; // a benign race: two threads may each build an equal one
        }
        return p;
    }

    /**
     * Refuses to write {@code count} elements of a type that names some byte twice: MPI forbids
     * such receive types (MPI-4.1 §5.1.11), since which value would land there is undefined.
     */
    void requireDistinctBytes(String op, long count) {
        if (map.overlaps(count)) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": " + count + " element(s) of the datatype " + this
                    + " name some bytes more than once, so they cannot be received into or unpacked into (MPI-4.1 §5.1.11)");
        }
    }

    private void requireLive(String op) {
        if (freed) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": the datatype " + this + " was freed");
        }
    }

    /**
     * The bytes of memory that {@code count} elements span from the buffer's origin: the end of the
     * last byte of data. Throws ERR_TYPE if data would lie before the origin.
     */
    long span(long count) {
        if (count == 0 || map.size == 0) {
            return 0;
        }
        if (isPredefined()) {
            return Math.multiplyExact(count, predefinedSize);
        }
        long last = Math.multiplyExact(count - 1, map.extent());
        long first = Math.min(0, last) + map.trueLb;
        if (first < 0) {
            throw new MpiException(ErrorClass.ERR_TYPE, "the datatype " + this + " has data at byte offset " + first
                    + " before the buffer's start (true lower bound " + map.trueLb + ", extent " + map.extent()
                    + "); Java buffers cannot reach before their start, so give the buffer an origin inside the memory");
        }
        return Math.max(0, last) + map.trueUb;
    }

    /** How many whole elements fit in {@code available} bytes from the origin. */
    long fit(long available) {
        if (isPredefined()) {
            return available / predefinedSize;
        }
        long ext = map.extent();
        if (ext <= 0 || map.trueLb < 0) {
            throw new MpiException(ErrorClass.ERR_TYPE, "the datatype " + this + " (extent " + ext + ", true lower bound "
                    + map.trueLb + ") cannot fill a buffer; give the count explicitly");
        }
        return available < map.trueUb ? 0 : (available - map.trueUb) / ext + 1;
    }

    // ---- constructors ----

    /**
     * Builds {@code count} consecutive elements of {@code oldType} (MPI_Type_contiguous).
     *
     * @param count the number of elements
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_COUNT} if {@code count} is negative,
     *     {@link ErrorClass#ERR_TYPE} if {@code oldType} is {@code null} or freed
     */
    public static Datatype contiguous(int count, Datatype oldType) {
        checkOld("contiguous", oldType);
        checkCount("contiguous", count);
        return build(new long[] {0}, new long[] {count}, new TypeMap[] {oldType.map}, false,
                new TypeConstructor.Contiguous(count, oldType));
    }

    /**
     * Builds {@code count} blocks of {@code blocklength} elements of {@code oldType}, the blocks
     * {@code stride} elements apart (MPI_Type_vector): a matrix column, every other element, ...
     *
     * @param count the number of blocks
     * @param blocklength the elements per block
     * @param stride the distance between the starts of consecutive blocks, in extents of
     *     {@code oldType} (may be negative)
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_COUNT} if {@code count} is negative,
     *     {@link ErrorClass#ERR_ARG} if {@code blocklength} is negative, {@link ErrorClass#ERR_TYPE}
     *     if {@code oldType} is {@code null} or freed
     */
    public static Datatype vector(int count, int blocklength, int stride, Datatype oldType) {
        checkOld("vector", oldType);
        return hvectorOf("vector", count, blocklength, stride * oldType.extent(),
                oldType, new TypeConstructor.Vector(count, blocklength, stride, oldType));
    }

    /**
     * As {@link #vector}, with the stride in bytes (MPI_Type_create_hvector).
     *
     * @param count the number of blocks
     * @param blocklength the elements per block
     * @param stride the distance between the starts of consecutive blocks, in bytes
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException as {@link #vector}
     */
    public static Datatype hvector(int count, int blocklength, long stride, Datatype oldType) {
        checkOld("hvector", oldType);
        return hvectorOf("hvector", count, blocklength, stride, oldType, new TypeConstructor.HVector(count, blocklength, stride, oldType));
    }

    private static Datatype hvectorOf(String op, int count, int blocklength, long stride, Datatype oldType, TypeConstructor c) {
        checkCount(op, count);
        checkBlocklength(op, blocklength);
        long[] displs = new long[count];
        long[] lengths = new long[count];
        TypeMap[] children = new TypeMap[count];
        for (int i = 0; i < count; i++) {
            displs[i] = i * stride;
            lengths[i] = blocklength;
            children[i] = oldType.map;
        }
        return build(displs, lengths, children, false, c);
    }

    /**
     * Builds blocks of elements of {@code oldType} of various lengths at various displacements
     * (MPI_Type_indexed).
     *
     * @param blocklengths the elements per block
     * @param displacements the start of each block, in extents of {@code oldType}
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if an array is {@code null}, the arrays
     *     differ in length or a block length is negative, {@link ErrorClass#ERR_TYPE} if
     *     {@code oldType} is {@code null} or freed
     */
    public static Datatype indexed(int[] blocklengths, int[] displacements, Datatype oldType) {
        checkOld("indexed", oldType);
        checkArrays("indexed", blocklengths, displacements == null ? -1 : displacements.length);
        long[] d = new long[displacements.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = displacements[i] * oldType.extent();
        }
        return indexedOf("indexed", toLongs(blocklengths), d, oldType,
                new TypeConstructor.Indexed(ints(blocklengths), ints(displacements), oldType));
    }

    /**
     * As {@link #indexed}, with the displacements in bytes (MPI_Type_create_hindexed).
     *
     * @param blocklengths the elements per block
     * @param displacements the start of each block, in bytes
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException as {@link #indexed}
     */
    public static Datatype hindexed(int[] blocklengths, long[] displacements, Datatype oldType) {
        checkOld("hindexed", oldType);
        checkArrays("hindexed", blocklengths, displacements == null ? -1 : displacements.length);
        return indexedOf("hindexed", toLongs(blocklengths), displacements.clone(), oldType,
                new TypeConstructor.HIndexed(ints(blocklengths), longs(displacements), oldType));
    }

    /**
     * Builds blocks of the same length of elements of {@code oldType} at various displacements
     * (MPI_Type_create_indexed_block).
     *
     * @param blocklength the elements per block
     * @param displacements the start of each block, in extents of {@code oldType}
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if {@code displacements} is {@code null}
     *     or {@code blocklength} is negative, {@link ErrorClass#ERR_TYPE} if {@code oldType} is
     *     {@code null} or freed
     */
    public static Datatype indexedBlock(int blocklength, int[] displacements, Datatype oldType) {
        checkOld("indexedBlock", oldType);
        requireArray("indexedBlock", displacements);
        checkBlocklength("indexedBlock", blocklength);
        long[] d = new long[displacements.length];
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = displacements[i] * oldType.extent();
            b[i] = blocklength;
        }
        return indexedOf("indexedBlock", b, d, oldType, new TypeConstructor.IndexedBlock(blocklength, ints(displacements), oldType));
    }

    /**
     * As {@link #indexedBlock}, with the displacements in bytes (MPI_Type_create_hindexed_block).
     *
     * @param blocklength the elements per block
     * @param displacements the start of each block, in bytes
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException as {@link #indexedBlock}
     */
    public static Datatype hindexedBlock(int blocklength, long[] displacements, Datatype oldType) {
        checkOld("hindexedBlock", oldType);
        requireArray("hindexedBlock", displacements);
        checkBlocklength("hindexedBlock", blocklength);
        long[] b = new long[displacements.length];
        Arrays.fill(b, blocklength);
        return indexedOf("hindexedBlock", b, displacements.clone(), oldType,
                new TypeConstructor.HIndexedBlock(blocklength, longs(displacements), oldType));
    }

    private static Datatype indexedOf(String op, long[] blocklengths, long[] displs, Datatype oldType, TypeConstructor c) {
        TypeMap[] children = new TypeMap[displs.length];
        Arrays.fill(children, oldType.map);
        return build(displs, blocklengths, children, false, c);
    }

    /**
     * Builds a record of blocks of different types (MPI_Type_create_struct). As in C MPI, the
     * extent is rounded up to a multiple of the largest alignment of the predefined types inside
     * (each type aligned to its size; a value-index pair to its value), so that {@code struct { double
     * d; int i; }} at displacements 0 and 8 has extent 16.
     *
     * @param blocklengths the elements per block
     * @param displacements the start of each block, in bytes
     * @param types the element type of each block
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if an array is {@code null}, the arrays
     *     differ in length or a block length is negative, {@link ErrorClass#ERR_TYPE} if a type is
     *     {@code null} or freed
     */
    public static Datatype struct(int[] blocklengths, long[] displacements, Datatype[] types) {
        requireArray("struct", types);
        checkArrays("struct", blocklengths, displacements == null ? -1 : displacements.length);
        if (types.length != blocklengths.length) {
            throw new MpiException(ErrorClass.ERR_ARG, "struct: " + blocklengths.length + " block lengths but "
                    + types.length + " types");
        }
        TypeMap[] children = new TypeMap[types.length];
        for (int i = 0; i < types.length; i++) {
            checkOld("struct", types[i]);
            children[i] = types[i].map;
        }
        return build(displacements.clone(), toLongs(blocklengths), children, true,
                new TypeConstructor.Struct(ints(blocklengths), longs(displacements), List.of(types)));
    }

    /**
     * Builds the type of a subarray of a multidimensional array (MPI_Type_create_subarray). Its
     * lower bound is 0 and its extent that of the whole array, so the buffer's origin is the whole
     * array's first element.
     *
     * @param sizes the whole array's length in each dimension
     * @param subsizes the subarray's length in each dimension
     * @param starts the subarray's first index in each dimension
     * @param order the storage order of the array
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if an array is {@code null} or empty,
     *     the arrays differ in length, a size is not positive, a subsize is negative or a subarray
     *     does not fit in the array, {@link ErrorClass#ERR_TYPE} if {@code oldType} is {@code null}
     *     or freed
     */
    public static Datatype subarray(int[] sizes, int[] subsizes, int[] starts, Order order, Datatype oldType) {
        checkOld("subarray", oldType);
        requireArray("subarray", sizes);
        requireArray("subarray", subsizes);
        requireArray("subarray", starts);
        if (order == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "subarray: null order");
        }
        int n = sizes.length;
        if (n == 0 || subsizes.length != n || starts.length != n) {
            throw new MpiException(ErrorClass.ERR_ARG, "subarray: sizes, subsizes and starts must have the same length >= 1, not "
                    + n + ", " + subsizes.length + ", " + starts.length);
        }
        for (int i = 0; i < n; i++) {
            if (sizes[i] < 1 || subsizes[i] < 0 || starts[i] < 0 || (long) starts[i] + subsizes[i] > sizes[i]) {
                throw new MpiException(ErrorClass.ERR_ARG, "subarray: dimension " + i + " has size=" + sizes[i] + " subsize="
                        + subsizes[i] + " start=" + starts[i] + "; need size >= 1, subsize >= 0, 0 <= start, start + subsize <= size");
            }
        }
        long[][] indices = new long[n][];
        for (int d = 0; d < n; d++) {
            indices[d] = new long[subsizes[d]];
            for (int i = 0; i < subsizes[d]; i++) {
                indices[d][i] = starts[d] + i;
            }
        }
        TypeMap t = gridMap(sizes, indices, order, oldType);
        return new Datatype(t, new TypeConstructor.Subarray(ints(sizes), ints(subsizes), ints(starts), order, oldType));
    }

    /**
     * Builds the type of this process's part of a distributed multidimensional array
     * (MPI_Type_create_darray), as High Performance Fortran distributes arrays: the processes form
     * a row-major grid of {@code psizes}, and each dimension of the array is dealt over the grid's
     * dimension in blocks ({@link Distribution#BLOCK}), round robin in blocks of {@code dargs[d]}
     * ({@link Distribution#CYCLIC}), or not at all ({@link Distribution#NONE}). Like a subarray,
     * the type lists this process's elements in storage order, with lower bound 0 and the whole
     * array's extent, so every process passes the same whole-array buffer.
     *
     * @param size the number of processes in the grid; the product of {@code psizes}
     * @param rank this process's rank in the grid
     * @param gsizes the whole array's length in each dimension
     * @param distribs how each dimension is distributed
     * @param dargs each dimension's block size, or {@link #DEFAULT_DARG}: for {@code BLOCK}
     *     {@code ceil(gsizes[d] / psizes[d])}, for {@code CYCLIC} 1; ignored for {@code NONE}
     * @param psizes the process grid's length in each dimension (1 for a {@code NONE} dimension)
     * @param order the storage order of the array
     * @param oldType the element type
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if an array is {@code null} or empty,
     *     the arrays differ in length, a size is not positive, the grid does not hold {@code size}
     *     processes, {@code rank} is outside it, a block size is neither positive nor
     *     {@code DEFAULT_DARG}, {@code BLOCK} blocks are too small to cover the dimension, or a
     *     {@code NONE} dimension has more than one process; {@link ErrorClass#ERR_TYPE} if
     *     {@code oldType} is {@code null} or freed
     */
    public static Datatype darray(int size, int rank, int[] gsizes, Distribution[] distribs, int[] dargs, int[] psizes,
            Order order, Datatype oldType) {
        checkOld("darray", oldType);
        requireArray("darray", gsizes);
        requireArray("darray", distribs);
        requireArray("darray", dargs);
        requireArray("darray", psizes);
        if (order == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "darray: null order");
        }
        int n = gsizes.length;
        if (n == 0 || distribs.length != n || dargs.length != n || psizes.length != n) {
            throw new MpiException(ErrorClass.ERR_ARG, "darray: gsizes, distribs, dargs and psizes must have the same length >= 1, not "
                    + n + ", " + distribs.length + ", " + dargs.length + ", " + psizes.length);
        }
        long grid = 1;
        for (int d = 0; d < n; d++) {
            if (gsizes[d] < 1 || psizes[d] < 1) {
                throw new MpiException(ErrorClass.ERR_ARG, "darray: dimension " + d + " has gsize=" + gsizes[d] + " psize="
                        + psizes[d] + "; both must be >= 1");
            }
            grid *= psizes[d];
        }
        if (grid != size) {
            throw new MpiException(ErrorClass.ERR_ARG, "darray: the process grid " + Arrays.toString(psizes) + " holds " + grid
                    + " processes, not size=" + size);
        }
        if (rank < 0 || rank >= size) {
            throw new MpiException(ErrorClass.ERR_ARG, "darray: rank=" + rank + " is not in [0, size=" + size + ")");
        }
        long[][] indices = new long[n][];
        int rest = rank;
        for (int d = n - 1; d >= 0; d--) { // the grid is row-major whatever the array's order
            int coord = rest % psizes[d];
            rest /= psizes[d];
            indices[d] = owned("darray: dimension " + d, distribs[d], dargs[d], gsizes[d], psizes[d], coord);
        }
        TypeMap t = gridMap(gsizes, indices, order, oldType);
        return new Datatype(t, new TypeConstructor.Darray(size, rank, ints(gsizes), List.of(distribs), ints(dargs), ints(psizes),
                order, oldType));
    }

    /** The indices of a dimension of {@code gsize} that grid coordinate {@code coord} of {@code psize} owns. */
    private static long[] owned(String where, Distribution distrib, int darg, int gsize, int psize, int coord) {
        if (distrib == null) {
            throw new MpiException(ErrorClass.ERR_ARG, where + ": null distribution");
        }
        if (darg != DEFAULT_DARG && darg < 1 && distrib != Distribution.NONE) {
            throw new MpiException(ErrorClass.ERR_ARG, where + ": darg=" + darg + " must be >= 1 or DEFAULT_DARG");
        }
        return switch (distrib) {
            case NONE -> {
                if (psize != 1) {
                    throw new MpiException(ErrorClass.ERR_ARG, where + " is not distributed (NONE) but its psize=" + psize
                            + "; it must be 1");
                }
                yield range(0, gsize);
            }
            case BLOCK -> {
                long block = darg == DEFAULT_DARG ? (gsize + (long) psize - 1) / psize : darg;
                if (block * psize < gsize) {
                    throw new MpiException(ErrorClass.ERR_ARG, where + ": BLOCK with darg=" + darg + " on " + psize
                            + " processes covers " + block * psize + " of its " + gsize + " elements");
                }
                yield range(Math.min(gsize, block * coord), Math.min(gsize, block * (coord + 1)));
            }
            case CYCLIC -> {
                long block = darg == DEFAULT_DARG ? 1 : darg;
                long[] mine = new long[gsize];
                int k = 0;
                for (long first = block * coord; first < gsize; first += block * psize) {
                    for (long i = first; i < Math.min(gsize, first + block); i++) {
                        mine[k++] = i;
                    }
                }
                yield Arrays.copyOf(mine, k);
            }
        };
    }

    private static long[] range(long from, long to) {
        long[] r = new long[(int) Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /**
     * The type map of the elements of an array of {@code sizes} whose index in dimension {@code d}
     * is one of {@code indices[d]} (ascending), in storage order, with lower bound 0 and the whole
     * array's extent: the layout of subarrays and distributed arrays.
     */
    private static TypeMap gridMap(int[] sizes, long[][] indices, Order order, Datatype oldType) {
        int n = sizes.length;
        long[] stride = new long[n];
        long s = oldType.extent();
        try {
            for (int k = 0; k < n; k++) { // k-th fastest dimension
                int d = order == Order.C ? n - 1 - k : k;
                stride[d] = s;
                s = Math.multiplyExact(s, sizes[d]);
            }
        } catch (ArithmeticException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "the array's extent overflows 64 bits");
        }
        TypeMap t = oldType.map;
        for (int k = 0; k < n; k++) {
            int d = order == Order.C ? n - 1 - k : k;
            long[] displs = new long[indices[d].length];
            long[] ones = new long[displs.length];
            TypeMap[] children = new TypeMap[displs.length];
            for (int i = 0; i < displs.length; i++) {
                displs[i] = indices[d][i] * stride[d];
                ones[i] = 1;
                children[i] = t;
            }
            t = TypeMap.of(displs, ones, children, false);
        }
        return t.resized(0, s);
    }

    /**
     * Gives a type another lower bound and extent (MPI_Type_create_resized), for instance so that
     * consecutive elements of a column type start one element apart.
     *
     * @param oldType the type
     * @param lowerBound the new lower bound, in bytes
     * @param extent the new extent, in bytes
     * @return the new, uncommitted datatype
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if {@code oldType} is {@code null} or
     *     freed
     */
    public static Datatype resized(Datatype oldType, long lowerBound, long extent) {
        checkOld("resized", oldType);
        return new Datatype(oldType.map.resized(lowerBound, extent), new TypeConstructor.Resized(oldType, lowerBound, extent));
    }

    /**
     * Duplicates a type (MPI_Type_dup): the copy has the same type map and is committed if the
     * original is.
     *
     * @param oldType the type
     * @return the copy
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if {@code oldType} is {@code null} or
     *     freed
     */
    public static Datatype dup(Datatype oldType) {
        checkOld("dup", oldType);
        Datatype d = new Datatype(oldType.map, new TypeConstructor.Dup(oldType));
        d.committed = oldType.committed;
        d.name = oldType.name;
        return d;
    }

    private static Datatype build(long[] displs, long[] blocklengths, TypeMap[] children, boolean struct, TypeConstructor c) {
        TypeMap m;
        try {
            m = TypeMap.of(displs, blocklengths, children, struct);
        } catch (ArithmeticException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "the datatype's displacements overflow 64 bits");
        }
        return new Datatype(m, c);
    }

    private static void checkOld(String op, Datatype t) {
        if (t == null) {
            throw new MpiException(ErrorClass.ERR_TYPE, op + ": null datatype");
        }
        t.requireLive(op);
    }

    private static void checkCount(String op, int count) {
        if (count < 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, op + ": invalid count=" + count + "; a count must be >= 0");
        }
    }

    private static void checkBlocklength(String op, long blocklength) {
        if (blocklength < 0) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": invalid blocklength=" + blocklength + "; it must be >= 0");
        }
    }

    private static void requireArray(String op, Object array) {
        if (array == null) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": null array argument");
        }
    }

    private static void checkArrays(String op, int[] blocklengths, int displacements) {
        requireArray(op, blocklengths);
        if (displacements < 0) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": null displacements");
        }
        if (blocklengths.length != displacements) {
            throw new MpiException(ErrorClass.ERR_ARG, op + ": " + blocklengths.length + " block lengths but "
                    + displacements + " displacements");
        }
        for (int b : blocklengths) {
            checkBlocklength(op, b);
        }
    }

    private static long[] toLongs(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static List<Integer> ints(int[] a) {
        List<Integer> r = new ArrayList<>(a.length);
        for (int x : a) {
            r.add(x);
        }
        return List.copyOf(r);
    }

    private static List<Long> longs(long[] a) {
        List<Long> r = new ArrayList<>(a.length);
        for (long x : a) {
            r.add(x);
        }
        return List.copyOf(r);
    }

    /**
     * Returns the name, or for an unnamed derived type a description of how it was built.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        String n = name;
        if (!n.isEmpty()) {
            return n;
        }
        return switch (constructor) {
            case TypeConstructor.Named x -> n;
            case TypeConstructor.Dup x -> "dup(" + x.oldType() + ")";
            case TypeConstructor.Contiguous x -> "contiguous(" + x.count() + ", " + x.oldType() + ")";
            case TypeConstructor.Vector x -> "vector(" + x.count() + ", " + x.blocklength() + ", " + x.stride() + ", " + x.oldType() + ")";
            case TypeConstructor.HVector x -> "hvector(" + x.count() + ", " + x.blocklength() + ", " + x.stride() + "B, " + x.oldType() + ")";
            case TypeConstructor.Indexed x -> "indexed(" + x.blocklengths().size() + " blocks, " + x.oldType() + ")";
            case TypeConstructor.HIndexed x -> "hindexed(" + x.blocklengths().size() + " blocks, " + x.oldType() + ")";
            case TypeConstructor.IndexedBlock x -> "indexedBlock(" + x.displacements().size() + " blocks, " + x.oldType() + ")";
            case TypeConstructor.HIndexedBlock x -> "hindexedBlock(" + x.displacements().size() + " blocks, " + x.oldType() + ")";
            case TypeConstructor.Struct x -> "struct" + x.types();
            case TypeConstructor.Subarray x -> "subarray(" + x.sizes() + ", " + x.subsizes() + ", " + x.starts() + ", " + x.order() + ", " + x.oldType() + ")";
            case TypeConstructor.Darray x -> "darray(rank " + x.rank() + " of " + x.psizes() + ", " + x.gsizes() + ", " + x.distribs() + ", "
                    + x.order() + ", " + x.oldType() + ")";
            case TypeConstructor.Resized x -> "resized(" + x.oldType() + ", lb=" + x.lowerBound() + ", extent=" + x.extent() + ")";
        };
    }
}

