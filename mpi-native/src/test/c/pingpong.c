/* C reference ping-pong for the native provider's harness (io.mpi4j.jni.PingPong):
 *   mpicc -O2 pingpong.c -o pingpong && mpirun -n 2 ./pingpong
 * Prints the 8-byte half-round-trip latency and the 16 MiB bandwidth, as the Java harness does. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static double run(char *buf, int bytes, int iters, int rank) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    for (int i = 0; i < iters; i++) {
        if (rank == 0) {
            MPI_Send(buf, bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(buf, bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(buf, bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
    }
    return (MPI_Wtime() - t) / iters / 2;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int big = 16 << 20;
    char *buf = calloc(big, 1);
    run(buf, 8, 20000, rank);
    double lat = 1e30, bw = 0;
    for (int k = 0; k < 5; k++) { double l = run(buf, 8, 20000, rank); if (l < lat) lat = l; }
    run(buf, big, 10, rank);
    for (int k = 0; k < 5; k++) { double b = big / run(buf, big, 20, rank) / 1e9; if (b > bw) bw = b; }
    if (rank == 0) printf("C: latency(8 B)=%.3f us  bandwidth(16 MiB)=%.2f GB/s\n", lat * 1e6, bw);
    free(buf);
    MPI_Finalize();
    return 0;
}
