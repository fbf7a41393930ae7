/*
 * What the files of the glue share: each function is defined once, in the file named beside it.
 *
 * How the glue describes a run of bytes to MPI (mpi4jni.c, for every file that sends or receives
 * contiguous bytes). Messages are counted in bytes (MPI_BYTE): the Java side
 * knows the element type. A message longer than an int can count travels as one element of a type
 * of exactly that many bytes (whole GiB chunks, then the rest): its type signature is still that
 * many MPI_BYTEs, so it matches a receive described either way, and the status is read with
 * MPI_Get_elements_x.
 */
#ifndef MPI4J_GLUE_H
#define MPI4J_GLUE_H

#include <jni.h>
#include <mpi.h>
#include <stdint.h>

typedef struct {
    int count;
    MPI_Datatype type;
    /* whether type was built here (and must be freed with mpi4j_span_free) */
    int derived;
} mpi4j_span;

/* Describes `bytes` bytes: MPI_BYTE up to INT32_MAX, else one element of a committed struct type. */
int mpi4j_span_of(int64_t bytes, mpi4j_span *s);

/* Frees a built type. A one-shot operation may free it once started (MPI keeps it until the
 * operation completes); a persistent request uses it at every start and keeps it until freed. */
void mpi4j_span_free(mpi4j_span *s);

/* The predefined MPI datatype of a Java datatype code (io.mpi4j.jni.Types), collectives.c. */
MPI_Datatype mpi4j_type_of(int32_t code);

/* The MPI operation for a Java op code on a datatype, with collectives.c's MPICH workaround. */
MPI_Op mpi4j_op_for(int32_t op, MPI_Datatype t);

/* Whether comm is an intracommunicator of one process, collectives.c. */
int mpi4j_single(MPI_Comm comm);

/* The root of a collective: Java's Mpi.ROOT (-4) and Mpi.PROC_NULL (-2), which intercommunicator
 * collectives pass, as the library's MPI_ROOT and MPI_PROC_NULL (Open MPI has the same values,
 * MPICH -3 and -1); ranks as they are. */
static inline int mpi4j_root(int root) {
    return root == -4 ? MPI_ROOT : root == -2 ? MPI_PROC_NULL : root;
}

/* A rooted call on an intercommunicator that moves no data on this rank (collectives.c). */
int mpi4j_inter_idle(MPI_Comm comm, int root, int64_t count);

/* One element of any predefined type, for mpi4j_inter_idle's calls: read, and written (collectives.c). */
extern const char mpi4j_dummy_in[32];
extern char mpi4j_dummy_out[32];

/* For a call the glue did itself: rc, and when start a generalized request already complete in
 * *r (collectives.c). */
int mpi4j_completed(int rc, int start, MPI_Request *r);

/*
 * Java arrays pinned for one blocking call (pins.c). A blocking collective (typed_collectives.c,
 * collectives.c's reductions, neighbors.c) on a heap array under G1
 * (io.mpi4j.jni.HeapPins) passes the array itself, sArr for the send buffer and rArr for the receive
 * buffer, with its byte offset where the address goes: the array is read and written in place
 * (GetPrimitiveArrayCritical; G1 pins its region, JEP 423) instead of being staged through native
 * memory both ways, which cost a 1 MiB-per-peer alltoall on 4 ranks 1.0 ms of its 1.6 ms. Never for
 * a nonblocking call: the array may move once the call has returned.
 */
typedef struct {
    JNIEnv *env;
    jarray array;
    void *base;
    jint mode;
} mpi4j_pin_t;

/* Pins array (if not NULL) and turns the offset at *addr into its address there; 0 if that failed. */
int mpi4j_pin(JNIEnv *env, jobject array, jlong *addr, mpi4j_pin_t *p, jint mode);

void mpi4j_unpin(mpi4j_pin_t *p);

/* Runs call with sArr and rArr (names in scope, as env and start are) pinned over the addresses in
 * sAddr and rAddr. The send array is only read (JNI_ABORT: nothing to copy back). */
#define MPI4J_PINNED(sAddr, rAddr, call)                                                      \
    do {                                                                                      \
        if ((sArr != NULL || rArr != NULL) && start) return MPI_ERR_ARG;                      \
        mpi4j_pin_t pinned_send_, pinned_recv_;                                               \
        if (!mpi4j_pin(env, sArr, &(sAddr), &pinned_send_, JNI_ABORT)) return MPI_ERR_NO_MEM; \
        if (!mpi4j_pin(env, rArr, &(rAddr), &pinned_recv_, 0)) {                              \
            mpi4j_unpin(&pinned_send_);                                                       \
            return MPI_ERR_NO_MEM;                                                            \
        }                                                                                     \
        jint pinned_rc_ = (call);                                                             \
        mpi4j_unpin(&pinned_recv_);                                                           \
        mpi4j_unpin(&pinned_send_);                                                           \
        return pinned_rc_;                                                                    \
    } while (0)

/*
 * The gate (gate.c): with the program below MPI_THREAD_MULTIPLE (ThreadLevel SINGLE, FUNNELED or
 * SERIALIZED), MPI runs at a level without the library's own locks (Open MPI 4 takes them at every
 * level above MPI_THREAD_SINGLE, which cost an 8-byte message 0.055 us of its 0.10 us), and the
 * provider serializes MPI calls itself: the program's thread and the provider's own (the progress
 * thread, portable nonblocking collectives, request callbacks) take this gate around each call.
 * Reentrant for a thread that holds it (a user operation or attribute callback running inside
 * MPI). Waits that have a nonblocking form poll and step aside while another thread waits for the
 * gate (mpi4j_gate_wait); the rest (blocking collectives, communicator constructors) keep the gate
 * until the library returns, as a C program at that level would keep its one thread.
 * The thread that initialized MPI is favored (mpi4j_gate_favor): it takes a free gate without an
 * atomic instruction. Off (every call free of it) at MPI_THREAD_MULTIPLE.
 */
#define MPI4J_HIDDEN __attribute__((visibility("hidden")))

MPI4J_HIDDEN extern int mpi4j_gated;

/* Takes the gate (if on) unless this thread holds it already; counts the nesting. */
MPI4J_HIDDEN void mpi4j_gate_enter(void);

/* Undoes one mpi4j_gate_enter; the outermost gives the gate back. */
MPI4J_HIDDEN void mpi4j_gate_leave(void);

static inline int mpi4j_gate_token(void) {
    if (mpi4j_gated) mpi4j_gate_enter();
    return 0;
}

static inline void mpi4j_gate_untoken(int *unused) {
    (void)unused;
    if (mpi4j_gated) mpi4j_gate_leave();
}

/* Holds the gate for the rest of the enclosing block (every return included). */
#define GATED int mpi4j_gate_token_ __attribute__((cleanup(mpi4j_gate_untoken), unused)) = mpi4j_gate_token()

/* Makes the calling thread the favored one, if the kernel offers what that needs; 1 if it did. */
int mpi4j_gate_favor(void);

/* Lets a thread waiting for the gate in, if one is and this thread may (it holds the gate once). */
MPI4J_HIDDEN void mpi4j_gate_step_aside(void);

/* MPI_Wait, or with the gate on MPI_Test until complete, stepping aside between tests. */
MPI4J_HIDDEN int mpi4j_gate_wait(MPI_Request *r, MPI_Status *st);

#endif
