package io.mpi4j.spi;

import io.mpi4j.ThreadLevel;
import io.mpi4j.Version;
import java.util.List;

/**
 * One initialized MPI process, as a provider sees it: from MPI_Init to MPI_Finalize.
 */
public interface ProviderSession {
    /**
     * Returns the provider that opened this session.
     *
     * @return the provider's name, such as {@code "sim"}
     */
    String providerName();

    /**
     * Returns the engine of MPI_COMM_WORLD.
     *
     * @return the world communicator's engine
     */
    CommEngine world();

    /**
     * Returns the engine of MPI_COMM_SELF.
     *
     * @return a communicator holding only this process
     */
    CommEngine self();

    /**
     * Returns the thread support provided.
     *
     * @return the level (at least the one requested, when the provider can)
     */
    ThreadLevel threadLevel();

    /**
     * Blocks until at least one of the requests has completed. A provider with deadlock detection
     * reports the rank as blocked in these requests.
     *
     * @param requests the requests to wait on; at least one is incomplete
     * @param operation the API call being waited in, for reports (e.g. {@code "waitAll"})
     */
    void awaitAny(List<? extends SpiRequest> requests, String operation);

    /**
     * Returns the elapsed wall-clock time in seconds since an arbitrary origin (MPI_Wtime).
     *
     * @return seconds
     */
    default double wtime() {
        return System.nanoTime() / 1e9;
    }

    /**
     * Returns the resolution of {@link #wtime()} in seconds (MPI_Wtick).
     *
     * @return seconds per tick
     */
    default double wtick() {
        return 1e-9;
    }

    /**
     * Returns the name of the processor (MPI_Get_processor_name).
     *
     * @return the host name, or a provider-specific name
     */
    String processorName();

    /**
     * Returns the MPI standard version implemented (MPI_Get_version).
     *
     * @return the version
     */
    Version version();

    /**
     * Returns a description of the implementation (MPI_Get_library_version).
     *
     * @return a line naming the provider and the library under it
     */
    String libraryVersion();

    /**
     * Tells whether {@link #wtime()} is synchronized across all processes (the MPI_WTIME_IS_GLOBAL attribute).
     *
     * @return {@code true} if all processes read the same clock; the default is {@code false}
     */
    default boolean wtimeIsGlobal() {
        return false;
    }

    /**
     * Tells whether the API should refuse calls from threads other than the one that initialized
     * MPI when the program asked for {@code ThreadLevel.SINGLE} or {@code FUNNELED} (MPI-4.1
     * §11.6.3: only that thread may call MPI then). A checking mode for tests: a library whose own
     * locks make such calls work would otherwise hide the program's error.
     *
     * @return {@code true} to check; the default is {@code false}
     */
    default boolean checksThreadLevel() {
        return false;
    }

    /**
     * Tells whether the provider runs the ranks' threads one at a time and passes control only in
     * MPI calls (sim's deterministic schedules): a rank's thread that blocks outside MPI then stops
     * every rank. The futures of requests ({@code Request.toCompletableFuture()}) then wait through
     * the request's own wait when a thread joins them.
     *
     * @return {@code true} for such a provider; the default is {@code false}
     */
    default boolean runsOneRankAtATime() {
        return false;
    }

    /**
     * Tells whether the API should check that the buffers of nonblocking sends stay untouched until
     * the program sees them complete (a checksum at the start, compared at completion; a program
     * that writes one in between raises ERR_BUFFER then). A checking mode for tests: it reads each
     * send buffer twice.
     *
     * @return {@code true} to check; the default is {@code false}
     */
    default boolean checksSendBuffers() {
        return false;
    }

    /**
     * Returns the largest tag value (the MPI_TAG_UB attribute).
     *
     * @return at least 32767
     */
    int tagUpperBound();

    /**
     * Aborts every process of the job (MPI_Abort). Does not return normally.
     *
     * @param errorCode the code the job exits with
     * @param reason why the job aborts, for the report
     */
    void abort(int errorCode, String reason);

    /**
     * Finalizes this process (MPI_Finalize).
     */
    void close();
}
