/* Open MPI 4.1 completes a posted receive with success when a longer message from the process
 * itself arrives: the message is silently truncated (MPI-4.1 section 3.2.4 requires
 * MPI_ERR_TRUNCATE). MPICH 4.0 reports the truncation; so does Open MPI when the message arrives
 * before the receive is posted, or comes from another process. Not worked around (README).
 *   mpicc openmpi_self_truncation.c -o selftrunc && mpirun -n 1 ./selftrunc
 */
#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int me; MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int got[1] = {-1}, three[3] = {1, 2, 3};
    MPI_Request r; MPI_Status st;
    MPI_Irecv(got, 1, MPI_INT, me, 35, MPI_COMM_WORLD, &r);
    MPI_Send(three, 3, MPI_INT, me, 35, MPI_COMM_WORLD);
    int rc = MPI_Wait(&r, &st), count; MPI_Get_count(&st, MPI_INT, &count);
    printf("rank %d: posted receive of 1 int, 3 sent to self: wait rc=%d (MPI_ERR_TRUNCATE=%d) status.MPI_ERROR=%d count=%d got=%d\n", me, rc, MPI_ERR_TRUNCATE, st.MPI_ERROR, count, got[0]);
    MPI_Finalize();
}
