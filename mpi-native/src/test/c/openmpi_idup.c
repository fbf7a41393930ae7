/* Three Open MPI 4.1 bugs with MPI_Comm_idup (MPICH 4.0 prints 0 wrong for both):
 *   mpicc openmpi_idup.c -o idup -lpthread
 *   mpirun --oversubscribe -n 4 ./idup race 5   # MPI_Comm_idup, 5 us later MPI_Iallreduce of the same
 *                                               # communicator, while another thread calls MPI_Iprobe:
 *                                               # wrong sums, or a hang (with "race 0", no thread: right)
 *   mpirun --oversubscribe -n 4 ./idup split    # MPI_Comm_split of a communicator while an
 *                                               # MPI_Comm_idup of it is pending: hangs
 *   mpirun --oversubscribe -n 4 ./idup probes 6 # one thread: 0..5 MPI_Iprobe calls (of another
 *                                               # communicator) between MPI_Comm_idup and the
 *                                               # MPI_Iallreduce: 128-130 of 200 sums wrong on rank
 *                                               # 0, the others hang or crash ("probes 3": right), so
 *                                               # serializing the calls, as the provider's gate
 *                                               # does below MPI_THREAD_MULTIPLE, does not help
 * The native provider's progress thread is always in MPI, so under Open MPI 4 its idup never
 * calls MPI_Comm_idup (JniSession.idupBroken): at MPI_THREAD_MULTIPLE a platform thread makes
 * blocking MPI_Comm_dup of the parent's collective context, below it idup is a blocking
 * MPI_Comm_dup; under MPICH it is MPI_Comm_idup, and a blocking
 * constructor completes the communicator's pending idups first (IdupRequest).
 */
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int stop = 0;
static MPI_Comm peer;

static void *progress(void *arg) {
    int flag;
    while (!stop) MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, peer, &flag, MPI_STATUS_IGNORE);
    return arg;
}

int main(int argc, char **argv) {
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    int me, n;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    MPI_Comm_dup(MPI_COMM_WORLD, &peer);
    int probes = argc > 2 && strcmp(argv[1], "probes") == 0 ? atoi(argv[2]) : 0;
    int race = argc < 2 || strcmp(argv[1], "race") == 0 || probes > 0;
    int delay = probes > 0 ? 0 : argc > 2 ? atoi(argv[2]) : 5;
    pthread_t t;
    if (race && delay > 0) pthread_create(&t, NULL, progress, NULL);
    int wrong = 0;
    for (int round = 0; round < 200; round++) {
        MPI_Comm dup, half = MPI_COMM_NULL;
        MPI_Request r[2];
        int one = 1, total = n;
        MPI_Comm_idup(MPI_COMM_WORLD, &dup, &r[0]);
        if (race) {
            for (int k = 0, flag; k < round % (probes > 0 ? probes : 1); k++) {
                MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, peer, &flag, MPI_STATUS_IGNORE);
            }
            usleep(delay);
            MPI_Iallreduce(&one, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &r[1]);
        } else {
            MPI_Comm_split(MPI_COMM_WORLD, me % 2, me, &half);
            r[1] = MPI_REQUEST_NULL;
        }
        MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
        if (total != n) wrong++;
        MPI_Comm_free(&dup);
        if (half != MPI_COMM_NULL) MPI_Comm_free(&half);
    }
    stop = 1;
    if (race && delay > 0) pthread_join(t, NULL);
    printf("rank %d: %d wrong of 200\n", me, wrong);
    MPI_Comm_free(&peer);
    MPI_Finalize();
    return 0;
}
