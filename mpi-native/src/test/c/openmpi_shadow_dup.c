/* Why the native provider's idup under Open MPI 4.1 duplicates the collective context on a thread
 * of its own (JniComm.Channel.startDup): blocking MPI_Comm_dup of a shadow communicator on one
 * thread, beside nonblocking allreduces and splits of the parent on another and an MPI_Iprobe
 * loop on a third (the provider's progress thread), give no wrong sums, where MPI_Comm_idup of
 * the parent itself does (openmpi_idup.c race 5):
 *   mpicc openmpi_shadow_dup.c -o shadow -lpthread
 *   mpirun --oversubscribe -n 4 ./shadow   # "rank r: 0 wrong of 400" on every rank
 */
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
static volatile int stop = 0;
static MPI_Comm peer, shadow;
static void *progress(void *a) { int f; while (!stop) MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, peer, &f, MPI_STATUS_IGNORE); return a; }
static void *dupper(void *a) { for (int i = 0; i < 200; i++) { MPI_Comm d; MPI_Comm_dup(shadow, &d); int one = 1, s = 0; MPI_Allreduce(&one, &s, 1, MPI_INT, MPI_SUM, d); MPI_Comm_free(&d); } return a; }
int main(int argc, char **argv) {
  int p; MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &p);
  int me, n; MPI_Comm_rank(MPI_COMM_WORLD, &me); MPI_Comm_size(MPI_COMM_WORLD, &n);
  MPI_Comm_dup(MPI_COMM_WORLD, &peer); MPI_Comm_dup(MPI_COMM_WORLD, &shadow);
  pthread_t t, u; pthread_create(&t, NULL, progress, NULL); pthread_create(&u, NULL, dupper, NULL);
  int wrong = 0;
  for (int r = 0; r < 400; r++) { int one = 1, total = 0; MPI_Request q; MPI_Iallreduce(&one, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &q); MPI_Wait(&q, MPI_STATUS_IGNORE); if (total != n) wrong++;
    MPI_Comm s2; if (r % 20 == 0) { MPI_Comm_split(MPI_COMM_WORLD, me % 2, me, &s2); MPI_Comm_free(&s2); } }
  pthread_join(u, NULL); stop = 1; pthread_join(t, NULL);
  printf("rank %d: %d wrong of 400\n", me, wrong);
  MPI_Comm_free(&shadow); MPI_Comm_free(&peer); MPI_Finalize(); return 0;
}
