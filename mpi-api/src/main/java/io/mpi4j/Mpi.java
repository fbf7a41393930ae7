package io.mpi4j;

import io.mpi4j.spi.LaunchEnvironment;
import io.mpi4j.spi.MpiProvider;
import io.mpi4j.spi.ProviderSession;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An initialized MPI process: the handle returned by {@link #init(String...)}, closed by
 * {@link #close()} (MPI_Init_thread and MPI_Finalize, MPI-4.1 §11.2).
 *
 * <p>There is no global state: the communicators {@link #world()} and {@link #self()} belong to
 * this handle, and several handles can live in one JVM (the {@code sim} provider runs each rank as a
 * thread with a handle of its own).
 *
 * {@snippet :
 * try (Mpi mpi = Mpi.init(args)) {
 *     Intracomm comm = mpi.world();
 *     System.out.println("Hello from rank " + comm.rank() + " of " + comm.size());
 * }
 * }
 *
 * <p>The provider is chosen at {@code init}: explicitly with {@code -Dmpi4j.provider=sim|shm|native}
 * or the {@code MPI4J_PROVIDER} environment variable; else from the launch environment (for
 * example {@code mpiexec}'s variables select {@code native}); else a single-process world on
 * {@code sim}.
 */
public final class Mpi implements AutoCloseable {
    /** Wildcard source of receives and probes (MPI_ANY_SOURCE). */
    public static final int ANY_SOURCE = -1;
    /** Wildcard tag of receives and probes (MPI_ANY_TAG). */
    public static final int ANY_TAG = -1;
    /** The null process: communication with it succeeds at once and moves no data (MPI_PROC_NULL). */
    public static final int PROC_NULL = -2;
    /** The root marker of intercommunicator collectives (MPI_ROOT). */
    public static final int ROOT = -4;
    /** An undefined value, as returned by {@link Status#count()} (MPI_UNDEFINED). */
    public static final int UNDEFINED = -32766;
    /** The bytes of attached buffer space a buffered send uses beyond its data (MPI_BSEND_OVERHEAD). */
    public static final int BSEND_OVERHEAD = 96;

    private final ProviderSession session;
    private final MpiOptions options;
    /** Bound while a thread of the API does the API's own work (completing a request's future): not the program's call. */
    static final ScopedValue<Boolean> API_THREAD = ScopedValue.newInstance();

    /** This process's nonblocking calls in flight, for the checking mode of {@link BufferGuard}. */
    final InFlight inFlight = new InFlight();

    private final Thread mainThread;
    /** Whether calls from other threads than {@link #mainThread} are refused (the session checks, SINGLE or FUNNELED asked). */
    private final boolean funneled;
    private final Intracomm world;
    private final Intracomm self;
    private final BsendBuffer bsendBuffer;
    private final io.mpi4j.spi.ResourceTracker tracker;
    private volatile boolean finalized;

    private Mpi(ProviderSession session, MpiOptions options) {
        this.session = session;
        this.options = options;
        this.mainThread = Thread.currentThread();
        this.funneled = session.checksThreadLevel() && !options.threadLevel().atLeast(ThreadLevel.SERIALIZED);
        this.bsendBuffer = new BsendBuffer(session);
        this.tracker = options.resourceTracker().orElse(null);
        this.world = new Intracomm(this, session.world(), true);
        this.self = new Intracomm(this, session.self(), true);
    }

    /**
     * Initializes MPI with the program's arguments and the default options (MPI_Init_thread with
     * {@link ThreadLevel#MULTIPLE} requested).
     *
     * @param args the program arguments
     * @return the initialized process
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} if the selected provider is not
     *     available; the message names the artifact to add
     */
    public static Mpi init(String... args) {
        return init(MpiOptions.of(args));
    }

    /**
     * Initializes MPI with the given options (MPI_Init_thread).
     *
     * @param options the options
     * @return the initialized process
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} if the selected provider is not
     *     available or cannot start; the message says what to install
     */
    public static Mpi init(MpiOptions options) {
        Objects.requireNonNull(options, "options");
        LaunchEnvironment env = LaunchEnvironment.current();
        MpiProvider provider = ProviderResolver.resolve(options, env);
        ProviderSession session = provider.init(options, env);
        return new Mpi(session, options);
    }

    /**
     * The code of a rank for {@link #run(String[], Program)}.
     */
    @FunctionalInterface
    public interface Program {
        /**
         * Runs the rank's part of the job.
         *
         * @param mpi the initialized process
         * @throws Exception any failure: the job is aborted
         */
        void run(Mpi mpi) throws Exception;
    }

    /**
     * Runs a rank's program and ends MPI the safe way: MPI_Finalize when it returns, MPI_Abort
     * (exit code 1) when it throws. A rank that fails must not finalize: in MPI_Finalize it would
     * wait for ranks that may be waiting for it, and the job would hang. With
     * {@code try (Mpi mpi = Mpi.init(args))} the exception only surfaces after {@code close()} has
     * finalized; this entry point sees it first (as {@code python -m mpi4py} does for Python).
     *
     * {@snippet :
     * public static void main(String[] args) {
     *     Mpi.run(args, mpi -> {
     *         Intracomm world = mpi.world();
     *         // ... a failure here aborts the whole job instead of hanging it
     *     });
     * }
     * }
     *
     * @param args the program arguments
     * @param program the rank's code
     * @throws MpiException with {@link ErrorClass#ERR_PROC_ABORTED} when the provider runs ranks as
     *     threads and the program failed (processes do not return from the abort), or as
     *     {@link #init(String...)}
     */
    public static void run(String[] args, Program program) {
        run(MpiOptions.of(args), program);
    }

    /**
     * Runs a rank's program as {@link #run(String[], Program)} does, with MPI initialized with the
     * given options (a thread level, a provider, a codec).
     *
     * @param options the options
     * @param program the rank's code
     * @throws MpiException as {@link #run(String[], Program)}, or as {@link #init(MpiOptions)}
     */
    public static void run(MpiOptions options, Program program) {
        Objects.requireNonNull(program, "program");
        Mpi mpi = init(options);
        try {
            program.run(mpi);
        } catch (Throwable t) {
            int rank = mpi.world.rankForMessages(); // the program may have closed MPI before throwing
            System.err.println("mpi4j: rank " + rank + " failed, aborting the job: " + t);
            t.printStackTrace();
            mpi.finalized = true;
            mpi.session.abort(1, "abort(1) after the program threw " + t);
            throw new MpiException(ErrorClass.ERR_PROC_ABORTED, "rank " + rank + " failed: " + t, t);
        }
        mpi.close();
    }

    /**
     * Returns the communicator of all processes of the job (MPI_COMM_WORLD).
     *
     * @return the world communicator
     */
    public Intracomm world() {
        return world;
    }

    /**
     * Returns the communicator that holds only this process (MPI_COMM_SELF).
     *
     * @return the self communicator
     */
    public Intracomm self() {
        return self;
    }

    /**
     * Returns the name of the provider serving this process.
     *
     * @return {@code "sim"}, {@code "shm"}, {@code "native"} or a third-party provider's name
     */
    public String provider() {
        return session.providerName();
    }

    /**
     * Returns the thread level provided (MPI_Query_thread): the level asked for in the options,
     * or less where the provider cannot give it. A provider that could give more (sim and shm are
     * thread-safe at every level) reports the level asked for, as Open MPI and MPICH do, so that a
     * program that branches on it takes the same path on every provider.
     *
     * @return the level
     */
    public ThreadLevel threadLevel() {
        ThreadLevel most = session.threadLevel();
        return most.atLeast(options.threadLevel()) ? options.threadLevel() : most;
    }

    /**
     * Tells whether the calling thread is the one that initialized MPI (MPI_Is_thread_main).
     *
     * @return {@code true} on the initializing thread
     */
    public boolean isMainThread() {
        return Thread.currentThread() == mainThread;
    }

    /**
     * Tells whether this process is initialized and not yet finalized (MPI_Initialized and not
     * MPI_Finalized).
     *
     * @return {@code true} until {@link #close()}
     */
    public boolean isInitialized() {
        return !finalized;
    }

    /**
     * Tells whether this process has been finalized (MPI_Finalized).
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isFinalized() {
        return finalized;
    }

    /**
     * Returns the wall-clock time in seconds since an arbitrary origin (MPI_Wtime).
     *
     * @return seconds
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} after {@link #close()}: MPI allows
     *     only the version queries then (MPI-4.1 §11.2.2), and native MPI libraries abort the process
     */
    public double wtime() {
        checkActive("wtime");
        return session.wtime();
    }

    /**
     * Returns the resolution of {@link #wtime()} (MPI_Wtick).
     *
     * @return seconds per tick
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} after {@link #close()}: MPI allows
     *     only the version queries then (MPI-4.1 §11.2.2), and native MPI libraries abort the process
     */
    public double wtick() {
        checkActive("wtick");
        return session.wtick();
    }

    /**
     * Returns the name of the processor this process runs on (MPI_Get_processor_name).
     *
     * @return the name
     * @throws MpiException with {@link ErrorClass#ERR_OTHER} after {@link #close()}: MPI allows
     *     only the version queries then (MPI-4.1 §11.2.2), and native MPI libraries abort the process
     */
    public String processorName() {
        checkActive("processorName");
        return session.processorName();
    }

    /**
     * Returns the version of the MPI standard the provider implements (MPI_Get_version).
     *
     * @return the version
     */
    public Version version() {
        return session.version();
    }

    /**
     * Returns a description of the implementation (MPI_Get_library_version).
     *
     * @return for example {@code "mpi4j 0.1.0, sim provider (threads in one JVM)"}
     */
    public String libraryVersion() {
        return session.libraryVersion();
    }

    /**
     * Returns the largest valid tag (the MPI_TAG_UB attribute).
     *
     * @return at least 32767
     */
    public int tagUpperBound() {
        return session.tagUpperBound();
    }

    /**
     * Returns the codec that object operations use.
     *
     * @return the codec given in the options
     */
    public ObjectCodec codec() {
        return options.codec();
    }

    /**
     * Returns the options this process was initialized with.
     *
     * @return the options
     */
    public MpiOptions options() {
        return options;
    }

    /**
     * Returns the description of an error code (MPI_Error_string).
     *
     * @param errorCode an error code, as {@link MpiException#errorCode()} returns
     * @return the description of its class
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if the code is unknown
     */
    public String errorString(int errorCode) {
        return ErrorClass.ofCode(errorCode).description();
    }

    /**
     * Attaches a buffer for buffered sends (MPI_Buffer_attach). Each buffered message in flight
     * occupies its size plus {@link #BSEND_OVERHEAD} bytes of it.
     *
     * @param buffer the buffer; its capacity is the space available
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if a buffer is already attached or
     *     {@code buffer} is {@code null}
     * @implNote The capacity bounds buffered data as MPI requires; the copies themselves are kept in
     *     memory of the provider's choosing.
     */
    public void attachBuffer(ByteBuffer buffer) {
        checkActive("attachBuffer");
        bsendBuffer.attach(buffer);
    }

    /**
     * Detaches the buffer of buffered sends, waiting until every buffered message has been
     * delivered (MPI_Buffer_detach).
     *
     * @return the buffer that was attached
     * @throws MpiException with {@link ErrorClass#ERR_BUFFER} if no buffer is attached
     */
    public ByteBuffer detachBuffer() {
        checkActive("detachBuffer");
        return bsendBuffer.detach();
    }

    /**
     * Aborts every process of the job (MPI_Abort). Does not return normally.
     *
     * @param errorCode the exit code of the job
     * @throws MpiException with {@link ErrorClass#ERR_PROC_ABORTED} in the calling thread, when the
     *     provider runs ranks as threads
     */
    public void abort(int errorCode) {
        session.abort(errorCode, "abort(" + errorCode + ")");
    }

    /**
     * Finalizes this process (MPI_Finalize). Idempotent.
     */
    @Override
    public void close() {
        if (!finalized) {
            finalized = true;
            session.close();
        }
    }

    ProviderSession session() {
        return session;
    }

    /** The leak-check observer, or {@code null}: read once per created object, so absent costs nothing. */
    io.mpi4j.spi.ResourceTracker tracker() {
        return tracker;
    }

    BsendBuffer bsendBuffer() {
        return bsendBuffer;
    }

    void checkActive(String op) {
        if (finalized) {
            throw new MpiException(ErrorClass.ERR_OTHER, op + ": MPI has been finalized (Mpi.close() was called)");
        }
        checkThread(op);
    }

    /**
     * In the checking mode for thread levels, refuses a call from another thread than the one that
     * initialized MPI at SINGLE or FUNNELED (the API's own threads excepted).
     *
     * @param op the call, for the message
     */
    void checkThread(String op) {
        if (funneled && Thread.currentThread() != mainThread && !Comm.RUNNING_STARTED.isBound() && !API_THREAD.isBound()) {
            throw new MpiException(ErrorClass.ERR_OTHER, op + ": called from thread '" + Thread.currentThread().getName()
                    + "', but MPI was initialized at ThreadLevel." + options.threadLevel() + " by thread '" + mainThread.getName()
                    + "', the only one that may call MPI then (MPI-4.1 §11.6.3); ask for SERIALIZED or MULTIPLE");
        }
    }

    @Override
    public String toString() {
        return "Mpi[provider=" + provider() + ", rank=" + world.rankForMessages() + ", size=" + world.sizeForMessages()
                + (finalized ? ", closed" : "") + "]";
    }
}
