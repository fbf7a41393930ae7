/* Two MPICH 4.0 (Debian's 4.0.2) bugs with MPI_IN_PLACE that kill the process; Open MPI 4.1 prints
 * "ok" for both, and so does MPICH for the forms without MPI_IN_PLACE.
 *   mpicc.mpich mpich_in_place.c -o inplace
 *   mpiexec.mpich -n 2 ./inplace reduce          # MPI_Reduce, root 1, 10000 ints: SIGSEGV at the
 *                                                # root (memcpy from (void *)-1, over 2048 bytes)
 *   mpiexec.mpich -n 2 ./inplace reduce_scatter  # counts {131072, 262144} ints: assertion
 *                                                # "memcpy argument memory ranges overlap", abort
 * (The helper sweep that found them ran every MPI_IN_PLACE collective, every root, 2-4 processes,
 * 8 B to 4 MiB, blocking and nonblocking: these two are the only failures.) The native provider
 * reduces from a copy at such a root (collectives.c, reduce_from_copy) and gives MPICH's
 * reduce-scatter a copy of the operands (NativeCollectives, JniSession.inPlaceReduceScatterBroken).
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int me, n;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    const char *what = argc > 1 ? argv[1] : "reduce";
    int ok = 1;
    if (strcmp(what, "reduce") == 0) {
        int count = 10000, root = n - 1;
        int *b = malloc(sizeof(int) * count);
        for (int i = 0; i < count; i++) b[i] = i;
        if (me == root) MPI_Reduce(MPI_IN_PLACE, b, count, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
        else MPI_Reduce(b, NULL, count, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
        for (int i = 0; i < count && me == root; i++) ok &= b[i] == n * i;
        free(b);
    } else {
        int *counts = malloc(sizeof(int) * n), total = 0, before = 0;
        for (int r = 0; r < n; r++) {
            counts[r] = 131072 * (r + 1);
            if (r < me) before += counts[r];
            total += counts[r];
        }
        int *b = malloc(sizeof(int) * total);
        for (int i = 0; i < total; i++) b[i] = i;
        MPI_Reduce_scatter(MPI_IN_PLACE, b, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        for (int i = 0; i < counts[me]; i++) ok &= b[i] == n * (before + i);
        free(b);
        free(counts);
    }
    printf("rank %d: %s\n", me, ok ? "ok" : "WRONG");
    MPI_Finalize();
    return 0;
}
