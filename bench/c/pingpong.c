/*
 * C reference for mpi4j's point-to-point benchmarks (io.mpi4j.jmh.PingPongBenchmark): ping-pong
 * between ranks 0 and 1 with MPI_Send/MPI_Recv, the time of half a round trip for each size.
 *
 *   mpicc -O2 -o pingpong pingpong.c
 *   mpirun -n 2 ./pingpong [seconds_per_size [size...]]
 *
 * The default sizes are the benchmark's: 8 64 256 1024 65536 1048576 4194304 16777216 bytes. For
 * each size the program warms up, calibrates an iteration count that takes about seconds_per_size
 * (default 0.3), and prints from rank 0, in the format io.mpi4j.jmh.report.Report reads:
 *
 *   bench impl=openmpi op=pingpong ranks=2 bytes=8 iters=200000 usec=0.241
 *
 * usec is half the average round trip; bandwidth is bytes / usec.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const long DEFAULT_SIZES[] = {8, 64, 256, 1024, 65536, 1048576, 4194304, 16777216};

static double round_trips(char *buf, long bytes, long iters, int rank) {
    double t0;
    long i;
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    for (i = 0; i < iters; i++) {
        if (rank == 0) {
            MPI_Send(buf, (int) bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(buf, (int) bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(buf, (int) bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, (int) bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
    }
    return MPI_Wtime() - t0;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 0.3;
    int nsizes = argc > 2 ? argc - 2 : (int) (sizeof DEFAULT_SIZES / sizeof DEFAULT_SIZES[0]);
    int rank, size, s;
    long max = 0;
    char *buf;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        if (rank == 0) fprintf(stderr, "pingpong: needs 2 ranks (mpirun -n 2)\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    for (s = 0; s < nsizes; s++) {
        long b = argc > 2 ? atol(argv[s + 2]) : DEFAULT_SIZES[s];
        if (b > max) max = b;
    }
    buf = malloc(max > 0 ? max : 1);
    memset(buf, 1, max > 0 ? max : 1);
    for (s = 0; s < nsizes; s++) {
        long bytes = argc > 2 ? atol(argv[s + 2]) : DEFAULT_SIZES[s];
        long iters = 4, warm;
        double t;
        /* warm up and calibrate: double the count until it takes a tenth of the budget */
        do {
            iters *= 2;
            t = round_trips(buf, bytes, iters, rank);
            MPI_Bcast(&t, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        } while (t < seconds / 10 && iters < (1L << 30));
        warm = (long) (iters * (seconds / (t > 0 ? t : 1e-9)));
        iters = warm < 10 ? 10 : warm;
        t = round_trips(buf, bytes, iters, rank);
        if (rank == 0) {
            printf("bench impl=openmpi op=pingpong ranks=2 bytes=%ld iters=%ld usec=%.4f\n", bytes, iters, t / iters / 2 * 1e6);
            fflush(stdout);
        }
    }
    free(buf);
    MPI_Finalize();
    return 0;
}
