package io.mpi4j;

import java.util.Objects;
import java.util.Optional;

/**
 * A key for caching an attribute of type {@code T} on communicators, with what happens to the
 * value when the communicator is duplicated or the attribute deleted (MPI-4.1 §7.7,
 * MPI_Comm_create_keyval).
 *
 * {@snippet :
 * Keyval<Counter> COUNTER = Keyval.create((comm, value) -> Optional.of(value.copy()), (comm, value) -> value.close());
 * comm.setAttribute(COUNTER, new Counter());
 * Counter c = comm.attribute(COUNTER).orElseThrow();
 * }
 *
 * <p>The predefined keys ({@link #TAG_UB}, {@link #UNIVERSE_SIZE}, {@link #APPNUM},
 * {@link #WTIME_IS_GLOBAL}, {@link #HOST}, {@link #IO}) are read-only.
 *
 * @param <T> the type of the attribute's value
 */
public final class Keyval<T> {
    /** The largest tag (MPI_TAG_UB). */
    public static final Keyval<Integer> TAG_UB = predefined("TAG_UB");
    /** How many processes the job may use in total, including spawned ones (MPI_UNIVERSE_SIZE). */
    public static final Keyval<Integer> UNIVERSE_SIZE = predefined("UNIVERSE_SIZE");
    /** The number of the application this process belongs to, 0 for a single program (MPI_APPNUM). */
    public static final Keyval<Integer> APPNUM = predefined("APPNUM");
    /** Whether {@code wtime} is synchronized across all processes (MPI_WTIME_IS_GLOBAL). */
    public static final Keyval<Boolean> WTIME_IS_GLOBAL = predefined("WTIME_IS_GLOBAL");
    /** The rank of the host process, or {@link Mpi#PROC_NULL} if there is none (MPI_HOST). */
    public static final Keyval<Integer> HOST = predefined("HOST");
    /** A rank that can do I/O: {@link Mpi#ANY_SOURCE} when every rank can (MPI_IO). */
    public static final Keyval<Integer> IO = predefined("IO");

    /**
     * Decides whether and how an attribute is copied to a duplicate of its communicator
     * (MPI_Comm_copy_attr_function).
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Copier<T> {
        /**
         * Copies a value.
         *
         * @param oldComm the communicator being duplicated
         * @param value the value on it
         * @return the value for the duplicate, or empty to leave the duplicate without the attribute
         */
        Optional<T> copy(Comm oldComm, T value);
    }

    /**
     * Releases a value when its attribute is deleted or replaced, or its communicator freed
     * (MPI_Comm_delete_attr_function).
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Deleter<T> {
        /**
         * Releases a value.
         *
         * @param comm the communicator the attribute is on
         * @param value the value
         */
        void delete(Comm comm, T value);
    }

    private final String name;
    private final boolean predefined;
    private final Copier<T> copier;
    private final Deleter<T> deleter;

    private Keyval(String name, boolean predefined, Copier<T> copier, Deleter<T> deleter) {
        this.name = name;
        this.predefined = predefined;
        this.copier = copier;
        this.deleter = deleter;
    }

    private static <T> Keyval<T> predefined(String name) {
        return new Keyval<>(name, true, (c, v) -> Optional.empty(), (c, v) -> { });
    }

    /**
     * Creates a key with copy and delete callbacks.
     *
     * @param copier what a duplicate gets
     * @param deleter what releases a value
     * @param <T> the type of the values
     * @return the key
     */
    public static <T> Keyval<T> create(Copier<T> copier, Deleter<T> deleter) {
        return new Keyval<>("USER", false, Objects.requireNonNull(copier, "copier"), Objects.requireNonNull(deleter, "deleter"));
    }

    /**
     * Creates a key whose attribute is not copied to duplicates and needs no release
     * (MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN).
     *
     * @param <T> the type of the values
     * @return the key
     */
    public static <T> Keyval<T> create() {
        return create((c, v) -> Optional.empty(), (c, v) -> { });
    }

    /**
     * Creates a key whose attribute is shared, as it is, with duplicates (MPI_COMM_DUP_FN).
     *
     * @param <T> the type of the values
     * @return the key
     */
    public static <T> Keyval<T> copiedOnDup() {
        return create((c, v) -> Optional.ofNullable(v), (c, v) -> { });
    }

    /**
     * Tells whether this is one of the read-only predefined keys.
     *
     * @return {@code true} for {@link #TAG_UB} and the other constants
     */
    public boolean isPredefined() {
        return predefined;
    }

    Optional<T> copy(Comm oldComm, T value) {
        return copier.copy(oldComm, value);
    }

    void delete(Comm comm, T value) {
        deleter.delete(comm, value);
    }

    @Override
    public String toString() {
        return "Keyval[" + name + "]";
    }
}
