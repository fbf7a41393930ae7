/**
 * The {@code native} provider of mpi4j: JNI over the system MPI library (Open MPI or MPICH), for
 * jobs launched with {@code mpiexec} or {@code srun}.
 *
 * <p>Selected automatically when the launch environment names an MPI job
 * ({@code OMPI_COMM_WORLD_SIZE}, {@code PMI_SIZE}, {@code PMIX_RANK}, Slurm variables), or
 * explicitly with {@code -Dmpi4j.provider=native}. The C glue is compiled by the build with
 * {@code mpicc} and travels inside the jar.
 *
 * <p>Point-to-point operations and data-movement collectives on non-contiguous derived datatypes
 * use MPI derived datatypes built from each {@link io.mpi4j.Datatype}'s constructor
 * (MPI_Type_create_* and MPI_Type_commit, cached per session); reductions still receive derived
 * buffers packed by the API. Blocking point-to-point calls MPI through FFM downcalls, the rest
 * through JNI: both need native access ({@code --enable-native-access=io.mpi4j.jni}, or
 * {@code ALL-UNNAMED} on the class path).
 */
module io.mpi4j.jni {
    requires transitive io.mpi4j;
    // the garbage collector's name: G1 pins regions, so blocking sends read heap arrays in place
    requires java.management;

    exports io.mpi4j.jni;

    provides io.mpi4j.spi.MpiProvider with io.mpi4j.jni.NativeProvider;
}
