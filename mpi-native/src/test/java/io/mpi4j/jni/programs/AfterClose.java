package io.mpi4j.jni.programs;

import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import java.util.function.Supplier;

/**
 * Test program: after {@code Mpi.close()} every call but the version queries raises ERR_OTHER
 * (MPI-4.1 §11.2.2) instead of reaching the finalized library, which aborts the process (MPICH:
 * "Attempting to use an MPI routine ... after finalizing", Open MPI: MPI_Get_processor_name
 * "called after MPI_FINALIZE") or answers nonsense (Open MPI's MPI_Wtime: 0.0). Prints one line per
 * call ({@code wtime ERR_OTHER}, {@code version ok}) and then {@code rank R survived}.
 */
public final class AfterClose {
    private AfterClose() {
    }

    /**
     * Runs the calls.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Mpi mpi = Mpi.init(args);
        Intracomm world = mpi.world();
        int rank = world.rank();
        mpi.close();
        report("wtime", mpi::wtime);
        report("wtick", mpi::wtick);
        report("processorName", mpi::processorName);
        report("rank", world::rank);
        report("barrier", () -> {
            world.barrier();
            return null;
        });
        report("version", mpi::version);
        report("libraryVersion", mpi::libraryVersion);
        System.out.println("rank " + rank + " survived");
    }

    private static void report(String call, Supplier<?> body) {
        try {
            body.get();
            System.out.println(call + " ok");
        } catch (MpiException e) {
            System.out.println(call + " " + e.errorClass());
        }
    }
}
