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
/* How many times a thread that had to wait took the gate: tells a thread stepping aside that a
 * waiter got in (the gate itself may be free again by the time it looks). */
static unsigned handovers;

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
    __atomic_add_fetch(&handovers, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&mpi4j_gate_waiters, 1, __ATOMIC_RELAXED);
}

void mpi4j_gate_release(void) {
    __atomic_store_n(&gate_word, 0, __ATOMIC_RELEASE);
}

void mpi4j_gate_step_aside(void) {
    if (mpi4j_gate_depth != 1 || __atomic_load_n(&mpi4j_gate_waiters, __ATOMIC_RELAXED) == 0) return;
    unsigned before = __atomic_load_n(&handovers, __ATOMIC_RELAXED);
    mpi4j_gate_release();
    /* Hand over: wait until a waiter has taken the gate before competing for it again. A waiter
     * may be asleep in its backoff (up to 0.25 ms); re-acquiring at once would win nearly every
     * time, and under load a provider thread starved for as long as this thread's wait lasted
     * (seen: a request callback delayed 1.5 s, until the program's receive returned). Bounded
     * (about 2 ms) in case the waiter gave up or the count is stale. */
    for (int i = 0; __atomic_load_n(&handovers, __ATOMIC_RELAXED) == before && i < 2 * SPINS + 200; i++) {
        if (i < SPINS) {
            spin_pause();
        } else if (i < 2 * SPINS) {
            sched_yield();
        } else {
            struct timespec ts = {0, 10 * 1000L};
            nanosleep(&ts, NULL);
        }
    }
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
