/* MPICH 4.0: MPI_Comm_idup of an intercommunicator made by MPI_Comm_split never completes on one
 * side (rank 2 here, after 2e8 MPI_Test calls; rank 0 completes after about 12 000), and UCX warns
 * of an unmatched tag-receive at finalize. The native provider's polled communicator
 * constructors duplicate each new communicator with MPI_Comm_idup, so under MPICH 4.0
 * Intercomm.split and create are built from a split of the local group and
 * MPI_Intercomm_create instead (JniSession.interSplitIdupBroken); Open MPI's MPI_Comm_split of
 * an intercommunicator is used.
 *   mpicc.mpich mpich_split_intercomm_idup.c -o d && mpiexec.mpich -n 3 ./d
 */
#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
    int provided; MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    int me, n; MPI_Comm_rank(MPI_COMM_WORLD, &me); MPI_Comm_size(MPI_COMM_WORLD, &n);
    MPI_Comm local, inter, part, dup;
    int side = me == 0 ? 0 : 1;
    MPI_Comm_split(MPI_COMM_WORLD, side, me, &local);
    MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, side == 0 ? 1 : 0, 5, &inter);
    MPI_Comm_split(inter, me % 2, -me, &part);
    if (part != MPI_COMM_NULL) {
        MPI_Request r; int done = 0;
        MPI_Comm_idup(part, &dup, &r);
        long polls = 0;
        while (!done && polls < 200000000L) { MPI_Test(&r, &done, MPI_STATUS_IGNORE); polls++; }
        printf("rank %d idup of the split part: %s after %ld tests\n", me, done ? "done" : "NOT done", polls); fflush(stdout);
    } else printf("rank %d null\n", me);
    MPI_Finalize();
}
