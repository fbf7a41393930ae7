package io.mpi4j.jni;

/**
 * Memory MPI receives into on behalf of a buffer: the user's own memory, or a native copy of a
 * heap array that is copied back once the receive has succeeded.
 */
interface Staged {
    /**
     * Copies what was received back into the user's array, if this memory is a staged copy.
     *
     * @param received the bytes of data the receive reported
     */
    void copyOut(long received);

    /** Releases staging memory; MPI must no longer be using it. */
    void release();
}
