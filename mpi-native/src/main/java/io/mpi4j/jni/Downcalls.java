package io.mpi4j.jni;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Blocking send and receive of native memory as FFM downcalls into the C glue
 * ({@code mpi4j_send} and {@code mpi4j_recv} in {@code src/main/c/blocking.c}) instead of JNI calls.
 *
 * <p>Why: a downcall's transitions in and out of native code cost a fraction of a JNI call's. An
 * 8-byte ping-pong between two JVMs under Open MPI 4.1 on this project's 2-core machine, calling
 * MPI_Send and MPI_Recv directly, measured 0.10 µs a hop through downcalls and 0.16 µs through JNI,
 * with C at 0.098 µs. The downcalls are ordinary ones (not {@link Linker.Option#critical}): MPI_Send
 * and MPI_Recv may wait for another process, and the thread must not hold off garbage collection
 * meanwhile.
 *
 * <p>Buffers and the status are passed as addresses, as everywhere in the glue, so a call checks no
 * segment scope. {@code -Dmpi4j.native.downcalls=false} turns them off (JNI serves instead), as does
 * a JVM that denies this module native access.
 */
final class Downcalls {
    /** Whether the downcalls serve: the property, and the glue's functions found. */
    static final boolean AVAILABLE;

    private static final MethodHandle SEND;
    private static final MethodHandle RECV;

    static {
        MethodHandle send = null;
        MethodHandle recv = null;
        boolean on = NativeSettings.downcalls(System.getProperty(NativeSettings.DOWNCALLS, "true"));
        if (on) {
            try {
                var l = ValueLayout.JAVA_LONG;
                var i = ValueLayout.JAVA_INT;
                send = downcall("mpi4j_send", FunctionDescriptor.of(i, l, l, i, i, i, i));
                recv = downcall("mpi4j_recv", FunctionDescriptor.of(i, l, l, i, i, i, i, l));
            } catch (RuntimeException e) {
                // no native access (--illegal-native-access=deny) or a glue without them: JNI serves
                on = false;
            }
        }
        SEND = send;
        RECV = recv;
        AVAILABLE = on;
    }

    private Downcalls() {
    }

    /** A downcall handle of a function of the glue, which {@link NativeLibrary} loaded through this class's loader. */
    @SuppressWarnings("restricted") // the functions have exactly these C signatures (blocking.c)
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(SymbolLookup.loaderLookup().findOrThrow(name), descriptor);
    }

    /**
     * MPI_Send, MPI_Ssend or MPI_Rsend of bytes in native memory.
     *
     * @param comm the communicator
     * @param address the data
     * @param bytes the byte count
     * @param dest the destination rank
     * @param tag the tag
     * @param mode 0 standard, 1 synchronous, 3 ready
     * @return the MPI error code
     */
    static int send(long comm, long address, int bytes, int dest, int tag, int mode) {
        try {
            return (int) SEND.invokeExact(comm, address, bytes, dest, tag, mode);
        } catch (Throwable t) {
            throw failed("send", t);
        }
    }

    /**
     * MPI_Recv into native memory, or with {@code guard} MPI_Mprobe and MPI_Mrecv only if the message
     * fits (a longer one goes to scratch memory: MPI_ERR_TRUNCATE, the buffer unchanged).
     *
     * @param comm the communicator
     * @param address the buffer
     * @param capacity its size in bytes
     * @param source the source rank, or -1 for any
     * @param tag the tag, or -1 for any
     * @param guard whether to probe first
     * @param out the address of native memory for {source, tag, bytes received, error code} as 64-bit integers
     * @return the MPI error code
     */
    static int recv(long comm, long address, int capacity, int source, int tag, boolean guard, long out) {
        try {
            return (int) RECV.invokeExact(comm, address, capacity, source, tag, guard ? 1 : 0, out);
        } catch (Throwable t) {
            throw failed("recv", t);
        }
    }

    private static MpiException failed(String op, Throwable t) {
        return new MpiException(ErrorClass.ERR_INTERN, op + ": the downcall failed: " + t, t);
    }
}
