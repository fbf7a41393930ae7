package io.mpi4j.jni;

import io.mpi4j.MpiOptions;
import io.mpi4j.spi.LaunchEnvironment;
import io.mpi4j.spi.MpiProvider;
import io.mpi4j.spi.ProviderSession;
import java.util.List;

/**
 * The {@code native} provider: mpi4j over the system MPI library (Open MPI or MPICH) through JNI,
 * for processes launched by {@code mpiexec}, {@code mpirun} or {@code srun}.
 *
 * <p>It is chosen without configuration when the launch environment names an MPI job: Open MPI's
 * {@code OMPI_COMM_WORLD_SIZE}, MPICH/Hydra's {@code PMI_SIZE}, PMIx's {@code PMIX_RANK}, or a
 * Slurm step ({@code SLURM_STEP_ID} with {@code SLURM_NTASKS}); or explicitly with
 * {@code -Dmpi4j.provider=native}.
 *
 * {@snippet lang = "shell" :
 * mpiexec -n 4 java -cp app.jar:mpi-api.jar:mpi-native.jar com.example.Main
 * }
 *
 * <p>Point-to-point calls and collectives on predefined datatypes and operations map to the MPI
 * call (MPI_Isend, MPI_Irecv, MPI_Improbe/MPI_Imrecv, MPI_Ibcast, MPI_Allreduce, ...); direct
 * {@code ByteBuffer}s and native {@code MemorySegment}s are passed without copying, heap memory is
 * staged in native memory. Object collectives and user-defined operations run the SPI's
 * provider-neutral algorithms over a duplicate of the communicator.
 *
 * <p>Thread levels: at {@link io.mpi4j.ThreadLevel#MULTIPLE} (the default) MPI runs at
 * MPI_THREAD_MULTIPLE. Asked for SINGLE, FUNNELED or SERIALIZED, the process gets that level, MPI
 * runs at the level without its own locks (MPI_THREAD_SINGLE for Open MPI, SERIALIZED for MPICH)
 * and the glue serializes every call of the program's and the provider's threads itself (a gate;
 * see {@code gate.c}): an 8-byte message then costs about 0.05 µs less under Open MPI.
 *
 * <p>JVM and MPI: MPI_Init_thread runs on a dedicated thread; the handlers the JVM installed for SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE, SIGXFSZ,
 * SIGUSR2, SIGTRAP and SIGQUIT are restored after it, and {@code OMPI_MCA_opal_signal},
 * {@code UCX_ERROR_SIGNALS} and {@code UCX_HANDLE_ERRORS} default to values that keep Open MPI and
 * UCX off the JVM's signals. MPI_Finalize runs at {@code close()}, or at JVM exit (bounded; the
 * job is aborted if it cannot finalize).
 */
public final class NativeProvider implements MpiProvider {
    /** Launch variables that name an MPI job, in the order they are looked for. */
    static final List<String> LAUNCH_VARIABLES = List.of("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK");

    /** Creates the provider; loading the library and initializing MPI wait for {@link #init}. */
    public NativeProvider() {
    }

    @Override
    public String name() {
        return "native";
    }

    /**
     * {@inheritDoc}
     *
     * @implNote {@code true} if any of {@code OMPI_COMM_WORLD_SIZE}, {@code PMI_SIZE},
     *     {@code PMIX_RANK}, {@code PMI_RANK} is set, or a Slurm job step ({@code SLURM_STEP_ID}
     *     and {@code SLURM_NTASKS}) is running.
     */
    @Override
    public boolean detect(LaunchEnvironment environment) {
        for (String v : LAUNCH_VARIABLES) {
            if (environment.variable(v).isPresent()) {
                return true;
            }
        }
        return environment.variable("SLURM_STEP_ID").isPresent() && environment.variable("SLURM_NTASKS").isPresent();
    }

    /**
     * {@inheritDoc}
     *
     * @implNote Ranks above {@code sim} (0) and below a provider whose launcher leaves its own
     *     variables, so that a job started by {@code mpiexec} picks {@code native}.
     */
    @Override
    public int priority() {
        return 10;
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.mpi4j.MpiException ({@code ERR_OTHER}) if the jar has no native library for this
     *     platform or it cannot be loaded (the message says what to install), if MPI fails to
     *     initialize, or if MPI was already finalized in this process
     */
    @Override
    public ProviderSession init(MpiOptions options, LaunchEnvironment environment) {
        return JniSession.open(options.threadLevel());
    }

    /**
     * Tells whether this jar carries the native library for the running platform, that is whether
     * it was built with an MPI C compiler.
     *
     * @return {@code true} if the library is packaged; it may still fail to load
     */
    public static boolean isLibraryPackaged() {
        return NativeLibrary.isPackaged();
    }
}
