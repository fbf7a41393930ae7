package io.mpi4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Hints to the implementation, as key-value strings (MPI-4.1 §10, MPI_Info). Keys are at most
 * {@value #MAX_KEY} characters and values at most {@value #MAX_VALUE}; keys keep the order in which
 * they were first set. Not thread-safe, like the MPI object.
 *
 * {@snippet :
 * try (Info info = Info.create()) {
 *     info.set("mpi_assert_no_any_tag", "true");
 *     comm.setInfo(info);
 * }
 * }
 */
public final class Info implements AutoCloseable {
    /** The longest key (MPI_MAX_INFO_KEY). */
    public static final int MAX_KEY = 255;
    /** The longest value (MPI_MAX_INFO_VAL). */
    public static final int MAX_VALUE = 1024;

    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean freed;

    private Info() {
    }

    /**
     * Creates an empty info object (MPI_Info_create).
     *
     * @return the new object
     */
    public static Info create() {
        return new Info();
    }

    /**
     * Creates an info object holding the given entries.
     *
     * @param entries the keys and values
     * @return the new object
     * @throws MpiException as {@link #set}
     */
    public static Info of(Map<String, String> entries) {
        Info info = new Info();
        entries.forEach(info::set);
        return info;
    }

    /**
     * Sets a key (MPI_Info_set).
     *
     * @param key the key
     * @param value the value
     * @throws MpiException {@link ErrorClass#ERR_INFO_KEY} for an empty or too long key,
     *     {@link ErrorClass#ERR_INFO_VALUE} for a too long value, {@link ErrorClass#ERR_INFO} if freed
     */
    public void set(String key, String value) {
        checkKey("set", key);
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_VALUE) {
            throw new MpiException(ErrorClass.ERR_INFO_VALUE, "Info.set: the value of '" + key + "' has " + value.length()
                    + " characters; the limit is " + MAX_VALUE);
        }
        entries.put(key, value);
    }

    /**
     * Returns the value of a key (MPI_Info_get_string).
     *
     * @param key the key
     * @return the value, if the key is set
     * @throws MpiException {@link ErrorClass#ERR_INFO_KEY} for an invalid key, {@link ErrorClass#ERR_INFO} if freed
     */
    public Optional<String> get(String key) {
        checkKey("get", key);
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Deletes a key (MPI_Info_delete).
     *
     * @param key the key
     * @throws MpiException {@link ErrorClass#ERR_INFO_NOKEY} if the key is not set, and as {@link #get}
     */
    public void delete(String key) {
        checkKey("delete", key);
        if (entries.remove(key) == null) {
            throw new MpiException(ErrorClass.ERR_INFO_NOKEY, "Info.delete: key '" + key + "' is not set");
        }
    }

    /**
     * Returns the keys, in the order they were first set (MPI_Info_get_nkeys, MPI_Info_get_nthkey).
     *
     * @return the keys
     * @throws MpiException {@link ErrorClass#ERR_INFO} if freed
     */
    public List<String> keys() {
        checkLive("keys");
        return List.copyOf(new ArrayList<>(entries.keySet()));
    }

    /**
     * Returns the entries as a map.
     *
     * @return an unmodifiable copy
     * @throws MpiException {@link ErrorClass#ERR_INFO} if freed
     */
    public Map<String, String> toMap() {
        checkLive("toMap");
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * Duplicates this object (MPI_Info_dup).
     *
     * @return a new object with the same entries
     * @throws MpiException {@link ErrorClass#ERR_INFO} if freed
     */
    public Info dup() {
        checkLive("dup");
        Info copy = new Info();
        copy.entries.putAll(entries);
        return copy;
    }

    /** Frees the object (MPI_Info_free); using it afterwards raises {@link ErrorClass#ERR_INFO}. */
    @Override
    public void close() {
        freed = true;
        entries.clear();
    }

    private void checkKey(String op, String key) {
        checkLive(op);
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw new MpiException(ErrorClass.ERR_INFO_KEY, "Info." + op + ": invalid key "
                    + (key == null ? "null" : "of " + key.length() + " characters") + "; keys have 1 to " + MAX_KEY + " characters");
        }
    }

    private void checkLive(String op) {
        if (freed) {
            throw new MpiException(ErrorClass.ERR_INFO, "Info." + op + ": the info object has been freed");
        }
    }

    @Override
    public String toString() {
        return "Info" + entries;
    }
}
