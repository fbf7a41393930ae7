/* Three Open MPI 4.1 bugs the native provider works around, found by the TCK's properties, each
 * as C MPI shows it; MPICH 4.0 prints the expected values throughout:
 * two in datatypes (TypeHandles.java and datatypes.c's fit), one in the vector operations (op/avx,
 * collectives.c's op_for).
 *   mpicc openmpi_bugs.c -o ompibugs && mpirun -n 2 ./ompibugs
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    /* 1. A committed struct with an empty member: {short at 0; contiguous(0, byte) at 10} has
     * extent 10 (Open MPI reports it), so two elements are bytes 0-1 and 10-11; Open MPI 4.1 sends
     * bytes 0-3. A resized copy with the same bounds is sent right. */
    MPI_Datatype empty, s;
    MPI_Type_contiguous(0, MPI_BYTE, &empty);
    MPI_Type_commit(&empty);
    int bl[2] = {1, 2};
    MPI_Aint d[2] = {0, 10};
    MPI_Datatype ts[2] = {MPI_SHORT, empty};
    MPI_Type_create_struct(2, bl, d, ts, &s);
    MPI_Type_commit(&s);
    unsigned char src[12];
    for (int i = 0; i < 12; i++) src[i] = (unsigned char)(i + 1);
    if (rank == 0) {
        MPI_Request q;
        MPI_Isend(src, 2, s, 1, 0, MPI_COMM_WORLD, &q);
        MPI_Wait(&q, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
        unsigned char got[4] = {0};
        MPI_Recv(got, 4, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        printf("struct with an empty member: got %d %d %d %d (expected 1 2 11 12)\n", got[0], got[1], got[2], got[3]);
    }

    /* 2. A vector whose byte stride is exactly -1: vector(2, 1, -1, BYTE) has the type map
     * {(BYTE, 0), (BYTE, -1)} (MPI-4.1 section 5.1.2); Open MPI's opal_datatype_add takes an extent
     * argument of -1 to mean "the type's own", lays the blocks forwards and writes buf[2]. */
    if (rank == 0) {
        MPI_Datatype v;
        MPI_Type_vector(2, 1, -1, MPI_BYTE, &v);
        MPI_Type_commit(&v);
        unsigned char msg[2] = {10, 20};
        unsigned char buf[4] = {0xEE, 0xEE, 0xEE, 0xEE};
        MPI_Sendrecv(msg, 2, MPI_BYTE, 0, 0, buf + 1, 1, v, 0, 0, MPI_COMM_SELF, MPI_STATUS_IGNORE);
        MPI_Aint lb, ext;
        MPI_Type_get_extent(v, &lb, &ext);
        printf("vector(2, 1, -1, BYTE): buf %d %d %d %d (expected 20 10 238 238), lb %ld extent %ld (expected -1 2)\n",
               buf[0], buf[1], buf[2], buf[3], (long)lb, (long)ext);
        MPI_Type_free(&v);
    }
    /* 3. SUM on 8- and 16-bit integers saturates in op/avx: 30000 + 30000 as shorts is -5536 in C
     * (and in the scalar tail, and with --mca op ^avx); the vector code gives 32767. */
    if (rank == 0) {
        short a[16], b[16];
        for (int i = 0; i < 16; i++) a[i] = b[i] = 30000;
        MPI_Reduce_local(a, b, 16, MPI_SHORT, MPI_SUM);
        printf("16 shorts 30000 + 30000: first %d, last %d (expected -5536)\n", b[0], b[15]);
    }
    MPI_Type_free(&s);
    MPI_Type_free(&empty);
    MPI_Finalize();
    return 0;
}
