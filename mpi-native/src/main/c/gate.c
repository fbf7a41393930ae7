/*
 * The gate that serializes MPI calls below MPI_THREAD_MULTIPLE (see glue.h). One per process, as
 * MPI is: set once by MPI initialization (mpi4jni.c), read by every entry point of the glue.
 */
#include <sched.h>
#include <time.h>
#include "glue.h"

int mpi4j_gated;
int mpi4j_gate_waiters;
_Thread_local int mpi4j_gate_depth;
static int gate_word;

static inline void spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* How many times a waiter spins (a core's worth of pause instructions) before it yields. */
#define SPINS 64

void mpi4j_gate_acquire(void) {
    int free_ = 0;
    if (__atomic_compare_exchange_n(&gate_word, &free_, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    __atomic_add_fetch(&mpi4j_gate_waiters, 1, __ATOMIC_RELAXED);
    for (int i = 0;; i++) {
        free_ = 0;
        if (__atomic_load_n(&gate_word, __ATOMIC_RELAXED) == 0
            && __atomic_compare_exchange_n(&gate_word, &free_, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            break;
        }
        /* ranks usually outnumber cores here: the holder needs this core more than the spin does,
         * and a holder inside a long blocking collective keeps the gate for as long, so the wait
         * backs off from spinning to yielding to sleeping (up to 0.25 ms, which is also how late
         * it may notice the gate freed) */
        if (i < SPINS) {
            spin_pause();
        } else if (i < 2 * SPINS) {
            sched_yield();
        } else {
            long us = (long)(i - 2 * SPINS + 1) * 10;
            struct timespec ts = {0, (us < 250 ? us : 250) * 1000L};
            nanosleep(&ts, NULL);
        }
    }
    __atomic_sub_fetch(&mpi4j_gate_waiters, 1, __ATOMIC_RELAXED);
}

void mpi4j_gate_release(void) {
    __atomic_store_n(&gate_word, 0, __ATOMIC_RELEASE);
}

void mpi4j_gate_step_aside(void) {
    if (mpi4j_gate_depth != 1 || __atomic_load_n(&mpi4j_gate_waiters, __ATOMIC_RELAXED) == 0) return;
    mpi4j_gate_release();
    /* give the waiter time to take it (it spins or yields until the word is free) */
    for (int i = 0; i < SPINS && __atomic_load_n(&gate_word, __ATOMIC_RELAXED) == 0; i++) spin_pause();
    if (__atomic_load_n(&gate_word, __ATOMIC_RELAXED) == 0) sched_yield();
    mpi4j_gate_acquire();
}

int mpi4j_gate_wait(MPI_Request *r, MPI_Status *st) {
    if (!mpi4j_gated) return MPI_Wait(r, st);
    for (;;) {
        int flag = 0;
        int rc = MPI_Test(r, &flag, st);
        if (rc != MPI_SUCCESS || flag) return rc;
        mpi4j_gate_step_aside();
    }
}
