/* Open MPI 4.1 crashes when a communicator is freed while collectives on it are pending, which MPI
 * allows (MPI-4.1 section 7.4.3: pending operations complete normally); MPICH 4.0 prints "ok".
 * (Seen on this 2-core machine: a crash in most runs of each variant, not in every one.)
 * The native provider therefore calls MPI_Comm_free only once the library's requests using the
 * communicator are done (CommUsers.java).
 *   mpicc openmpi_comm_free.c -o commfree
 *   mpirun --oversubscribe -n 3 ./commfree intra        # Ibcast, Iallreduce, Ibarrier on a dup: SIGSEGV
 *   mpirun --oversubscribe -n 3 ./commfree inter        # the same on an intercommunicator: SIGSEGV
 *   mpirun --oversubscribe -n 3 ./commfree persistent   # a started MPIX_Allreduce_init: SIGSEGV
 */
#include <mpi.h>
#if defined(OPEN_MPI) && OPEN_MPI
#include <mpi-ext.h>
#endif
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int me, n;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    const char *what = argc > 1 ? argv[1] : "intra";
    static double mine[4096], sums[4096];
    for (int i = 0; i < 4096; i++) mine[i] = me;
    int wrong = 0;
    for (int round = 0; round < 100; round++) {
        MPI_Request r[2];
        int count = 2;
        if (strcmp(what, "inter") == 0) {
            MPI_Comm half, inter;
            MPI_Comm_split(MPI_COMM_WORLD, me % 2, me, &half);
            MPI_Intercomm_create(half, 0, MPI_COMM_WORLD, me % 2 == 0 ? 1 : 0, 9, &inter);
            MPI_Iallreduce(mine, sums, 4096, MPI_DOUBLE, MPI_SUM, inter, &r[0]);
            MPI_Ibarrier(inter, &r[1]);
            MPI_Comm_free(&inter);
            MPI_Comm_free(&half);
            MPI_Waitall(count, r, MPI_STATUSES_IGNORE);
            continue;
        }
        MPI_Comm dup;
        MPI_Comm_dup(MPI_COMM_WORLD, &dup);
        if (strcmp(what, "persistent") == 0) {
#if (defined(OMPI_HAVE_MPI_EXT_PCOLLREQ) && OMPI_HAVE_MPI_EXT_PCOLLREQ) || MPI_VERSION >= 4
#if MPI_VERSION >= 4
            MPI_Allreduce_init(mine, sums, 4096, MPI_DOUBLE, MPI_SUM, dup, MPI_INFO_NULL, &r[0]);
#else
            MPIX_Allreduce_init(mine, sums, 4096, MPI_DOUBLE, MPI_SUM, dup, MPI_INFO_NULL, &r[0]);
#endif
            MPI_Start(&r[0]);
            MPI_Comm_free(&dup);
            MPI_Wait(&r[0], MPI_STATUS_IGNORE);
            MPI_Request_free(&r[0]);
#else
            MPI_Comm_free(&dup);
            sums[4095] = n * (n - 1) / 2.0; /* no persistent collectives in this library */
#endif
        } else {
            int one = me, sum = 0, b = me == 0 ? 42 : -1;
            MPI_Request q[4];
            MPI_Ibcast(&b, 1, MPI_INT, 0, dup, &q[0]);
            MPI_Iallreduce(&one, &sum, 1, MPI_INT, MPI_SUM, dup, &q[1]);
            MPI_Ibarrier(dup, &q[2]);
            MPI_Iallreduce(mine, sums, 4096, MPI_DOUBLE, MPI_SUM, dup, &q[3]);
            MPI_Comm_free(&dup);
            MPI_Waitall(4, q, MPI_STATUSES_IGNORE);
            if (b != 42 || sum != n * (n - 1) / 2) wrong = 1;
        }
        if (sums[4095] != n * (n - 1) / 2.0) wrong = 1;
    }
    printf("rank %d %s: %s\n", me, what, wrong ? "wrong sums" : "ok");
    MPI_Finalize();
    return 0;
}
