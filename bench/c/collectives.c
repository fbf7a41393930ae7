/*
 * C reference for mpi4j's collective benchmarks: barrier latency and allreduce (MPI_SUM) of
 * 1 MiB of doubles, timed with MPI_Wtime over many iterations after a warm-up.
 *
 *   mpicc -O2 -o collectives collectives.c
 *   mpirun -n 4 ./collectives [barrier_iters [allreduce_iters [warmup]]]
 *   mpirun -n 4 ./collectives --suite [seconds_per_measurement]
 *
 * --suite runs the measurements of io.mpi4j.jmh.CollectiveBenchmark and BarrierBenchmark: barrier,
 * and bcast, allreduce (SUM), allgather and alltoall of doubles at 8 B and 1 MiB per rank (per peer
 * for alltoall), each with an iteration count calibrated to take about seconds_per_measurement
 * (default 0.3), and prints lines in the format io.mpi4j.jmh.report.Report reads:
 *
 *   bench impl=openmpi op=allreduce ranks=4 bytes=8 iters=50000 usec=1.234
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
#include <string.h>

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

enum { BARRIER, BCAST, ALLREDUCE, ALLGATHER, ALLTOALL };
static const char *OP_NAMES[] = {"barrier", "bcast", "allreduce", "allgather", "alltoall"};

static double run_op(int op, double *send, double *recv, int count, long iters) {
    double t0;
    long i;
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    for (i = 0; i < iters; i++) {
        switch (op) {
            case BARRIER: MPI_Barrier(MPI_COMM_WORLD); break;
            case BCAST: MPI_Bcast(send, count, MPI_DOUBLE, 0, MPI_COMM_WORLD); break;
            case ALLREDUCE: MPI_Allreduce(send, recv, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); break;
            case ALLGATHER: MPI_Allgather(send, count, MPI_DOUBLE, recv, count, MPI_DOUBLE, MPI_COMM_WORLD); break;
            default: MPI_Alltoall(send, count, MPI_DOUBLE, recv, count, MPI_DOUBLE, MPI_COMM_WORLD); break;
        }
    }
    return MPI_Wtime() - t0;
}

/* One calibrated measurement; every rank uses rank 0's iteration count, usec is the slowest rank's. */
static void measure(int op, long bytes, double seconds, int size) {
    int count = bytes < 8 ? 1 : (int) (bytes / 8);
    size_t elems = (size_t) count * (op == ALLGATHER || op == ALLTOALL ? size : 1);
    double *send = calloc(elems, sizeof(double));
    double *recv = calloc(elems, sizeof(double));
    long iters = 1;
    double t;
    do {
        iters *= 2;
        t = run_op(op, send, recv, count, iters);
        MPI_Bcast(&t, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    } while (t < seconds / 10 && iters < (1L << 30));
    iters = (long) (iters * (seconds / (t > 0 ? t : 1e-9)));
    if (iters < 10) iters = 10;
    MPI_Bcast(&iters, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    t = run_op(op, send, recv, count, iters);
    {
        double slowest;
        int rank;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Reduce(&t, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("bench impl=openmpi op=%s ranks=%d bytes=%ld iters=%ld usec=%.4f\n", OP_NAMES[op], size,
                   op == BARRIER ? 0L : bytes, iters, slowest / iters * 1e6);
            fflush(stdout);
        }
    }
    free(send);
    free(recv);
}

static int suite(double seconds) {
    static const long SIZES[] = {8, ALLREDUCE_BYTES};
    int size, op, s;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    measure(BARRIER, 0, seconds, size);
    for (op = BCAST; op <= ALLTOALL; op++) {
        for (s = 0; s < 2; s++) {
            measure(op, SIZES[s], seconds, size);
        }
    }
    MPI_Finalize();
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--suite") == 0) {
        double seconds = argc > 2 ? atof(argv[2]) : 0.3;
        MPI_Init(&argc, &argv);
        return suite(seconds);
    }
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
