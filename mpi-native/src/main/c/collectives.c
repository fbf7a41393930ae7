/*
 * Collectives of the mpi4j native provider: each maps one io.mpi4j.spi.Collective record to the
 * MPI call, blocking or (start != 0) nonblocking, in which case the request goes to out[0].
 *
 * Buffers are native addresses; -1 stands for MPI_IN_PLACE. Counts and displacements of the v/w
 * forms are native int arrays owned by the Java side until the request completes (MPI keeps the
 * pointers of a nonblocking collective). Datatype and op codes are the Java side's ordinals
 * (io.mpi4j.jni.Types): the MPI handles behind them differ between Open MPI and MPICH.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define PTR(a) ((a) == -1 ? MPI_IN_PLACE : (void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))

/* mpi4j Datatype -> MPI datatype. BOOLEAN is a byte holding 0 or 1 (the Java side stages
 * boolean[] that way), so unsigned bytes give every logical and bitwise op its Java meaning;
 * LONG_INT and DOUBLE_INT are the 16-byte C layouts {long; int} and {double; int}. */
static MPI_Datatype type_of(jint t) {
    switch (t) {
        case 0: return MPI_INT8_T;
        case 1: return MPI_UINT8_T;
        case 2: return MPI_UINT16_T;
        case 3: return MPI_INT16_T;
        case 4: return MPI_INT32_T;
        case 5: return MPI_INT64_T;
        case 6: return MPI_FLOAT;
        case 7: return MPI_DOUBLE;
        case 8: return MPI_2INT;
        case 9: return MPI_LONG_INT;
        case 10: return MPI_FLOAT_INT;
        case 11: return MPI_DOUBLE_INT;
        default: return MPI_DATATYPE_NULL;
    }
}

static MPI_Op op_of(jint o) {
    switch (o) {
        case 0: return MPI_SUM;
        case 1: return MPI_PROD;
        case 2: return MPI_MAX;
        case 3: return MPI_MIN;
        case 4: return MPI_LAND;
        case 5: return MPI_BAND;
        case 6: return MPI_LOR;
        case 7: return MPI_BOR;
        case 8: return MPI_LXOR;
        case 9: return MPI_BXOR;
        case 10: return MPI_MAXLOC;
        case 11: return MPI_MINLOC;
        default: return MPI_OP_NULL;
    }
}

/* ---- MPICH workarounds -------------------------------------------------------------------
 *
 * MAX and MIN on unsigned integers: MPICH 4.0.0 to 4.0.2 compare MPI_UINT8_T, MPI_UINT16_T (and
 * the other unsigned types) as signed (pmodels/mpich#6083, fixed by #6085 in 4.0.3), so MAX of
 * char[] {'a'} and {0xFFFF} is 'a'. Whether the library does this is probed once, with
 * MPI_Reduce_local (which takes the same path); where it does, MAX and MIN on the two unsigned
 * types that mpi4j uses (BOOLEAN bytes, CHAR) go through user-defined operations instead. */
static pthread_once_t unsigned_once = PTHREAD_ONCE_INIT;
static MPI_Op unsigned_max = MPI_OP_NULL, unsigned_min = MPI_OP_NULL;

#define UNSIGNED_OP(name, cmp)                                                                  \
    static void name(void *in, void *inout, int *len, MPI_Datatype *dt) {                       \
        if (*dt == MPI_UINT16_T) {                                                              \
            uint16_t *a = in, *b = inout;                                                       \
            for (int i = 0; i < *len; i++) if (a[i] cmp b[i]) b[i] = a[i];                      \
        } else {                                                                                \
            uint8_t *a = in, *b = inout;                                                        \
            for (int i = 0; i < *len; i++) if (a[i] cmp b[i]) b[i] = a[i];                      \
        }                                                                                       \
    }
UNSIGNED_OP(unsigned_max_fn, >)
UNSIGNED_OP(unsigned_min_fn, <)

static void probe_unsigned(void) {
    uint16_t in = 0xFFFF, inout = 1;
    if (MPI_Reduce_local(&in, &inout, 1, MPI_UINT16_T, MPI_MAX) == MPI_SUCCESS && inout != 0xFFFF) {
        MPI_Op_create(unsigned_max_fn, 1, &unsigned_max);
        MPI_Op_create(unsigned_min_fn, 1, &unsigned_min);
    }
}

/* ---- Open MPI workaround ------------------------------------------------------------------
 *
 * SUM on 8- and 16-bit integers: Open MPI 4.1's op/avx component adds them with saturating vector
 * instructions (C, 4.1.4: MPI_Reduce_local of 16 shorts 30000 + 30000 gives 32767 each, 40 signed
 * chars 100 + 100 give 127 for the first 32 and -56 for the scalar tail; with --mca op ^avx all
 * wrap, as MPI's C semantics and Java's do). Found by the collective properties once they ran on
 * native (a 5-rank REDUCE of shorts). Probed once, on each of the four types mpi4j uses (BYTE,
 * BOOLEAN bytes, CHAR, SHORT); where any saturates, SUM on them goes through a user-defined
 * wrapping sum, and every other operation keeps the library's vector code. */
static pthread_once_t sum_once = PTHREAD_ONCE_INIT;
static MPI_Op wrapping_sum = MPI_OP_NULL;

static void wrapping_sum_fn(void *in, void *inout, int *len, MPI_Datatype *dt) {
    /* two's complement: a signed sum wraps exactly as the unsigned one */
    if (*dt == MPI_INT16_T || *dt == MPI_UINT16_T) {
        uint16_t *a = in, *b = inout;
        for (int i = 0; i < *len; i++) b[i] = (uint16_t)(a[i] + b[i]);
    } else {
        uint8_t *a = in, *b = inout;
        for (int i = 0; i < *len; i++) b[i] = (uint8_t)(a[i] + b[i]);
    }
}

/* Whether MPI_SUM of n elements of t, each `value` (as the type's bytes) added to itself, wraps. */
static int sum_wraps(MPI_Datatype t, int size, uint16_t value) {
    enum { N = 64 }; /* past one 512-bit vector of bytes */
    uint8_t in[N * 2], inout[N * 2];
    for (int i = 0; i < N; i++) {
        if (size == 1) {
            in[i] = inout[i] = (uint8_t)value;
        } else {
            ((uint16_t *)in)[i] = ((uint16_t *)inout)[i] = value;
        }
    }
    if (MPI_Reduce_local(in, inout, N, t, MPI_SUM) != MPI_SUCCESS) return 1;
    for (int i = 0; i < N; i++) {
        uint16_t got = size == 1 ? inout[i] : ((uint16_t *)inout)[i];
        uint16_t want = size == 1 ? (uint8_t)(value + value) : (uint16_t)(value + value);
        if (got != want) return 0;
    }
    return 1;
}

static void probe_sum(void) {
    if (!sum_wraps(MPI_INT8_T, 1, 100) || !sum_wraps(MPI_UINT8_T, 1, 200) || !sum_wraps(MPI_INT16_T, 2, 30000)
        || !sum_wraps(MPI_UINT16_T, 2, 60000)) {
        MPI_Op_create(wrapping_sum_fn, 1, &wrapping_sum);
    }
}

/* The MPI operation for an mpi4j op on an mpi4j type. */
static MPI_Op op_for(jint o, MPI_Datatype t) {
    MPI_Op op = op_of(o);
    if ((op == MPI_MAX || op == MPI_MIN) && (t == MPI_UINT16_T || t == MPI_UINT8_T)) {
        pthread_once(&unsigned_once, probe_unsigned);
        if (unsigned_max != MPI_OP_NULL) return op == MPI_MAX ? unsigned_max : unsigned_min;
    }
    if (op == MPI_SUM && (t == MPI_INT8_T || t == MPI_UINT8_T || t == MPI_INT16_T || t == MPI_UINT16_T)) {
        pthread_once(&sum_once, probe_sum);
        if (wrapping_sum != MPI_OP_NULL) return wrapping_sum;
    }
    return op;
}

/* Whether comm is an intracommunicator of one process. */
static int single(MPI_Comm comm) {
    int size = 0, inter = 0;
    MPI_Comm_test_inter(comm, &inter);
    MPI_Comm_size(comm, &size);
    return !inter && size == 1;
}

static const int zero_displs[1] = {0};

static int done_query(void *extra, MPI_Status *st) {
    MPI_Status_set_elements(st, MPI_BYTE, 0);
    MPI_Status_set_cancelled(st, 0);
    st->MPI_SOURCE = MPI_UNDEFINED;
    st->MPI_TAG = MPI_UNDEFINED;
    return MPI_SUCCESS;
}
static int done_free(void *extra) { return MPI_SUCCESS; }
static int done_cancel(void *extra, int complete) { return MPI_SUCCESS; }

/* A request that is already complete, for a nonblocking call the shim did itself (glue.h). */
int mpi4j_completed(int rc, int start, MPI_Request *r) {
    if (rc != MPI_SUCCESS || !start) return rc;
    rc = MPI_Grequest_start(done_query, done_free, done_cancel, NULL, r);
    if (rc == MPI_SUCCESS) rc = MPI_Grequest_complete(*r);
    return rc;
}

#ifdef MPICH_NUMVERSION
/*
 * Alltoall, alltoallv and alltoallw on a communicator of one process: MPICH 4.0.2 sends the block
 * to itself with an internal collective tag, and a receive with MPI_ANY_TAG pending on the same
 * communicator matches that message (seen: status tag 287, the data landing in the user's
 * buffer) so the collective never completes. Every other collective returns early on one
 * process. The shim does the copy itself there; a nonblocking call returns a generalized request
 * that is already complete.
 */
static int self_copy(jlong s, MPI_Aint sOff, int sc, MPI_Datatype st, jlong rb, MPI_Aint rOff, int rc, MPI_Datatype rt) {
    if (s == -1) return MPI_SUCCESS;
    MPI_Aint lb, sext, rext;
    MPI_Type_get_extent(st, &lb, &sext);
    MPI_Type_get_extent(rt, &lb, &rext);
    MPI_Aint sbytes = (MPI_Aint)sc * sext, rbytes = (MPI_Aint)rc * rext;
    if (sbytes > rbytes) return MPI_ERR_TRUNCATE;
    memmove((char *)(intptr_t)rb + rOff, (char *)(intptr_t)s + sOff, (size_t)sbytes);
    return MPI_SUCCESS;
}

#define SELF_ALLTOALL 1
#else
#define SELF_ALLTOALL 0
#endif

static jint done(JNIEnv *env, jlongArray out, int rc, MPI_Request r) {
    jlong v[1] = {H2J(r)};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}

#define COMM J2COMM(comm)
#define REQ MPI_Request r = MPI_REQUEST_NULL; int rc

/* With the gate (below MULTIPLE, glue.h), a blocking barrier is MPI_Ibarrier completed by
 * mpi4j_gate_wait, which hands the gate to the provider's threads: the closing watch then reports a
 * rank that closed while this one waits in the barrier, the commonest collective to wait in (about
 * 2.1 against 1.5 us on 4 ranks in C; the other blocking collectives keep the library's own). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_barrier(JNIEnv *env, jclass c, jlong comm, jboolean start, jlongArray out) {
    GATED;
    if (!start && mpi4j_gated) {
        MPI_Request r = MPI_REQUEST_NULL;
        int rc = MPI_Ibarrier(COMM, &r);
        if (rc == MPI_SUCCESS) rc = mpi4j_gate_wait(&r, MPI_STATUS_IGNORE);
        return done(env, out, rc, MPI_REQUEST_NULL);
    }
    REQ = start ? MPI_Ibarrier(COMM, &r) : MPI_Barrier(COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_bcast(JNIEnv *env, jclass c, jlong comm, jlong buf, jint count, jint type,
                                                    jint root, jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Ibcast(PTR(buf), count, type_of(type), mpi4j_root(root), COMM, &r)
                : MPI_Bcast(PTR(buf), count, type_of(type), mpi4j_root(root), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_gather(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                     jlong rb, jint rcount, jint rt, jint root, jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Igather(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM, &r)
                : MPI_Gather(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_gatherv(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                      jlong rb, jlong counts, jlong displs, jint rt, jint root,
                                                      jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Igatherv(PTR(s), sc, type_of(st), PTR(rb), IPTR(counts), IPTR(displs), type_of(rt), mpi4j_root(root), COMM, &r)
                : MPI_Gatherv(PTR(s), sc, type_of(st), PTR(rb), IPTR(counts), IPTR(displs), type_of(rt), mpi4j_root(root), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_scatter(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                      jlong rb, jint rcount, jint rt, jint root, jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Iscatter(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM, &r)
                : MPI_Scatter(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_scatterv(JNIEnv *env, jclass c, jlong comm, jlong s, jlong counts,
                                                       jlong displs, jint st, jlong rb, jint rcount, jint rt, jint root,
                                                       jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Iscatterv(PTR(s), IPTR(counts), IPTR(displs), type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM, &r)
                : MPI_Scatterv(PTR(s), IPTR(counts), IPTR(displs), type_of(st), PTR(rb), rcount, type_of(rt), mpi4j_root(root), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_allgather(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                        jlong rb, jint rcount, jint rt, jboolean start, jlongArray out) {
    GATED;
    REQ = start ? MPI_Iallgather(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), COMM, &r)
                : MPI_Allgather(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_allgatherv(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                         jlong rb, jlong counts, jlong displs, jint rt, jboolean start,
                                                         jlongArray out) {
    GATED;
    /* On one process MPICH before 4.1 copies the block to the start of the receive buffer,
     * ignoring displs[0] (pmodels/mpich#6374): pass the block's own address and displacement 0,
     * which every library reads the same way. */
    const int *d = IPTR(displs);
    if (s != -1 && single(COMM)) {
        MPI_Aint lb, ext;
        MPI_Type_get_extent(type_of(rt), &lb, &ext);
        rb = H2J((char *)(intptr_t)rb + (MPI_Aint)d[0] * ext);
        d = zero_displs;
    }
    REQ = start ? MPI_Iallgatherv(PTR(s), sc, type_of(st), PTR(rb), IPTR(counts), d, type_of(rt), COMM, &r)
                : MPI_Allgatherv(PTR(s), sc, type_of(st), PTR(rb), IPTR(counts), d, type_of(rt), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_alltoall(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc, jint st,
                                                       jlong rb, jint rcount, jint rt, jboolean start, jlongArray out) {
    GATED;
#if SELF_ALLTOALL
    if (single(COMM)) {
        MPI_Request r = MPI_REQUEST_NULL;
        int rc = mpi4j_completed(self_copy(s, 0, sc, type_of(st), rb, 0, rcount, type_of(rt)), start, &r);
        return done(env, out, rc, r);
    }
#endif
    REQ = start ? MPI_Ialltoall(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), COMM, &r)
                : MPI_Alltoall(PTR(s), sc, type_of(st), PTR(rb), rcount, type_of(rt), COMM);
    return done(env, out, rc, r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_alltoallv(JNIEnv *env, jclass c, jlong comm, jlong s, jlong sc, jlong sd,
                                                        jint st, jlong rb, jlong rcount, jlong rd, jint rt,
                                                        jboolean start, jlongArray out) {
    GATED;
#if SELF_ALLTOALL
    if (single(COMM)) {
        MPI_Request r = MPI_REQUEST_NULL;
        MPI_Aint lb, sext, rext;
        MPI_Type_get_extent(type_of(st), &lb, &sext);
        MPI_Type_get_extent(type_of(rt), &lb, &rext);
        int rc = s == -1 ? MPI_SUCCESS : self_copy(s, IPTR(sd)[0] * sext, IPTR(sc)[0], type_of(st), rb,
                                                   IPTR(rd)[0] * rext, IPTR(rcount)[0], type_of(rt));
        return done(env, out, mpi4j_completed(rc, start, &r), r);
    }
#endif
    REQ = start ? MPI_Ialltoallv(PTR(s), IPTR(sc), IPTR(sd), type_of(st), PTR(rb), IPTR(rcount), IPTR(rd), type_of(rt), COMM, &r)
                : MPI_Alltoallv(PTR(s), IPTR(sc), IPTR(sd), type_of(st), PTR(rb), IPTR(rcount), IPTR(rd), type_of(rt), COMM);
    return done(env, out, rc, r);
}

/* The type arrays of alltoallw are ints holding Java type codes, translated here into MPI handle
 * arrays that must live as long as the request: they are written into the memory at sTypes/rTypes,
 * which the Java side sized for MPI_Datatype handles (8 bytes each). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_alltoallw(JNIEnv *env, jclass c, jlong comm, jint n, jlong s, jlong sc,
                                                        jlong sd, jlong stypes, jlong rb, jlong rcount, jlong rd,
                                                        jlong rtypes, jboolean start, jlongArray out) {
    GATED;
    MPI_Datatype *sT = (MPI_Datatype *)(intptr_t)stypes, *rT = (MPI_Datatype *)(intptr_t)rtypes;
    for (int i = 0; i < n; i++) {
        if (s != -1) sT[i] = type_of((jint)((int64_t *)sT)[i]);
        rT[i] = type_of((jint)((int64_t *)rT)[i]);
    }
#if SELF_ALLTOALL
    if (single(COMM)) {
        MPI_Request r = MPI_REQUEST_NULL;
        int rc = s == -1 ? MPI_SUCCESS : self_copy(s, IPTR(sd)[0], IPTR(sc)[0], sT[0], rb, IPTR(rd)[0], IPTR(rcount)[0], rT[0]);
        return done(env, out, mpi4j_completed(rc, start, &r), r);
    }
#endif
    REQ = start ? MPI_Ialltoallw(PTR(s), IPTR(sc), IPTR(sd), s == -1 ? rT : sT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM, &r)
                : MPI_Alltoallw(PTR(s), IPTR(sc), IPTR(sd), s == -1 ? rT : sT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM);
    return done(env, out, rc, r);
}

/* kind: 0 reduce, 1 allreduce, 2 scan, 3 exscan, 4 reduce_scatter_block. */
/*
 * MPICH 4.0's blocking MPI_Reduce with MPI_IN_PLACE at a root other than rank 0 reads from
 * MPI_IN_PLACE's address ((void *)-1) once the message is over a few kilobytes, where it picks its
 * reduce-scatter-then-gather algorithm for a predefined operation, and the process dies of
 * SIGSEGV (reproduced in C: 2 processes, 10000 MPI_INTs, MPI_SUM, root 1; MPI_Ireduce, the form
 * without MPI_IN_PLACE and Open MPI are right). There the root reduces from a copy of its operands
 * instead (reduce_from_copy), what MPI_IN_PLACE saves; the other ranks cannot tell, and a blocking
 * reduce must stay blocking everywhere (it does not match a nonblocking one).
 */
static int inplace_reduce_broken(const void *sp, int root, MPI_Comm comm) {
#ifdef MPICH_NUMVERSION
    if (sp != MPI_IN_PLACE || root == 0 || root == MPI_ROOT || root == MPI_PROC_NULL) return 0;
    int rank = -1;
    MPI_Comm_rank(comm, &rank);
    return rank == root;
#else
    (void)sp; (void)root; (void)comm;
    return 0;
#endif
}

/* MPI_Reduce at the root, of a copy of the operands in its receive buffer (inplace_reduce_broken). */
static int reduce_from_copy(void *rp, int n, MPI_Datatype t, MPI_Op o, int root, MPI_Comm comm) {
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent(t, &lb, &extent);
    if (rc != MPI_SUCCESS) return rc;
    size_t bytes = (size_t)n * (size_t)extent;
    void *copy = malloc(bytes == 0 ? 1 : bytes);
    if (copy == NULL) return MPI_ERR_NO_MEM;
    memcpy(copy, rp, bytes);
    rc = MPI_Reduce(copy, rp, n, t, o, root, comm);
    free(copy);
    return rc;
}

static jint reduce_call(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s, jlong rb,
                        jint count, jint type, jint op, jint root, jboolean start,
                        jlongArray out) {
    MPI_Datatype t = type_of(type);
    MPI_Op o = op_for(op, t);
    REQ = MPI_SUCCESS;
    switch (kind) {
        case 0: {
            void *sp = PTR(s), *rp = PTR(rb);
            int n = count, mroot = mpi4j_root(root);
            if (mpi4j_inter_idle(COMM, mroot, count)) {
                /* one dummy element (mpi4j_inter_idle): at PROC_NULL, of a type the operation takes */
                sp = (void *)mpi4j_dummy_in;
                rp = mpi4j_dummy_out;
                n = 1;
                if (mroot == MPI_PROC_NULL) t = op == 10 || op == 11 ? MPI_2INT : MPI_INT;
                o = op_for(op, t);
            }
            /* MPICH 4.0 refuses a null send buffer at an intercommunicator's root, where MPI ignores it */
            if (sp == NULL) sp = (void *)mpi4j_dummy_in;
            if (rp == NULL) rp = mpi4j_dummy_out;
            if (!start && inplace_reduce_broken(sp, mroot, COMM)) {
                rc = reduce_from_copy(rp, n, t, o, mroot, COMM);
                break;
            }
            rc = start ? MPI_Ireduce(sp, rp, n, t, o, mroot, COMM, &r) : MPI_Reduce(sp, rp, n, t, o, mroot, COMM);
            break;
        }
        case 1: rc = start ? MPI_Iallreduce(PTR(s), PTR(rb), count, t, o, COMM, &r)
                           : MPI_Allreduce(PTR(s), PTR(rb), count, t, o, COMM); break;
        case 2: rc = start ? MPI_Iscan(PTR(s), PTR(rb), count, t, o, COMM, &r)
                           : MPI_Scan(PTR(s), PTR(rb), count, t, o, COMM); break;
        case 3: rc = start ? MPI_Iexscan(PTR(s), PTR(rb), count, t, o, COMM, &r)
                           : MPI_Exscan(PTR(s), PTR(rb), count, t, o, COMM); break;
        case 4: rc = start ? MPI_Ireduce_scatter_block(PTR(s), PTR(rb), count, t, o, COMM, &r)
                           : MPI_Reduce_scatter_block(PTR(s), PTR(rb), count, t, o, COMM); break;
        default: rc = MPI_ERR_ARG;
    }
    return done(env, out, rc, r);
}

static jint reduce_scatter_call(JNIEnv *env, jclass c, jlong comm, jlong s, jlong rb,
                                jlong counts, jint type, jint op, jboolean start,
                                jlongArray out) {
    REQ = start ? MPI_Ireduce_scatter(PTR(s), PTR(rb), IPTR(counts), type_of(type), op_for(op, type_of(type)), COMM, &r)
                : MPI_Reduce_scatter(PTR(s), PTR(rb), IPTR(counts), type_of(type), op_for(op, type_of(type)), COMM);
    return done(env, out, rc, r);
}

/* MPI_Reduce_local of native memory, in calls of at most INT_MAX elements (io.mpi4j.jni.Jni.reduceLocal). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_reduceLocal(JNIEnv *env, jclass c, jlong in, jlong inout, jlong count,
                                                          jint type, jint op) {
    GATED;
    MPI_Datatype t = type_of(type);
    MPI_Op o = op_for(op, t);
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent(t, &lb, &extent);
    for (jlong done = 0; rc == MPI_SUCCESS && done < count;) {
        int n = count - done > INT_MAX ? INT_MAX : (int)(count - done);
        rc = MPI_Reduce_local((char *)PTR(in) + done * extent, (char *)PTR(inout) + done * extent, n, t, o);
        done += n;
    }
    return rc;
}

/* The JNI entry points of the two above, with the Java arrays of a blocking call pinned (glue.h). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_reduce(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s, jlong rb,
                                                     jint count, jint type, jint op, jint root, jboolean start,
                                                     jobject sArr, jobject rArr, jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, reduce_call(env, c, comm, kind, s, rb, count, type, op, root, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_reduceScatter(JNIEnv *env, jclass c, jlong comm, jlong s, jlong rb,
                                                            jlong counts, jint type, jint op, jboolean start,
                                                            jobject sArr, jobject rArr, jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, reduce_scatter_call(env, c, comm, s, rb, counts, type, op, start, out));
}

/*
 * Open MPI 4.1's MPI_Bcast/MPI_Ibcast and MPI_Reduce/MPI_Ireduce return at once when the count is
 * 0, before the collective component sees the call. On an intercommunicator the PROC_NULL ranks of
 * the root's group have no count to give: where they give 0 while the others move data, their
 * nonblocking collectives' sequence numbers (libnbc's per-communicator tags) fall one behind, and
 * the next nonblocking collective with them mismatches (truncation or a hang; reproduced in C). So
 * on an intercommunicator a rank with nothing to move (PROC_NULL, or a count of 0, which then holds
 * on every rank that moves data) moves one element of a dummy instead: no rank skips the call, and
 * the sequences stay in step. MPICH does not skip, and takes the same calls.
 */
const char mpi4j_dummy_in[32];
char mpi4j_dummy_out[32];

int mpi4j_inter_idle(MPI_Comm comm, int root, int64_t count) {
    if (root != MPI_PROC_NULL && count != 0) return 0;
    int inter = 0;
    MPI_Comm_test_inter(comm, &inter);
    return inter;
}

/* The predefined type of a datatype code, for the other files of the glue (ops.c, pcollectives.c). */
MPI_Datatype mpi4j_type_of(jint code) {
    return type_of(code);
}

/* The MPI operation for an op code on a type, with the MPICH workaround above (pcollectives.c). */
MPI_Op mpi4j_op_for(jint op, MPI_Datatype t) {
    return op_for(op, t);
}

/* Whether comm is an intracommunicator of one process (pcollectives.c). */
int mpi4j_single(MPI_Comm comm) {
    return single(comm);
}
