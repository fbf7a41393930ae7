package io.mpi4j;

import io.mpi4j.spi.CommEngine;
import io.mpi4j.spi.ProviderSession;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import io.mpi4j.spi.SpiMessage;
import io.mpi4j.spi.SpiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A communicator: a group of processes and a private communication context (MPI-4.1 §7).
 *
 * <p>This class holds the point-to-point operations (MPI-4.1 chapter 3), on buffers and on objects.
 * Buffer operations move the elements of a {@link Buf}; object operations ({@code sendObject},
 * {@code recvObject}, ...) move any object through the {@link ObjectCodec}, and always deliver a
 * copy. The two have different names so that overload resolution never decides whether data is
 * serialized.
 *
 * <p>Every argument is checked before the provider sees it: a bad rank, tag, count or buffer raises
 * {@link MpiException} with the error class of MPI ({@link ErrorClass#ERR_RANK},
 * {@link ErrorClass#ERR_TAG}, {@link ErrorClass#ERR_COUNT}, {@link ErrorClass#ERR_BUFFER}) and
 * leaves the communicator usable. Once closed, every call on a communicator raises
 * {@link ErrorClass#ERR_COMM}, local queries such as {@link #rank()} and a topology's coordinates
 * included (MPI's handle is then MPI_COMM_NULL); only {@link #isClosed()}, {@link #name()} and
 * another {@link #close()} still answer.
 *
 * <p>Ordering: messages from one sender to one receiver on one communicator are non-overtaking.
 * Actions before a send happen-before actions after the matching receive completes.
 */
public abstract sealed class Comm implements AutoCloseable permits Intracomm, Intercomm {
    final Mpi mpi;
    final CommEngine engine;
    final ProviderSession session;
    private final boolean predefined;
    private volatile boolean closed;
    /** Attributes cached on this communicator, in the order they were set. */
    private final java.util.LinkedHashMap<Keyval<?>, Object> attributes = new java.util.LinkedHashMap<>();
    private Info info = Info.create();
    private volatile ErrorHandler errorHandler = ErrorHandler.ERRORS_RETURN;

    Comm(Mpi mpi, CommEngine engine, boolean predefined) {
        this.mpi = mpi;
        this.engine = engine;
        this.session = mpi.session();
        this.predefined = predefined;
        io.mpi4j.spi.ResourceTracker t = mpi.tracker();
        if (t != null && !predefined) {
            t.created(io.mpi4j.spi.ResourceTracker.Kind.COMMUNICATOR, this, getClass().getSimpleName() + " of size " + engine.size());
        }
    }

    /**
     * Returns the MPI process this communicator belongs to.
     *
     * @return the handle returned by {@link Mpi#init}
     */
    public Mpi mpi() {
        return mpi;
    }

    /**
     * Returns the rank of the calling process in this communicator (MPI_Comm_rank).
     *
     * @return the rank, in {@code [0, size())}
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed (MPI's
     *     handle is then MPI_COMM_NULL), {@link ErrorClass#ERR_OTHER} after {@link Mpi#close()}
     */
    public int rank() {
        checkOpen("rank");
        return engine.rank();
    }

    /**
     * Returns the number of processes in this communicator (MPI_Comm_size).
     *
     * @return the size
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed,
     *     {@link ErrorClass#ERR_OTHER} after {@link Mpi#close()}
     */
    public int size() {
        checkOpen("size");
        return engine.size();
    }

    /**
     * Returns the name of this communicator (MPI_Comm_get_name): {@code "WORLD"}, {@code "SELF"},
     * or the name given with {@link #setName(String)}; empty for a new communicator.
     *
     * @return the name
     */
    public String name() {
        return engine.name();
    }

    /**
     * Names this communicator for error messages and reports (MPI_Comm_set_name). Local.
     *
     * @param name the name
     */
    public void setName(String name) {
        engine.setName(java.util.Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns the group of this communicator (MPI_Comm_group).
     *
     * @return its members in rank order
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Group group() {
        checkOpen("group");
        int[] ids = engine.group();
        return Group.of(ids, ids[engine.rank()]);
    }

    /**
     * Compares two communicators (MPI_Comm_compare).
     *
     * @param other the other communicator
     * @return {@link Comparison#IDENT} for the same communicator, {@link Comparison#CONGRUENT} for
     *     another context over the same group in the same order, {@link Comparison#SIMILAR} for the
     *     same members in another order, else {@link Comparison#UNEQUAL}; an intercommunicator and
     *     an intracommunicator are UNEQUAL, and two intercommunicators compare both their local
     *     and their remote groups (MPI-4.1 §7.4.1, §7.6.1)
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if either is closed
     */
    public Comparison compare(Comm other) {
        checkOpen("compare");
        other.checkOpen("compare");
        if (other.engine == engine) {
            return Comparison.IDENT;
        }
        if ((this instanceof Intercomm) != (other instanceof Intercomm)) {
            return Comparison.UNEQUAL;
        }
        Comparison g = group().compare(other.group());
        if (this instanceof Intercomm mine && other instanceof Intercomm theirs) {
            Comparison remote = mine.remoteGroup().compare(theirs.remoteGroup());
            g = g == Comparison.UNEQUAL || remote == Comparison.UNEQUAL ? Comparison.UNEQUAL
                    : g == Comparison.IDENT && remote == Comparison.IDENT ? Comparison.IDENT : Comparison.SIMILAR;
        }
        return g == Comparison.IDENT ? Comparison.CONGRUENT : g;
    }

    // ---- error handlers (MPI-4.1 §9.3) ----

    /**
     * Sets what happens when an operation on this communicator fails (MPI_Comm_set_errhandler).
     * Duplicates inherit it.
     *
     * @param handler the handler; the default is {@link ErrorHandler#ERRORS_RETURN}
     */
    public void setErrorHandler(ErrorHandler handler) {
        this.errorHandler = java.util.Objects.requireNonNull(handler, "handler");
    }

    /**
     * Returns the error handler of this communicator (MPI_Comm_get_errhandler).
     *
     * @return the handler
     */
    public ErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * Invokes this communicator's error handler on an error of the given class
     * (MPI_Comm_call_errhandler), as if an operation had failed with it.
     *
     * @param errorClass the error class
     * @param message a description
     * @throws MpiException the error, after the handler has run (unless it aborted the job)
     */
    public void callErrorHandler(ErrorClass errorClass, String message) {
        throw raise(new MpiException(errorClass, message));
    }

    /** A communicator created from this one inherits its error handler (MPI-4.1 §9.3). */
    <C extends Comm> C child(C created) {
        ((Comm) created).errorHandler = errorHandler;
        return created;
    }

    /**
     * The process ids of a group of processes of this communicator (of its local group, for an
     * intercommunicator), in the group's order; ERR_GROUP names a process that is not one.
     */
    int[] subgroup(String op, Group group) {
        Group.requireNonNull(group, op);
        int[] members = group.processIds();
        java.util.Set<Integer> mine = new java.util.HashSet<>();
        for (int id : engine.group()) {
            mine.add(id);
        }
        for (int id : members) {
            if (!mine.contains(id)) {
                throw raise(new MpiException(ErrorClass.ERR_GROUP, op + ": the group " + group + " has process " + id
                        + ", which is not in " + displayName()));
            }
        }
        return members;
    }

    /** Runs a prepared collective on the engine, raising its failure through the error handler. */
    void run(CollectiveCalls.Prepared p) {
        try {
            engine.collective(p.call());
        } catch (MpiException e) {
            throw raise(e);
        }
        p.finish();
    }

    /** Starts a prepared collective on the engine; its request finishes the call (unstaging) when it completes. */
    Request<Status> start(CollectiveCalls.Prepared p) {
        BufferGuard guard = session.checksSendBuffers()
                ? BufferGuard.of(this, p.call().name() + "(comm=" + displayName() + ")", p.reads(), p.writes()) : null;
        SpiRequest s;
        try {
            s = BufferGuard.started(guard, () -> engine.startCollective(p.call()));
        } catch (MpiException e) {
            throw raise(e);
        }
        Request<Status> request = new Request<>(this, s, r -> {
            p.finish();
            return r.status();
        });
        request.guard = guard;
        return request;
    }

    /**
     * Applies this communicator's error handler to an error an operation is about to throw, and
     * returns it for the caller to throw.
     */
    MpiException raise(MpiException error) {
        if (error.handled) {
            return error;
        }
        error.handled = true;
        ErrorHandler h = errorHandler;
        if (h == ErrorHandler.ERRORS_ARE_FATAL || h == ErrorHandler.ERRORS_ABORT) {
            int code = error.errorCode() == 0 ? 1 : error.errorCode();
            mpi.session().abort(code, h + " on " + displayName() + ": " + error.getMessage() + " (abort(" + code + "))");
        } else if (h instanceof ErrorHandler.User u) {
            u.handler().handle(this, error);
        }
        return error;
    }

    // ---- attributes (MPI-4.1 §7.7) and info ----

    /**
     * Caches a value on this communicator (MPI_Comm_set_attr). A value already set under the key is
     * first released with the key's deleter.
     *
     * @param key the key
     * @param value the value
     * @param <T> the type of the value
     * @throws MpiException {@link ErrorClass#ERR_KEYVAL} for a predefined (read-only) key,
     *     {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public <T> void setAttribute(Keyval<T> key, T value) {
        checkOpen("setAttribute");
        requireUserKey("setAttribute", key);
        Object old;
        synchronized (attributes) {
            old = attributes.put(key, value);
        }
        if (old != null) {
            deleteValue(key, old);
        }
    }

    /**
     * Returns a cached value (MPI_Comm_get_attr), or the value of a predefined key.
     *
     * @param key the key
     * @param <T> the type of the value
     * @return the value, if one is set
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> attribute(Keyval<T> key) {
        checkOpen("attribute");
        if (key.isPredefined()) {
            return Optional.ofNullable((T) predefinedAttribute(key));
        }
        synchronized (attributes) {
            return Optional.ofNullable((T) attributes.get(key));
        }
    }

    /**
     * Removes a cached value, releasing it with the key's deleter (MPI_Comm_delete_attr).
     *
     * @param key the key
     * @throws MpiException {@link ErrorClass#ERR_KEYVAL} for a predefined key or a key with no value
     *     here, {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public void deleteAttribute(Keyval<?> key) {
        checkOpen("deleteAttribute");
        requireUserKey("deleteAttribute", key);
        Object old;
        synchronized (attributes) {
            old = attributes.remove(key);
        }
        if (old == null) {
            throw raise(new MpiException(ErrorClass.ERR_KEYVAL, "deleteAttribute: " + key + " has no value on " + displayName()));
        }
        deleteValue(key, old);
    }

    /**
     * Sets the hints of this communicator (MPI_Comm_set_info); the object is copied.
     *
     * @param hints the hints
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public void setInfo(Info hints) {
        checkOpen("setInfo");
        Info copy = java.util.Objects.requireNonNull(hints, "hints").dup();
        synchronized (attributes) {
            info = copy;
        }
    }

    /**
     * Returns the hints of this communicator (MPI_Comm_get_info).
     *
     * @return a new info object, owned by the caller
     * @throws MpiException with {@link ErrorClass#ERR_COMM} if the communicator is closed
     */
    public Info info() {
        checkOpen("info");
        synchronized (attributes) {
            return info.dup();
        }
    }

    /** Gives a duplicate of this communicator the attributes the keys' copiers copy, and the hints. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void inheritInto(Comm copy) {
        copy.errorHandler = errorHandler;
        java.util.List<java.util.Map.Entry<Keyval<?>, Object>> entries;
        synchronized (attributes) {
            entries = new java.util.ArrayList<>(attributes.entrySet());
            synchronized (copy.attributes) {
                copy.info = info.dup();
            }
        }
        for (java.util.Map.Entry<Keyval<?>, Object> e : entries) {
            Keyval k = e.getKey();
            Optional<?> v = k.copy(this, e.getValue());
            v.ifPresent(value -> {
                synchronized (copy.attributes) {
                    copy.attributes.put(k, value);
                }
            });
        }
    }

    private Object predefinedAttribute(Keyval<?> key) {
        if (key == Keyval.TAG_UB) {
            return session.tagUpperBound();
        } else if (key == Keyval.UNIVERSE_SIZE) {
            return mpi.world().size();
        } else if (key == Keyval.APPNUM) {
            return 0;
        } else if (key == Keyval.WTIME_IS_GLOBAL) {
            return session.wtimeIsGlobal();
        } else if (key == Keyval.HOST) {
            return Mpi.PROC_NULL;
        } else if (key == Keyval.IO) {
            return Mpi.ANY_SOURCE;
        }
        return null;
    }

    private void requireUserKey(String op, Keyval<?> key) {
        if (java.util.Objects.requireNonNull(key, "key").isPredefined()) {
            throw raise(new MpiException(ErrorClass.ERR_KEYVAL, op + ": " + key + " is predefined and read-only"));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deleteValue(Keyval key, Object value) {
        key.delete(this, value);
    }

    /**
     * Aborts every process of the job (MPI_Abort). Does not return normally.
     *
     * @param errorCode the exit code of the job
     */
    public void abort(int errorCode) {
        mpi.abort(errorCode);
    }

    /**
     * Tells whether this communicator has been closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Frees this communicator (MPI_Comm_free). Operations already started on it still complete.
     * Closing twice has no effect.
     *
     * @throws MpiException with {@link ErrorClass#ERR_COMM} for the predefined communicators
     *     {@code WORLD} and {@code SELF}
     */
    @Override
    public void close() {
        if (predefined) {
            throw raise(new MpiException(ErrorClass.ERR_COMM, "close: " + name() + " is predefined and cannot be freed"));
        }
        if (!closed) {
            java.util.List<java.util.Map.Entry<Keyval<?>, Object>> entries;
            synchronized (attributes) {
                entries = new java.util.ArrayList<>(attributes.entrySet());
                attributes.clear();
            }
            // MPI-4.1 §7.7.2: the delete callbacks run when the communicator is freed
            for (java.util.Map.Entry<Keyval<?>, Object> e : entries.reversed()) {
                deleteValue(e.getKey(), e.getValue());
            }
            closed = true;
            release();
            io.mpi4j.spi.ResourceTracker t = mpi.tracker();
            if (t != null) {
                t.released(this);
            }
        }
    }

    // =====================================================================================
    // Blocking sends
    // =====================================================================================

    /**
     * Sends a buffer in standard mode (MPI_Send): returns once the buffer may be reused, which may
     * be before or after the matching receive starts.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag, in {@code [0, Mpi.tagUpperBound()]}
     * @throws MpiException {@link ErrorClass#ERR_RANK} for an invalid {@code dest},
     *     {@link ErrorClass#ERR_TAG} for an invalid {@code tag}, {@link ErrorClass#ERR_BUFFER} for a
     *     {@code null} or {@code IN_PLACE} buffer, {@link ErrorClass#ERR_COMM} if closed
     */
    public void send(Buf buf, int dest, int tag) {
        sendBlocking("send", buf, dest, tag, SendMode.STANDARD);
    }

    /**
     * Sends in synchronous mode (MPI_Ssend): returns only after the matching receive has started.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void ssend(Buf buf, int dest, int tag) {
        sendBlocking("ssend", buf, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Sends in buffered mode (MPI_Bsend): copies the data into the buffer attached with
     * {@link Mpi#attachBuffer} and returns at once.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}, and {@link ErrorClass#ERR_BUFFER} if no
     *     buffer is attached or the message does not fit in its free space
     */
    public void bsend(Buf buf, int dest, int tag) {
        sendBlocking("bsend", buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Sends in ready mode (MPI_Rsend): the matching receive must already be posted.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}, and {@link ErrorClass#ERR_OTHER} when
     *     the provider can tell that no matching receive was posted
     */
    public void rsend(Buf buf, int dest, int tag) {
        sendBlocking("rsend", buf, dest, tag, SendMode.READY);
    }

    // =====================================================================================
    // Nonblocking sends
    // =====================================================================================

    /**
     * Starts a standard-mode send (MPI_Isend).
     *
     * @param buf the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request, yielding a status when the buffer may be reused
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public Request<Status> isend(Buf buf, int dest, int tag) {
        return startSend("isend", buf, dest, tag, SendMode.STANDARD);
    }

    /**
     * Starts a synchronous-mode send (MPI_Issend): completes after the matching receive started.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public Request<Status> issend(Buf buf, int dest, int tag) {
        return startSend("issend", buf, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Starts a buffered-mode send (MPI_Ibsend); the request is complete on return.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the completed request
     * @throws MpiException as {@link #bsend(Buf, int, int)}
     */
    public Request<Status> ibsend(Buf buf, int dest, int tag) {
        return startSend("ibsend", buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Starts a ready-mode send (MPI_Irsend).
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #rsend(Buf, int, int)}
     */
    public Request<Status> irsend(Buf buf, int dest, int tag) {
        return startSend("irsend", buf, dest, tag, SendMode.READY);
    }

    // =====================================================================================
    // Receives
    // =====================================================================================

    /**
     * Receives into a buffer (MPI_Recv).
     *
     * @param buf where the data goes; the message may be shorter than the buffer
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status: actual source, tag and element count
     * @throws MpiException {@link ErrorClass#ERR_TRUNCATE} if the message is longer than the buffer
     *     (the part that fits is stored, the message is consumed), {@link ErrorClass#ERR_RANK},
     *     {@link ErrorClass#ERR_TAG}, {@link ErrorClass#ERR_BUFFER} (also for read-only memory),
     *     {@link ErrorClass#ERR_COMM} as for sends
     */
    public Status recv(Buf buf, int source, int tag) {
        checkRecv("recv", source, tag);
        checkRecvBuf("recv", buf);
        if (source == Mpi.PROC_NULL) {
            return Status.procNull(buf.datatype());
        }
        if (mpi.inFlight.any()) {
            inFlightCheck("recv(source=" + rankName(source) + ", tag=" + tagName(tag) + ", comm=" + displayName() + ")", List.of(),
                    List.of(buf));
        }
        Buf target = Staging.forRecv(buf, engine.takesDerivedTypes());
        SpiRequest s;
        try {
            s = engine.recv(new RecvTarget.Into(target), source, tag);
        } catch (MpiException e) {
            throw raise(e);
        }
        awaitSpi(s);
        Status st = s.status();
        Staging.unstage(target, buf, st.byteCount());
        return st;
    }

    /**
     * Starts a receive (MPI_Irecv).
     *
     * @param buf where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request, yielding the status
     * @throws MpiException as {@link #recv(Buf, int, int)} for invalid arguments; truncation is
     *     raised when the request is completed
     */
    public Request<Status> irecv(Buf buf, int source, int tag) {
        return startRecv("irecv", buf, source, tag);
    }

    /**
     * Sends one buffer and receives into another (MPI_Sendrecv); the two may use different peers.
     *
     * @param sendBuf the data to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param sendTag the tag of the message sent
     * @param recvBuf where the received data goes; must not overlap {@code sendBuf}
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param recvTag the tag to receive, or {@link Mpi#ANY_TAG}
     * @return the status of the receive
     * @throws MpiException as {@link #send(Buf, int, int)} and {@link #recv(Buf, int, int)};
     *     {@link ErrorClass#ERR_BUFFER} if the two buffers (of contiguous datatypes) overlap
     */
    public Status sendrecv(Buf sendBuf, int dest, int sendTag, Buf recvBuf, int source, int recvTag) {
        return completed(startSendrecv("sendrecv", sendBuf, dest, sendTag, recvBuf, source, recvTag));
    }

    /**
     * Sends a buffer and receives into the same buffer (MPI_Sendrecv_replace).
     *
     * @param buf the data to send, replaced by the data received
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param sendTag the tag of the message sent
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param recvTag the tag to receive, or {@link Mpi#ANY_TAG}
     * @return the status of the receive
     * @throws MpiException as {@link #sendrecv}
     */
    public Status sendrecvReplace(Buf buf, int dest, int sendTag, int source, int recvTag) {
        return completed(startSendrecvReplace("sendrecvReplace", buf, dest, sendTag, source, recvTag));
    }

    /**
     * Starts a send of one buffer and a receive into another (MPI_Isendrecv, MPI-4.0): the
     * nonblocking form of {@link #sendrecv}. The request completes when both have.
     *
     * @param sendBuf the data to send; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param sendTag the tag of the message sent
     * @param recvBuf where the received data goes; must not overlap {@code sendBuf}, and not to be
     *     read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param recvTag the tag to receive, or {@link Mpi#ANY_TAG}
     * @return the request, yielding the status of the receive; a failure of either part (a
     *     truncated receive, say) is raised when it is completed, the receive's first
     * @throws MpiException as {@link #sendrecv} for invalid arguments
     */
    public Request<Status> isendrecv(Buf sendBuf, int dest, int sendTag, Buf recvBuf, int source, int recvTag) {
        return sendAndReceive(startSendrecv("isendrecv", sendBuf, dest, sendTag, recvBuf, source, recvTag));
    }

    /**
     * Starts a send of a buffer and a receive into the same buffer (MPI_Isendrecv_replace,
     * MPI-4.0): the nonblocking form of {@link #sendrecvReplace}. The data sent is copied first, so
     * the receive may land at any time; the buffer holds the data received once the request
     * completes.
     *
     * @param buf the data to send, replaced by the data received; not to be accessed until the
     *     request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param sendTag the tag of the message sent
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param recvTag the tag to receive, or {@link Mpi#ANY_TAG}
     * @return the request, yielding the status of the receive
     * @throws MpiException as {@link #sendrecvReplace} for invalid arguments
     */
    public Request<Status> isendrecvReplace(Buf buf, int dest, int sendTag, int source, int recvTag) {
        return sendAndReceive(startSendrecvReplace("isendrecvReplace", buf, dest, sendTag, source, recvTag));
    }

    /** The receive and the send of a sendrecv in either form, started, with the call's description. */
    private record SendAndReceive(Request<Status> send, Request<Status> recv, String description) {
    }

    /**
     * Checks a sendrecv's arguments, then starts its receive and its send: {@code op} names the
     * form, and one beginning with {@code i} (the nonblocking form) guards the send buffer.
     */
    private SendAndReceive startSendrecv(String op, Buf sendBuf, int dest, int sendTag, Buf recvBuf, int source, int recvTag) {
        checkDest(op, dest);
        checkSendTag(op, sendTag);
        checkSendBuf(op, sendBuf);
        if (Buf.overlap(sendBuf, recvBuf)) {
            // MPI-4.1 §3.10: MPI_Sendrecv's buffers must be disjoint (MPICH aborts on an aliased pair)
            throw raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": the send buffer " + sendBuf + " and the receive buffer "
                    + recvBuf + " overlap; use " + op + "Replace to send and receive in one buffer"));
        }
        Request<Status> r = startRecv(op, recvBuf, source, recvTag);
        Request<Status> s = startOrCancel(r, () -> startSend(op, sendBuf, dest, sendTag, SendMode.STANDARD));
        return new SendAndReceive(s, r, sendrecvDescription(op, dest, sendTag, source, recvTag));
    }

    /** {@link #startSendrecv} with one buffer: the data sent goes from a private copy, so the receive may land at once. */
    private SendAndReceive startSendrecvReplace(String op, Buf buf, int dest, int sendTag, int source, int recvTag) {
        checkDest(op, dest);
        checkSendTag(op, sendTag);
        checkSendBuf(op, buf);
        Buf copy = dest == Mpi.PROC_NULL ? buf : Staging.copyOf(buf);
        Request<Status> r = startRecv(op, buf, source, recvTag);
        // the send reads the private copy: no guard against the program's writes (a name without "i")
        Request<Status> s = startOrCancel(r, () -> startSend("sendrecvReplace", copy, dest, sendTag, SendMode.STANDARD));
        return new SendAndReceive(s, r, sendrecvDescription(op, dest, sendTag, source, recvTag));
    }

    private String sendrecvDescription(String op, int dest, int sendTag, int source, int recvTag) {
        return op + "(dest=" + dest + ", sendtag=" + sendTag + ", source=" + rankName(source) + ", recvtag=" + tagName(recvTag)
                + ", comm=" + name() + ")";
    }

    /** Completes a blocking sendrecv: both parts, the send's failure first, then the receive's status. */
    private Status completed(SendAndReceive p) {
        awaitBoth(p.description(), p.send(), p.recv());
        p.send().report();
        return p.recv().report();
    }

    /**
     * One request for a started send and receive: complete when both are, with the receive's
     * status. Each part reports its own failure through this communicator's error handler and
     * is tracked for leaks by itself, so the pair is neither.
     */
    private Request<Status> sendAndReceive(SendAndReceive p) {
        Request<Status> send = p.send();
        Request<Status> recv = p.recv();
        CompositeSpiRequest both = new CompositeSpiRequest(List.of(send.spi(), recv.spi()), p.description(), recv.spi());
        return new Request<>(session, both, s -> {
            RuntimeException sendFailure = null;
            try {
                send.report();
            } catch (RuntimeException e) {
                sendFailure = e;
            }
            Status st;
            try {
                st = recv.report();
            } catch (RuntimeException e) {
                if (sendFailure != null) {
                    e.addSuppressed(sendFailure);
                }
                throw e;
            }
            if (sendFailure != null) {
                throw sendFailure;
            }
            return st;
        });
    }

    // =====================================================================================
    // Probes
    // =====================================================================================

    /**
     * Waits for a matching message without receiving it (MPI_Probe).
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the envelope: source, tag and size; the status counts in {@link Datatype#BYTE} on every
     *     provider (the receiver's MPI does not know the sender's datatype), so count elements with
     *     {@link Status#count(Datatype)}
     * @throws MpiException {@link ErrorClass#ERR_RANK}, {@link ErrorClass#ERR_TAG},
     *     {@link ErrorClass#ERR_COMM} for invalid arguments
     */
    public Status probe(int source, int tag) {
        checkRecv("probe", source, tag);
        if (source == Mpi.PROC_NULL) {
            return Status.procNull(Datatype.BYTE);
        }
        return engine.probe(source, tag);
    }

    /**
     * Checks for a matching message without receiving it (MPI_Iprobe).
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the envelope of a matching message that has arrived; empty if none has
     * @throws MpiException as {@link #probe(int, int)}
     */
    public Optional<Status> iprobe(int source, int tag) {
        checkRecv("iprobe", source, tag);
        if (source == Mpi.PROC_NULL) {
            return Optional.of(Status.procNull(Datatype.BYTE));
        }
        return engine.iprobe(source, tag);
    }

    /**
     * Waits for a matching message and takes it off the queue, so that only the returned handle
     * can receive it (MPI_Mprobe). Unlike {@link #probe}, this is safe when several threads
     * receive from the same communicator.
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the message; for {@code PROC_NULL} the no-process message (MPI_MESSAGE_NO_PROC)
     * @throws MpiException as {@link #probe(int, int)}
     */
    public Message mprobe(int source, int tag) {
        checkRecv("mprobe", source, tag);
        if (source == Mpi.PROC_NULL) {
            return new Message(this, null);
        }
        return new Message(this, engine.mprobe(source, tag));
    }

    /**
     * Takes a matching message off the queue if one has arrived (MPI_Improbe).
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the message, or empty if none has arrived
     * @throws MpiException as {@link #probe(int, int)}
     */
    public Optional<Message> improbe(int source, int tag) {
        checkRecv("improbe", source, tag);
        if (source == Mpi.PROC_NULL) {
            return Optional.of(new Message(this, null));
        }
        return engine.improbe(source, tag).map(m -> new Message(this, m));
    }

    // =====================================================================================
    // Persistent requests
    // =====================================================================================

    /**
     * Creates a persistent standard-mode send (MPI_Send_init).
     *
     * @param buf the data, read at each {@link PersistentRequest#start()}
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the inactive persistent request
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public PersistentRequest<Status> sendInit(Buf buf, int dest, int tag) {
        return sendInit("sendInit", buf, dest, tag, SendMode.STANDARD);
    }

    /**
     * Creates a persistent synchronous-mode send (MPI_Ssend_init).
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the inactive persistent request
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public PersistentRequest<Status> ssendInit(Buf buf, int dest, int tag) {
        return sendInit("ssendInit", buf, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Creates a persistent buffered-mode send (MPI_Bsend_init).
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the inactive persistent request
     * @throws MpiException as {@link #send(Buf, int, int)}; buffer space is checked at each start
     */
    public PersistentRequest<Status> bsendInit(Buf buf, int dest, int tag) {
        return sendInit("bsendInit", buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Creates a persistent ready-mode send (MPI_Rsend_init).
     *
     * @param buf the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the inactive persistent request
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public PersistentRequest<Status> rsendInit(Buf buf, int dest, int tag) {
        return sendInit("rsendInit", buf, dest, tag, SendMode.READY);
    }

    /**
     * Creates a persistent receive (MPI_Recv_init).
     *
     * @param buf where each activation's data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the inactive persistent request
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public PersistentRequest<Status> recvInit(Buf buf, int source, int tag) {
        checkRecv("recvInit", source, tag);
        checkRecvBuf("recvInit", buf);
        Buf target = Staging.forRecv(buf, engine.takesDerivedTypes());
        Status inactive = Status.procNull(buf.datatype());
        // each activation's buffer is in flight until its completion is seen (checking mode)
        BufferGuard guard = source == Mpi.PROC_NULL ? null : BufferGuard.of(this, "recv(source=" + rankName(source) + ", tag="
                + tagName(tag) + ", comm=" + displayName() + ") of recvInit", List.of(), List.of(buf));
        if (source != Mpi.PROC_NULL) {
            // the provider's own persistent receive gets memory it can read as bytes (a packed
            // stand-in for a non-contiguous type), unpacked at each completion
            Buf staged = Staging.forRecv(buf);
            Optional<io.mpi4j.spi.SpiPersistent> p = providerInit(() -> engine.recvInit(staged, source, tag));
            if (p.isPresent()) {
                io.mpi4j.spi.SpiPersistent h = p.get();
                PersistentRequest<Status> r = new PersistentRequest<>(this, "recv", () -> {
                    checkOpen("start");
                    return BufferGuard.started(guard, h::start);
                }, unstaging(staged, buf), inactive, h::free);
                r.guard = guard;
                return r;
            }
        }
        Supplier<SpiRequest> starter = () -> {
            checkOpen("start");
            return BufferGuard.started(guard, () -> source == Mpi.PROC_NULL
                    ? new io.mpi4j.spi.CompletedRequest(Status.procNull(buf.datatype()))
                    : engine.irecv(new RecvTarget.Into(target), source, tag));
        };
        PersistentRequest<Status> r = new PersistentRequest<>(this, "recv", starter,
                unstaging(target, buf), inactive);
        r.guard = guard;
        return r;
    }

    private PersistentRequest<Status> sendInit(String op, Buf buf, int dest, int tag, SendMode mode) {
        checkDest(op, dest);
        checkSendTag(op, tag);
        checkSendBuf(op, buf);
        String name = op.replace("Init", "");
        // buffered sends stay with the API: they are served from the buffer attached to the API
        if (dest != Mpi.PROC_NULL && mode != SendMode.BUFFERED) {
            // a buffer the provider cannot read as it is (boolean[], a non-contiguous type) is
            // staged once here and refilled at each start
            Buf staged = Staging.forSend(buf);
            Optional<io.mpi4j.spi.SpiPersistent> p = providerInit(() -> engine.sendInit(staged, dest, tag, mode));
            if (p.isPresent()) {
                io.mpi4j.spi.SpiPersistent h = p.get();
                BufferGuard guard = BufferGuard.of(this, sendDescription(name, dest, tag), buf);
                PersistentRequest<Status> r = new PersistentRequest<>(this, name, () -> {
                    checkOpen("start");
                    Staging.refill(buf, staged);
                    return BufferGuard.started(guard, h::start);
                }, Request.statusFinisher(), Status.procNull(buf.datatype()), h::free);
                r.guard = guard;
                return r;
            }
        }
        // a buffered send copies the data at each start (the API's attached buffer): nothing to guard
        BufferGuard guard = dest == Mpi.PROC_NULL || mode == SendMode.BUFFERED ? null
                : BufferGuard.of(this, sendDescription(name, dest, tag), buf);
        PersistentRequest<Status> persistent = new PersistentRequest<>(this, name, () -> BufferGuard.started(guard, () -> {
            if (dest == Mpi.PROC_NULL || mode == SendMode.BUFFERED) {
                return startSend("start", buf, dest, tag, mode).spi(); // complete at once, not tracked
            }
            // the provider's send itself: a Request made here would be tracked as a leak check's
            // open request and never completed (the persistent request is what the program waits on)
            checkOpen("start");
            return engine.isend(Staging.forSend(buf, engine.takesDerivedTypes()), dest, tag, mode);
        }), Request.statusFinisher(), Status.procNull(buf.datatype()));
        persistent.guard = guard;
        return persistent;
    }

    /** Asks the provider for a persistent request of its own; its failure goes to the error handler. */
    Optional<io.mpi4j.spi.SpiPersistent> providerInit(Supplier<Optional<io.mpi4j.spi.SpiPersistent>> init) {
        try {
            return init.get();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // =====================================================================================
    // Objects
    // =====================================================================================

    /**
     * Sends an object in standard mode: its encoding by the {@link ObjectCodec}. The receiver gets
     * a copy; changing {@code value} afterwards never changes what is received.
     *
     * @param value the object, possibly {@code null}
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}, and {@link ErrorClass#ERR_ARG} if the
     *     object cannot be encoded
     */
    public void sendObject(Object value, int dest, int tag) {
        startObjectSend("sendObject", value, dest, tag, SendMode.STANDARD).awaitBlocking();
    }

    /**
     * Sends an object in synchronous mode: returns after the matching receive has started.
     *
     * @param value the object
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #sendObject}
     */
    public void ssendObject(Object value, int dest, int tag) {
        startObjectSend("ssendObject", value, dest, tag, SendMode.SYNCHRONOUS).awaitBlocking();
    }

    /**
     * Starts sending an object. The object is encoded before this method returns, so it may be
     * changed at once.
     *
     * @param value the object
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the send request
     * @throws MpiException as {@link #sendObject}
     */
    public Request<Status> isendObject(Object value, int dest, int tag) {
        return startObjectSend("isendObject", value, dest, tag, SendMode.STANDARD);
    }

    /**
     * Receives an object.
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @param <T> the type expected
     * @return the object; {@code null} if {@code source} is {@code PROC_NULL}
     * @throws MpiException {@link ErrorClass#ERR_TYPE} if the message is not a valid encoding (or its
     *     class is rejected by the filter), and as {@link #recv(Buf, int, int)} for invalid arguments
     * @throws ClassCastException if the object is not a {@code T}
     */
    public <T> T recvObject(int source, int tag) {
        return this.<T>irecvObject("recvObject", source, tag).awaitBlocking();
    }

    /**
     * Receives an object together with its status.
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @param <T> the type expected
     * @return the object and the status of its message
     * @throws MpiException as {@link #recvObject(int, int)}
     */
    public <T> Received<T> recvObjectWithStatus(int source, int tag) {
        Request<T> r = irecvObject("recvObject", source, tag);
        T value = r.awaitBlocking();
        return new Received<>(value, r.status());
    }

    /**
     * Starts receiving an object.
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @param <T> the type expected
     * @return the request, yielding the object
     * @throws MpiException as {@link #recvObject(int, int)} for invalid arguments
     */
    public <T> Request<T> irecvObject(int source, int tag) {
        return irecvObject("irecvObject", source, tag);
    }

    /**
     * Sends an object and receives one (MPI_Sendrecv on objects).
     *
     * @param value the object to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param sendTag the tag of the message sent
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param recvTag the tag to receive, or {@link Mpi#ANY_TAG}
     * @param <T> the type expected
     * @return the object received; {@code null} if {@code source} is {@code PROC_NULL}
     * @throws MpiException as {@link #sendObject} and {@link #recvObject(int, int)}
     */
    public <T> T sendrecvObject(Object value, int dest, int sendTag, int source, int recvTag) {
        // Everything that can fail on the send side (arguments, encoding) is done before the receive
        // is posted, so that a failed call leaves no receive behind to swallow a later message.
        checkDest("sendrecvObject", dest);
        checkSendTag("sendrecvObject", sendTag);
        byte[] encoded = dest == Mpi.PROC_NULL ? null : mpi.codec().encode(value);
        Request<T> r = irecvObject("sendrecvObject", source, recvTag);
        Request<Status> s = startOrCancel(r, () -> startEncodedSend(encoded, dest, sendTag, SendMode.STANDARD));
        awaitBoth("sendrecvObject(dest=" + dest + ", sendtag=" + sendTag + ", source=" + rankName(source) + ", recvtag="
                + tagName(recvTag) + ", comm=" + name() + ")", s, r);
        s.report();
        return r.report();
    }

    // =====================================================================================
    // Array conveniences: the datatype and count are inferred from the array
    // =====================================================================================

    /**
     * Sends a whole {@code byte[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(byte[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code byte[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(byte[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code byte[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(byte[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code byte[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(byte[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code boolean[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(boolean[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code boolean[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(boolean[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code boolean[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(boolean[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code boolean[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(boolean[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code char[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(char[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code char[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(char[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code char[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(char[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code char[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(char[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code short[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(short[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code short[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(short[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code short[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(short[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code short[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(short[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code int[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(int[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code int[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(int[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code int[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(int[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code int[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(int[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code long[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(long[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code long[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(long[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code long[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(long[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code long[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(long[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code float[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(float[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code float[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(float[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code float[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(float[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code float[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(float[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    /**
     * Sends a whole {@code double[]} in standard mode: {@code send(Buf.of(data), dest, tag)}.
     *
     * @param data the data
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Buf, int, int)}
     */
    public void send(double[] data, int dest, int tag) {
        send(Buf.of(data), dest, tag);
    }

    /**
     * Receives into a whole {@code double[]}: {@code recv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(double[] data, int source, int tag) {
        return recv(Buf.of(data), source, tag);
    }

    /**
     * Starts sending a whole {@code double[]}: {@code isend(Buf.of(data), dest, tag)}.
     *
     * @param data the data; not to be modified until the request completes
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the tag
     * @return the request
     * @throws MpiException as {@link #isend(Buf, int, int)}
     */
    public Request<Status> isend(double[] data, int dest, int tag) {
        return isend(Buf.of(data), dest, tag);
    }

    /**
     * Starts receiving into a whole {@code double[]}: {@code irecv(Buf.of(data), source, tag)}.
     *
     * @param data where the data goes; not to be read until the request completes
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the request
     * @throws MpiException as {@link #irecv(Buf, int, int)}
     */
    public Request<Status> irecv(double[] data, int source, int tag) {
        return irecv(Buf.of(data), source, tag);
    }

    // =====================================================================================
    // Internals shared by the operations above
    // =====================================================================================

    /** A blocking send without a {@link Request}: the hot path of {@code send}. */
    private void sendBlocking(String op, Buf buf, int dest, int tag, SendMode mode) {
        if (mode == SendMode.BUFFERED) {
            startSend(op, buf, dest, tag, mode);
            return;
        }
        checkDest(op, dest);
        checkSendTag(op, tag);
        checkSendBuf(op, buf);
        if (dest != Mpi.PROC_NULL) {
            if (mpi.inFlight.any()) {
                inFlightCheck(sendDescription(op, dest, tag), List.of(buf), List.of());
            }
            SpiRequest s;
            try {
                s = engine.send(Staging.forSend(buf, engine.takesDerivedTypes()), dest, tag, mode);
            } catch (MpiException e) {
                throw raise(e);
            }
            awaitSpi(s);
        }
    }

    /** Waits for an SPI request as a blocking call and rethrows its failure. */
    private void awaitSpi(SpiRequest s) {
        if (!s.isComplete()) {
            session.awaitAny(List.of(s), s.describe());
        }
        MpiException f = s.failure();
        if (f != null) {
            throw raise(Request.rethrown(f));
        }
    }

    private Request<Status> startSend(String op, Buf buf, int dest, int tag, SendMode mode) {
        checkDest(op, dest);
        checkSendTag(op, tag);
        checkSendBuf(op, buf);
        if (dest == Mpi.PROC_NULL) {
            Status st = Status.procNull(buf.datatype());
            return Request.completed(session, st, st);
        }
        if (mode == SendMode.BUFFERED) {
            BsendBuffer pool = mpi.bsendBuffer();
            long bytes = buf.byteSize();
            pool.reserve(op, bytes);
            SpiRequest s;
            try {
                s = engine.isend(Staging.copyOf(buf), dest, tag, SendMode.BUFFERED);
            } catch (RuntimeException e) {
                pool.release(bytes);
                throw e;
            }
            pool.track(s, bytes);
            Status st = new Status(dest, tag, bytes, buf.datatype(), false, ErrorClass.SUCCESS);
            return Request.completed(session, st, st);
        }
        // only a nonblocking send returns while its buffer is still in use (a blocking one, sendrecv
        // and sendrecvReplace's private copy leave nothing for the program to write meanwhile)
        BufferGuard guard = op.startsWith("i") && session.checksSendBuffers() ? BufferGuard.of(this, sendDescription(op, dest, tag), buf)
                : null;
        if (guard == null) {
            if (mpi.inFlight.any()) {
                inFlightCheck(sendDescription(op, dest, tag), List.of(buf), List.of());
            }
            return new Request<>(this, engine.isend(Staging.forSend(buf, engine.takesDerivedTypes()), dest, tag, mode), Request.statusFinisher());
        }
        Request<Status> r = new Request<>(this, BufferGuard.started(guard,
                () -> engine.isend(Staging.forSend(buf, engine.takesDerivedTypes()), dest, tag, mode)), Request.statusFinisher());
        r.guard = guard;
        return r;
    }

    private String recvDescription(String op, int source, int tag) {
        return op + "(source=" + rankName(source) + ", tag=" + tagName(tag) + ", comm=" + displayName() + ")";
    }

    private String sendDescription(String op, int dest, int tag) {
        return op + "(dest=" + dest + ", tag=" + tag + ", comm=" + displayName() + ")";
    }

    private Request<Status> startRecv(String op, Buf buf, int source, int tag) {
        checkRecv(op, source, tag);
        checkRecvBuf(op, buf);
        if (source == Mpi.PROC_NULL) {
            Status st = Status.procNull(buf.datatype());
            return Request.completed(session, st, st);
        }
        BufferGuard guard = op.startsWith("i") && session.checksSendBuffers()
                ? BufferGuard.of(this, recvDescription(op, source, tag), List.of(), List.of(buf)) : null;
        if (guard == null && mpi.inFlight.any()) {
            inFlightCheck(recvDescription(op, source, tag), List.of(), List.of(buf)); // sendrecv's receive, awaited before it returns
        }
        Buf target = Staging.forRecv(buf, engine.takesDerivedTypes());
        Request<Status> r = new Request<>(this, BufferGuard.started(guard, () -> engine.irecv(new RecvTarget.Into(target), source,
                tag)), unstaging(target, buf));
        r.guard = guard;
        return r;
    }

    /**
     * In the checking mode of {@link BufferGuard}, refuses a call whose buffers conflict with a
     * nonblocking call still in flight; free otherwise (nothing is in flight).
     */
    void inFlightCheck(String call, List<Buf> reads, List<Buf> writes) {
        try {
            mpi.inFlight.check(call, reads, writes);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private static Function<SpiRequest, Status> unstaging(Buf target, Buf user) {
        if (target == user) {
            return Request.statusFinisher();
        }
        return s -> {
            Status st = s.status();
            Staging.unstage(target, user, st.byteCount());
            return st;
        };
    }

    private Request<Status> startObjectSend(String op, Object value, int dest, int tag, SendMode mode) {
        checkDest(op, dest);
        checkSendTag(op, tag);
        if (dest == Mpi.PROC_NULL) {
            Status st = Status.procNull(Datatype.BYTE);
            return Request.completed(session, st, st);
        }
        return startEncodedSend(mpi.codec().encode(value), dest, tag, mode);
    }

    private Request<Status> startEncodedSend(byte[] encoded, int dest, int tag, SendMode mode) {
        if (dest == Mpi.PROC_NULL) {
            Status st = Status.procNull(Datatype.BYTE);
            return Request.completed(session, st, st);
        }
        return new Request<>(this, engine.isend(Buf.of(encoded), dest, tag, mode), Request.statusFinisher());
    }

    /** Starts the send half of a send-receive; if it fails, withdraws the receive half already posted. */
    private static Request<Status> startOrCancel(Request<?> recv, Supplier<Request<Status>> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            recv.cancel();
            throw e;
        }
    }

    private <T> Request<T> irecvObject(String op, int source, int tag) {
        checkRecv(op, source, tag);
        if (source == Mpi.PROC_NULL) {
            return Request.completed(session, Status.procNull(Datatype.BYTE), null);
        }
        RecvTarget.Allocate target = new RecvTarget.Allocate();
        return new Request<>(this, engine.irecv(target, source, tag), decoding(target));
    }

    <T> Function<SpiRequest, T> decoding(RecvTarget.Allocate target) {
        return s -> {
            if (s.status().cancelled()) {
                throw new java.util.concurrent.CancellationException("the object receive was cancelled");
            }
            byte[] bytes = target.bytes();
            @SuppressWarnings("unchecked")
            T value = (T) mpi.codec().decode(bytes, (int) s.status().byteCount());
            return value;
        };
    }

    private void awaitBoth(String operation, Request<?> a, Request<?> b) {
        List<SpiRequest> pending = new ArrayList<>(2);
        while (true) {
            pending.clear();
            if (!a.spi().isComplete()) {
                pending.add(a.spi());
            }
            if (!b.spi().isComplete()) {
                pending.add(b.spi());
            }
            if (pending.isEmpty()) {
                return;
            }
            session.awaitAny(pending, operation);
        }
    }

    /**
     * Frees the provider's side of a closed communicator. A subclass whose started operations run
     * on threads of their own defers it until they have finished (MPI-4.1 §7.4.3: operations
     * pending at MPI_Comm_free complete normally).
     */
    void release() {
        engine.free();
    }

    // ---- validation: one place, so that every provider raises the same error classes ----

    /**
     * Bound on a thread that runs an operation started on the communicator before it was closed
     * (the portable nonblocking forms of {@link Intercomm}): that operation's own calls still pass
     * {@link #checkOpen}.
     */
    static final ScopedValue<Comm> RUNNING_STARTED = ScopedValue.newInstance();

    void checkOpen(String op) {
        mpi.checkActive(op);
        if (closed && !(RUNNING_STARTED.isBound() && RUNNING_STARTED.get() == this)) {
            throw raise(new MpiException(ErrorClass.ERR_COMM, op + ": " + (name().isEmpty() ? "the communicator" : "the communicator " + name()) + " has been closed"));
        }
    }

    /** The number of peers point-to-point ranks refer to: the size, or the remote size of an intercommunicator. */
    int peerSize() {
        return engine.size();
    }

    void checkDest(String op, int dest) {
        checkOpen(op);
        int size = peerSize();
        if (dest != Mpi.PROC_NULL && (dest < 0 || dest >= size)) {
            throw raise(new MpiException(ErrorClass.ERR_RANK, op + ": dest=" + rankArgument(dest) + " is not a rank of " + displayName()
                    + " (size=" + size + "); use a rank in [0, " + size + ") or PROC_NULL"));
        }
    }

    void checkRecv(String op, int source, int tag) {
        checkOpen(op);
        int size = peerSize();
        if (source != Mpi.PROC_NULL && source != Mpi.ANY_SOURCE && (source < 0 || source >= size)) {
            throw raise(new MpiException(ErrorClass.ERR_RANK, op + ": source=" + source + " is not a rank of " + displayName()
                    + " (size=" + size + "); use a rank in [0, " + size + "), ANY_SOURCE or PROC_NULL"));
        }
        int ub = session.tagUpperBound();
        if (tag != Mpi.ANY_TAG && (tag < 0 || tag > ub)) {
            throw raise(new MpiException(ErrorClass.ERR_TAG, op + ": tag=" + tag + " is invalid; use a tag in [0, " + ub
                    + "] or ANY_TAG"));
        }
    }

    void checkSendTag(String op, int tag) {
        int ub = session.tagUpperBound();
        if (tag < 0 || tag > ub) {
            throw raise(new MpiException(ErrorClass.ERR_TAG, op + ": tag=" + tag + " is invalid; use a tag in [0, " + ub + "]"
                    + (tag == Mpi.ANY_TAG ? " (ANY_TAG is only for receives)" : "")));
        }
    }

    void checkSendBuf(String op, Buf buf) {
        try {
            requireBuf(op, buf);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** Checks a buffer argument outside any communicator (reduceLocal). */
    static void requireBuf(String op, Buf buf) {
        if (buf == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": null buffer; pass Buf.of(array) or another Buf");
        }
        if (buf.isInPlace()) {
            throw new MpiException(ErrorClass.ERR_BUFFER, op + ": IN_PLACE is only valid in collectives");
        }
        buf.datatype().requireCommitted(op);
    }

    void checkRecvBuf(String op, Buf buf) {
        checkSendBuf(op, buf);
        if (buf.isReadOnly()) {
            throw raise(new MpiException(ErrorClass.ERR_BUFFER, op + ": the receive buffer is read-only (" + buf + ")"));
        }
    }

    String displayName() {
        String n = name();
        return n.isEmpty() ? "communicator" : n;
    }

    /** A rank argument for an error message: the number, and the constant it equals if any ({@code -2 (PROC_NULL)}). */
    static String rankArgument(int rank) {
        String constant = rank == Mpi.ANY_SOURCE ? "ANY_SOURCE" : rank == Mpi.PROC_NULL ? "PROC_NULL" : rank == Mpi.ROOT ? "ROOT" : null;
        return constant == null ? Integer.toString(rank) : rank + " (" + constant + ")";
    }

    static String rankName(int rank) {
        return rank == Mpi.ANY_SOURCE ? "ANY_SOURCE" : rank == Mpi.PROC_NULL ? "PROC_NULL" : Integer.toString(rank);
    }

    static String tagName(int tag) {
        return tag == Mpi.ANY_TAG ? "ANY_TAG" : Integer.toString(tag);
    }

    /** The rank without the open check, for messages and toString, which must answer after close. */
    int rankForMessages() {
        return engine.rank();
    }

    /** The size without the open check, as {@link #rankForMessages()}. */
    int sizeForMessages() {
        return engine.size();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + displayName() + ", rank=" + engine.rank() + ", size=" + engine.size()
                + (closed ? ", closed" : "") + "]";
    }
}
