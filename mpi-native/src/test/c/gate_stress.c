/*
 * Stress test of the glue's gate (src/main/c/gate.c), run by io.mpi4j.jni.NativeGateTest:
 *   mpicc -std=c11 -O2 -D_GNU_SOURCE -I../../main/c gate_stress.c ../../main/c/gate.c -o gate_stress -lpthread
 *   ./gate_stress [favor]
 * The main thread (favored with "favor") and three others take the gate a great many times, some
 * nested, some stepping aside inside; each checks that it is alone inside and increments a plain
 * counter. Mutual exclusion broken shows as a thread finding another inside or as lost increments.
 * Calls no MPI function (the gate's polling wait is not exercised). Prints "ok N" or "FAILED ...".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "glue.h"

#define OTHERS 3
#define OTHER_TAKES 100000L

static volatile int inside;
static long counter;
static volatile int failed;

static void critical_section(long i) {
    if (inside) failed = 1;
    inside = 1;
    long c = counter;
    /* a little work inside, so that a broken gate lets others in meanwhile */
    for (volatile int k = 0; k < (int)(i & 7); k++) {
    }
    counter = c + 1;
    if (!inside) failed = 1;
    inside = 0;
}

static void take(long i) {
    mpi4j_gate_enter();
    critical_section(i);
    if (i % 97 == 0) {
        /* nested: a callback inside MPI */
        mpi4j_gate_enter();
        critical_section(i);
        mpi4j_gate_leave();
    }
    if (i % 89 == 0) {
        /* a polling wait handing the gate over */
        mpi4j_gate_step_aside();
        critical_section(i);
    }
    mpi4j_gate_leave();
}

static long sections(long takes) {
    long n = 0;
    for (long i = 0; i < takes; i++) n += 1 + (i % 97 == 0) + (i % 89 == 0);
    return n;
}

static volatile int others_left = OTHERS;

static void *other(void *arg) {
    unsigned seed = (unsigned)(uintptr_t)arg;
    for (long i = 0; i < OTHER_TAKES && !failed; i++) {
        take(i);
        /* a pause of 0 to ~10 us between takes, as a provider thread polls: the favored thread
         * meanwhile takes the gate alone long enough to leave the contended mode, and the next take
         * here brings it back (membarrier) */
        int pause = rand_r(&seed) % 4000;
        for (volatile int k = 0; k < pause; k++) {
        }
    }
    __atomic_sub_fetch(&others_left, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(int argc, char **argv) {
    mpi4j_gated = 1;
    int favored = argc > 1 && strcmp(argv[1], "favor") == 0 ? mpi4j_gate_favor() : 0;
    pthread_t t[OTHERS];
    for (int k = 0; k < OTHERS; k++) pthread_create(&t[k], NULL, other, (void *)(uintptr_t)(k + 1));
    long favored_takes = 0;
    while (__atomic_load_n(&others_left, __ATOMIC_SEQ_CST) > 0 && !failed) take(favored_takes++);
    for (int k = 0; k < OTHERS; k++) pthread_join(t[k], NULL);
    long expected = sections(favored_takes) + OTHERS * sections(OTHER_TAKES);
    if (failed || counter != expected) {
        printf("FAILED favored=%d counter=%ld expected=%ld overlap=%d\n", favored, counter, expected, failed);
        return 1;
    }
    printf("ok %ld favored=%d (its takes: %ld)\n", counter, favored, favored_takes);
    return 0;
}
