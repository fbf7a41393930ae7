package io.mpi4j;

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
 * @apiNote Derived datatypes (vector, indexed, struct, ...) extend this class with a type map; a
 *     buffer descriptor always pairs memory with a datatype and a count so that they fit in.
 */
public final class Datatype {
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

    private final String name;
    private final long size;
    private final Class<?> javaType;
    private final Datatype pairValue;

    private Datatype(String name, long size, Class<?> javaType) {
        this(name, size, javaType, null);
    }

    private Datatype(String name, long size, Class<?> javaType, Datatype pairValue) {
        this.name = name;
        this.size = size;
        this.javaType = javaType;
        this.pairValue = pairValue;
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
     * @return the name, such as {@code "INT"}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of bytes of data in one element of this type (MPI_Type_size).
     *
     * @return the size in bytes
     * @implNote For {@link #LONG_INT} and {@link #DOUBLE_INT} the size includes the 4 bytes of
     *     padding of the C layout (16, where C MPI's MPI_Type_size says 12), so that elements are
     *     contiguous; derived datatypes will separate size from extent.
     */
    public long size() {
        return size;
    }

    /**
     * Returns the extent of this type: the distance in bytes between consecutive elements
     * (MPI_Type_get_extent). For predefined types it equals {@link #size()}.
     *
     * @return the extent in bytes
     */
    public long extent() {
        return size;
    }

    /**
     * Returns the lower bound of this type (MPI_Type_get_extent). Zero for predefined types.
     *
     * @return the lower bound in bytes
     */
    public long lowerBound() {
        return 0;
    }

    /**
     * Tells whether the elements of this type occupy {@link #size()} contiguous bytes with no gaps.
     *
     * @return {@code true} for every predefined type
     */
    public boolean isContiguous() {
        return true;
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

    @Override
    public String toString() {
        return name;
    }
}
