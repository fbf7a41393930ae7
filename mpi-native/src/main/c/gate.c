/*
 * The gate that serializes MPI calls below MPI_THREAD_MULTIPLE (see glue.h). One per process, as
 * MPI is: set once by MPI initialization (mpi4jni.c), read by every entry point of the glue.
 *
 * Two ways in. Every thread may take the lock (gate_word, a compare-and-swap spinlock with backoff).
 * One thread, the favored one (the program's, which initialized MPI: mpi4j_gate_favor), takes the
 * gate without an atomic instruction while no other thread uses it: it marks itself inside
 * (favored_in) and checks that no other thread has claimed the gate (contended). That is Dekker's
 * handshake with the expensive half on the other side: a thread that wants the gate takes the
 * lock, sets contended and runs membarrier(2), which makes every running thread of the process
 * execute a full memory barrier, before it reads favored_in; so either it sees the favored thread
 * inside (and waits for it to leave) or the favored thread sees contended (and takes the lock like
 * everyone else). Why: the favored thread makes nearly every call, and a locked instruction after
 * the JVM's stores of its native transition cost an 8-byte send and receive 16 ns of 94 (measured,
 * one rank sending to itself). The contended mode ends when the favored thread has taken the lock
 * QUIET_TAKES times in a row with no other thread taking it; an idle progress thread's turn every
 * 10 ms costs one membarrier.
 */
#include <pthread.h>
#include <sched.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "glue.h"

int mpi4j_gated;

/* Threads waiting for the gate: a holder in a polling wait steps aside while there are any. */
static int waiters;
/* How many times a thread that had to wait took the gate: tells a thread stepping aside that a
 * waiter got in (the gate itself may be free again by the time it looks). */
static unsigned handovers;
/* The lock: 1 while held. */
static int gate_word;
/* How deep a thread other than the favored one is in the gate. */
static _Thread_local int depth;

/* The favored thread, if there is one (set once, before other threads call MPI). */
static int has_favored;
static pthread_t favored;
/* Written by the favored thread only: its depth, and whether it holds the lock (contended mode). */
static int favored_depth;
static int favored_locked;
/* 1 while the favored thread holds the gate without the lock. */
static int favored_in;
/* Set by another thread that took the lock: the favored thread must take it too. */
static int contended;
/* Takes of the lock by other threads, counted under the lock; and the favored thread's view of it. */
static unsigned others_taken;
static unsigned others_seen;
static int quiet_takes;

#define QUIET_TAKES 64

static inline void spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* How many times a waiter spins (a core's worth of pause instructions) before it yields. */
#define SPINS 64

/* The i-th round of a wait: ranks usually outnumber cores here, so the holder needs this core more
 * than the spin does, and a holder inside a long blocking collective keeps the gate for as long;
 * the wait backs off from spinning to yielding to sleeping (up to 0.25 ms, which is also how late
 * it may notice the gate freed). */
static void backoff(int i) {
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

static inline int try_lock(void) {
    int free_ = 0;
    return __atomic_compare_exchange_n(&gate_word, &free_, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Takes the lock; *waited is set (and the thread counted among the waiters) if it had to wait. */
static void lock(int *waited) {
    if (try_lock()) return;
    *waited = 1;
    __atomic_add_fetch(&waiters, 1, __ATOMIC_RELAXED);
    for (int i = 0; !(__atomic_load_n(&gate_word, __ATOMIC_RELAXED) == 0 && try_lock()); i++) backoff(i);
}

static void got_in(int waited) {
    if (waited) {
        __atomic_add_fetch(&handovers, 1, __ATOMIC_RELAXED);
        __atomic_sub_fetch(&waiters, 1, __ATOMIC_RELAXED);
    }
}

static inline int is_favored(void) {
    return has_favored && pthread_equal(pthread_self(), favored);
}

/* The gate for a thread other than the favored one: the lock, then the favored thread out. */
static void others_take(void) {
    int waited = 0;
    lock(&waited);
    if (has_favored) {
        if (!__atomic_load_n(&contended, __ATOMIC_RELAXED)) {
            __atomic_store_n(&contended, 1, __ATOMIC_RELAXED);
            /* the heavy half of the handshake: after it, a favored thread not seen inside sees
             * contended (registered in mpi4j_gate_favor, so it cannot fail here) */
            syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);
        }
        if (__atomic_load_n(&favored_in, __ATOMIC_ACQUIRE)) {
            if (!waited) {
                waited = 1;
                __atomic_add_fetch(&waiters, 1, __ATOMIC_RELAXED);
            }
            for (int i = 0; __atomic_load_n(&favored_in, __ATOMIC_ACQUIRE); i++) backoff(i);
        }
        others_taken++;
    }
    got_in(waited);
}

static void others_give(void) {
    __atomic_store_n(&gate_word, 0, __ATOMIC_RELEASE);
}

static void favored_take(void) {
    __atomic_store_n(&favored_in, 1, __ATOMIC_RELAXED);
    /* a compiler barrier only: the other side's membarrier supplies the processor's */
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&contended, __ATOMIC_ACQUIRE)) return;
    __atomic_store_n(&favored_in, 0, __ATOMIC_RELEASE);
    int waited = 0;
    lock(&waited);
    got_in(waited);
    favored_locked = 1;
    /* the lock keeps the other threads out, so contended may be cleared here: the next of them to
     * take the lock sets it again (and pays a membarrier) */
    if (others_taken != others_seen) {
        others_seen = others_taken;
        quiet_takes = 0;
    } else if (++quiet_takes >= QUIET_TAKES && __atomic_load_n(&waiters, __ATOMIC_RELAXED) == 0) {
        quiet_takes = 0;
        __atomic_store_n(&contended, 0, __ATOMIC_RELAXED);
    }
}

static void favored_give(void) {
    if (favored_locked) {
        favored_locked = 0;
        __atomic_store_n(&gate_word, 0, __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(&favored_in, 0, __ATOMIC_RELEASE);
    }
}

void mpi4j_gate_enter(void) {
    if (is_favored()) {
        if (favored_depth++ == 0) favored_take();
    } else if (depth++ == 0) {
        others_take();
    }
}

void mpi4j_gate_leave(void) {
    if (is_favored()) {
        if (--favored_depth == 0) favored_give();
    } else if (--depth == 0) {
        others_give();
    }
}

int mpi4j_gate_favor(void) {
    if (!mpi4j_gated) return 0;
    /* the favored thread's half needs membarrier's expedited private command (Linux 4.14) */
    long cmds = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0);
    if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED)
        || syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) != 0) {
        return 0;
    }
    /* under the lock, so that no other thread is inside while the favor changes hands */
    int waited = 0;
    lock(&waited);
    got_in(waited);
    favored = pthread_self();
    favored_depth = 0;
    favored_locked = 0;
    contended = 1; /* the first take goes through the lock, and the favor settles after QUIET_TAKES */
    __atomic_store_n(&has_favored, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&gate_word, 0, __ATOMIC_RELEASE);
    return 1;
}

void mpi4j_gate_step_aside(void) {
    /* the waiter count first: a polling wait asks between polls, and the answer is nearly always no */
    if (__atomic_load_n(&waiters, __ATOMIC_RELAXED) == 0) return;
    int favored_ = is_favored();
    if ((favored_ ? favored_depth : depth) != 1) return;
    unsigned before = __atomic_load_n(&handovers, __ATOMIC_RELAXED);
    if (favored_) favored_give(); else others_give();
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
    if (favored_) favored_take(); else others_take();
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
