/*
 * C reference for mpi4j's collective benchmarks: barrier latency and allreduce (MPI_SUM) of
 * 1 MiB of doubles, timed with MPI_Wtime over many iterations after a warm-up.
 *
 *   mpicc -O2 -o collectives collectives.c
 *   mpirun -n 4 ./collectives [barrier_iters [allreduce_iters [warmup]]]
 *
 * Prints, from rank 0, one line per measurement (the same format as the Java harness,
 * io.mpi4j.bench.CollectivesHarness):
 *
 *   collectives impl=openmpi ranks=4 op=barrier bytes=0 iters=10000 usec=0.812
 *
 * usec is the time of one operation: the slowest rank's average over the timed iterations.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define ALLREDUCE_BYTES (1 << 20)

static void report(const char *op, long bytes, int iters, double elapsed, MPI_Comm comm) {
    int rank, size;
    double slowest;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    MPI_Reduce(&elapsed, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, comm);
    if (rank == 0) {
        printf("collectives impl=openmpi ranks=%d op=%s bytes=%ld iters=%d usec=%.3f\n",
               size, op, bytes, iters, slowest / iters * 1e6);
        fflush(stdout);
    }
}

int main(int argc, char **argv) {
    int barrier_iters = argc > 1 ? atoi(argv[1]) : 10000;
    int allreduce_iters = argc > 2 ? atoi(argv[2]) : 200;
    int warmup = argc > 3 ? atoi(argv[3]) : 10;
    int rank, i;
    size_t n = ALLREDUCE_BYTES / sizeof(double);
    double *send, *recv, t0, elapsed;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    /* barrier latency */
    for (i = 0; i < warmup * 10; i++) MPI_Barrier(MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    for (i = 0; i < barrier_iters; i++) MPI_Barrier(MPI_COMM_WORLD);
    elapsed = MPI_Wtime() - t0;
    report("barrier", 0, barrier_iters, elapsed, MPI_COMM_WORLD);

    /* allreduce of 1 MiB of doubles */
    send = malloc(ALLREDUCE_BYTES);
    recv = malloc(ALLREDUCE_BYTES);
    for (size_t k = 0; k < n; k++) send[k] = rank + k * 1e-6;
    for (i = 0; i < warmup; i++) MPI_Allreduce(send, recv, (int) n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    for (i = 0; i < allreduce_iters; i++) MPI_Allreduce(send, recv, (int) n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    elapsed = MPI_Wtime() - t0;
    report("allreduce", ALLREDUCE_BYTES, allreduce_iters, elapsed, MPI_COMM_WORLD);

    free(send);
    free(recv);
    MPI_Finalize();
    return 0;
}
