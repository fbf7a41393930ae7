package io.mpi4j.spi;

/**
 * Observes the MPI objects a process creates and releases, so that a checker can report what was
 * never released at finalize (DESIGN §7: request and communicator leaks). Registered with
 * {@link io.mpi4j.MpiOptions.Builder#resourceTracker}; without one, nothing is tracked and nothing
 * costs.
 *
 * @implSpec {@link #created} is called on the creating thread, so an implementation may walk the
 *     stack to find where the program created the object.
 */
public interface ResourceTracker {
    /**
     * The tracker of the rank whose code runs on this thread, for objects created without a
     * communicator to find the tracker through: derived datatypes. A tool that runs a rank's code
     * with a tracker (the testkit on {@code sim}) binds it around that code; unbound, datatypes are
     * not tracked.
     */
    ScopedValue<ResourceTracker> CURRENT = ScopedValue.newInstance();

    /** The kinds of objects tracked. */
    enum Kind {
        /** A nonblocking or persistent request, released when a wait or test reports it (or a persistent one is closed). */
        REQUEST,
        /** A communicator other than WORLD and SELF, released when it is closed. */
        COMMUNICATOR,
        /** A derived datatype, released when it is freed. */
        DATATYPE,
        /** A window, released when it is freed. */
        WINDOW
    }

    /**
     * An object was created.
     *
     * @param kind its kind
     * @param handle the object itself (its identity is the key of {@link #released})
     * @param description what it is, such as {@code "irecv(source=0, tag=1, comm=WORLD)"}
     */
    void created(Kind kind, Object handle, String description);

    /**
     * An object was released.
     *
     * @param handle the object given to {@link #created}
     */
    void released(Object handle);
}
