/*
 * Data-movement collectives with MPI datatypes (io.mpi4j.jni.JniTypedCollectives): bcast,
 * gather(v), scatter(v), allgather(v), alltoall(v/w), blocking or (start != 0) nonblocking, the
 * request going to out[0].
 *
 * Every datatype is a committed handle of the session's TypeHandles: derived types as their
 * constructors describe them, predefined types as a contiguous run of MPI_BYTEs of their size. So
 * every rank's signature is bytes, whether it describes its data with a derived type or a
 * predefined one, and a vector of ints on the root matches plain ints elsewhere. Handle 0 (a buffer
 * not significant at this rank) becomes MPI_BYTE, which every library accepts there.
 *
 * Element counts are 64-bit: one beyond INT32_MAX travels as one element of a "big" type (the
 * BigMPI technique): a struct of whole chunks of 2^30 elements and the rest, resized to the
 * bounds the count elements have, so the block arithmetic of gather and scatter (block i at
 * i * count extents) still holds. Addresses are native; -1 is MPI_IN_PLACE. Counts, displacements
 * and the alltoallw type arrays are native memory the Java side owns until the request completes.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define TY(j) ((j) == 0 ? MPI_BYTE : (MPI_Datatype)(intptr_t)(j))
#define PTR(a) ((a) == -1 ? MPI_IN_PLACE : (void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))
#define COMM J2COMM(comm)

/* count elements of type as MPI's int count can say them; made says whether type must be freed. */
typedef struct {
    int count;
    MPI_Datatype type;
    int made;
} big_t;

static int big(jlong count, MPI_Datatype type, big_t *b) {
    b->made = 0;
    b->type = type;
    if (count < 0) return MPI_ERR_COUNT;
    if (count <= INT32_MAX) {
        b->count = (int)count;
        return MPI_SUCCESS;
    }
    const jlong chunk = (jlong)1 << 30;
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent(type, &lb, &extent);
    MPI_Datatype block = MPI_DATATYPE_NULL, st = MPI_DATATYPE_NULL;
    if (rc == MPI_SUCCESS) rc = MPI_Type_contiguous((int)chunk, type, &block);
    if (rc != MPI_SUCCESS) return rc;
    int lens[2] = {(int)(count / chunk), (int)(count % chunk)};
    MPI_Aint displs[2] = {0, (MPI_Aint)lens[0] * (MPI_Aint)chunk * extent};
    MPI_Datatype types[2] = {block, type};
    rc = MPI_Type_create_struct(lens[1] > 0 ? 2 : 1, lens, displs, types, &st);
    MPI_Type_free(&block);
    if (rc != MPI_SUCCESS) return rc;
    /* the bounds of count consecutive elements, whatever MPI makes of the struct's */
    rc = MPI_Type_create_resized(st, lb, (MPI_Aint)count * extent, &b->type);
    MPI_Type_free(&st);
    if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&b->type);
    if (rc != MPI_SUCCESS) return rc;
    b->count = 1;
    b->made = 1;
    return MPI_SUCCESS;
}

/* Once the operation has started the type can go: MPI keeps it until the operation completes. */
static void big_free(big_t *b) {
    if (b->made) MPI_Type_free(&b->type);
}

static jint done(JNIEnv *env, jlongArray out, int rc, MPI_Request r) {
    jlong v[1] = {H2J(r)};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}


#ifdef MPICH_NUMVERSION
/*
 * MPICH 4.0.2's alltoall family on one process sends the block to itself with an internal tag
 * that a pending MPI_ANY_TAG receive on the same communicator can match (collectives.c says
 * more). The block goes by MPI_Sendrecv on MPI_COMM_SELF instead, which applies both datatypes;
 * a nonblocking call gets a generalized request that is already complete.
 */
static int self_copy(const void *s, int sc, MPI_Datatype st, void *rb, int rc, MPI_Datatype rt) {
    return MPI_Sendrecv(s, sc, st, 0, 0, rb, rc, rt, 0, 0, MPI_COMM_SELF, MPI_STATUS_IGNORE);
}

#define SELF_ALLTOALL 1
#else
#define SELF_ALLTOALL 0
#endif

static jint typed_bcast(JNIEnv *env, jclass c, jlong comm, jlong buf, jlong count,
                        jlong type, jint root, jboolean start, jlongArray out) {
    big_t n;
    MPI_Request r = MPI_REQUEST_NULL;
    int mroot = mpi4j_root(root);
    if (mpi4j_inter_idle(COMM, mroot, count)) {
        /* one dummy byte (glue.h, mpi4j_inter_idle) */
        void *p = mroot == MPI_ROOT ? (void *)mpi4j_dummy_in : mpi4j_dummy_out;
        int rc = start ? MPI_Ibcast(p, 1, MPI_BYTE, mroot, COMM, &r) : MPI_Bcast(p, 1, MPI_BYTE, mroot, COMM);
        return done(env, out, rc, r);
    }
    int rc = big(count, TY(type), &n);
    if (rc != MPI_SUCCESS) return rc;
    rc = start ? MPI_Ibcast(PTR(buf), n.count, n.type, mroot, COMM, &r) : MPI_Bcast(PTR(buf), n.count, n.type, mroot, COMM);
    big_free(&n);
    return done(env, out, rc, r);
}

/* kind: 0 gather, 1 scatter, 2 allgather, 3 alltoall; root is ignored by the last two. */
static jint typed_blocks(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s,
                         jlong sc, jlong st, jlong rb, jlong rcount, jlong rt,
                         jint root, jboolean start, jlongArray out) {
    big_t a, b;
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = big(sc, TY(st), &a);
    if (rc != MPI_SUCCESS) return rc;
    rc = big(rcount, TY(rt), &b);
    if (rc != MPI_SUCCESS) {
        big_free(&a);
        return rc;
    }
    void *sp = PTR(s), *rp = PTR(rb);
    switch (kind) {
        case 0: rc = start ? MPI_Igather(sp, a.count, a.type, rp, b.count, b.type, mpi4j_root(root), COMM, &r)
                           : MPI_Gather(sp, a.count, a.type, rp, b.count, b.type, mpi4j_root(root), COMM); break;
        case 1: rc = start ? MPI_Iscatter(sp, a.count, a.type, rp, b.count, b.type, mpi4j_root(root), COMM, &r)
                           : MPI_Scatter(sp, a.count, a.type, rp, b.count, b.type, mpi4j_root(root), COMM); break;
        case 2: rc = start ? MPI_Iallgather(sp, a.count, a.type, rp, b.count, b.type, COMM, &r)
                           : MPI_Allgather(sp, a.count, a.type, rp, b.count, b.type, COMM); break;
        case 3:
#if SELF_ALLTOALL
            if (mpi4j_single(COMM)) {
                rc = mpi4j_completed(s == -1 ? MPI_SUCCESS : self_copy(sp, a.count, a.type, rp, b.count, b.type), start, &r);
                break;
            }
#endif
            rc = start ? MPI_Ialltoall(sp, a.count, a.type, rp, b.count, b.type, COMM, &r)
                       : MPI_Alltoall(sp, a.count, a.type, rp, b.count, b.type, COMM);
            break;
        default: rc = MPI_ERR_ARG;
    }
    big_free(&a);
    big_free(&b);
    return done(env, out, rc, r);
}

/* kind: 0 gatherv (counts/displs on the receive side), 1 scatterv (on the send side). */
static jint typed_rootedv(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s,
                          jlong sc, jlong counts, jlong displs, jlong st,
                          jlong rb, jlong rcount, jlong rt, jint root,
                          jboolean start, jlongArray out) {
    MPI_Request r = MPI_REQUEST_NULL;
    big_t one;
    int rc;
    if (kind == 0) {
        rc = big(sc, TY(st), &one);
        if (rc != MPI_SUCCESS) return rc;
        rc = start ? MPI_Igatherv(PTR(s), one.count, one.type, PTR(rb), IPTR(counts), IPTR(displs), TY(rt), mpi4j_root(root), COMM, &r)
                   : MPI_Gatherv(PTR(s), one.count, one.type, PTR(rb), IPTR(counts), IPTR(displs), TY(rt), mpi4j_root(root), COMM);
    } else {
        rc = big(rcount, TY(rt), &one);
        if (rc != MPI_SUCCESS) return rc;
        rc = start ? MPI_Iscatterv(PTR(s), IPTR(counts), IPTR(displs), TY(st), PTR(rb), one.count, one.type, mpi4j_root(root), COMM, &r)
                   : MPI_Scatterv(PTR(s), IPTR(counts), IPTR(displs), TY(st), PTR(rb), one.count, one.type, mpi4j_root(root), COMM);
    }
    big_free(&one);
    return done(env, out, rc, r);
}

static const int zero_displs[1] = {0};

static jint typed_allgatherv(JNIEnv *env, jclass c, jlong comm, jlong s, jlong sc,
                             jlong st, jlong rb, jlong counts, jlong displs,
                             jlong rt, jboolean start, jlongArray out) {
    MPI_Request r = MPI_REQUEST_NULL;
    big_t a;
    int rc = big(sc, TY(st), &a);
    if (rc != MPI_SUCCESS) return rc;
    /* MPICH before 4.1 ignores displs[0] on one process (pmodels/mpich#6374): pass the block's
     * own address and displacement 0, which every library reads the same way. */
    const int *d = IPTR(displs);
    if (s != -1 && mpi4j_single(COMM)) {
        MPI_Aint lb, ext;
        MPI_Type_get_extent(TY(rt), &lb, &ext);
        rb = H2J((char *)(intptr_t)rb + (MPI_Aint)d[0] * ext);
        d = zero_displs;
    }
    rc = start ? MPI_Iallgatherv(PTR(s), a.count, a.type, PTR(rb), IPTR(counts), d, TY(rt), COMM, &r)
               : MPI_Allgatherv(PTR(s), a.count, a.type, PTR(rb), IPTR(counts), d, TY(rt), COMM);
    big_free(&a);
    return done(env, out, rc, r);
}

static jint typed_alltoallv(JNIEnv *env, jclass c, jlong comm, jlong s, jlong sc,
                            jlong sd, jlong st, jlong rb, jlong rcount, jlong rd,
                            jlong rt, jboolean start, jlongArray out) {
    MPI_Request r = MPI_REQUEST_NULL;
    int rc;
#if SELF_ALLTOALL
    if (mpi4j_single(COMM)) {
        MPI_Aint lb, sext, rext;
        MPI_Type_get_extent(TY(st), &lb, &sext);
        MPI_Type_get_extent(TY(rt), &lb, &rext);
        rc = s == -1 ? MPI_SUCCESS
                     : self_copy((char *)(intptr_t)s + IPTR(sd)[0] * sext, IPTR(sc)[0], TY(st),
                                 (char *)(intptr_t)rb + IPTR(rd)[0] * rext, IPTR(rcount)[0], TY(rt));
        return done(env, out, mpi4j_completed(rc, start, &r), r);
    }
#endif
    rc = start ? MPI_Ialltoallv(PTR(s), IPTR(sc), IPTR(sd), TY(st), PTR(rb), IPTR(rcount), IPTR(rd), TY(rt), COMM, &r)
               : MPI_Alltoallv(PTR(s), IPTR(sc), IPTR(sd), TY(st), PTR(rb), IPTR(rcount), IPTR(rd), TY(rt), COMM);
    return done(env, out, rc, r);
}

/*
 * The handle arrays (stypes, rtypes) hold n 64-bit handles, converted here in place into
 * MPI_Datatype arrays (at most as wide) that live as long as the request. Byte displacements are
 * 64-bit (sd, rd: n longs); the int displacement arrays MPI wants are written over their first
 * halves. A block whose displacement does not fit an int travels as one element of a struct type
 * that holds its count elements at that displacement, with displacement 0.
 */
static int w_side(int n, jlong *d64, int *counts, MPI_Datatype *types, MPI_Datatype *made) {
    int rc = MPI_SUCCESS;
    int64_t *h = (int64_t *)types;
    for (int i = 0; i < n; i++) {
        made[i] = MPI_DATATYPE_NULL;
        types[i] = TY(h[i]);
    }
    int *d = (int *)d64;
    for (int i = 0; i < n && rc == MPI_SUCCESS; i++) {
        jlong v = d64[i];
        if (v > INT32_MAX) {
            MPI_Aint disp = (MPI_Aint)v;
            rc = MPI_Type_create_struct(1, &counts[i], &disp, &types[i], &made[i]);
            if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&made[i]);
            if (rc == MPI_SUCCESS) {
                types[i] = made[i];
                counts[i] = 1;
            }
            v = 0;
        }
        d[i] = (int)v;
    }
    return rc;
}

static jint typed_alltoallw(JNIEnv *env, jclass c, jlong comm, jint n, jlong s,
                            jlong sc, jlong sd, jlong stypes, jlong rb,
                            jlong rcount, jlong rd, jlong rtypes, jboolean start,
                            jlongArray out) {
    MPI_Request r = MPI_REQUEST_NULL;
    MPI_Datatype *sT = (MPI_Datatype *)(intptr_t)stypes, *rT = (MPI_Datatype *)(intptr_t)rtypes;
    MPI_Datatype *made = malloc(sizeof(MPI_Datatype) * 2 * (size_t)(n > 0 ? n : 1));
    if (made == NULL) return MPI_ERR_NO_MEM;
    for (int i = 0; i < 2 * n; i++) made[i] = MPI_DATATYPE_NULL;
    int rc = w_side(n, (jlong *)(intptr_t)rd, IPTR(rcount), rT, made + n);
    if (rc == MPI_SUCCESS && s != -1) rc = w_side(n, (jlong *)(intptr_t)sd, IPTR(sc), sT, made);
    if (rc == MPI_SUCCESS) {
#if SELF_ALLTOALL
        if (mpi4j_single(COMM)) {
            rc = s == -1 ? MPI_SUCCESS
                         : self_copy((char *)(intptr_t)s + IPTR(sd)[0], IPTR(sc)[0], sT[0],
                                     (char *)(intptr_t)rb + IPTR(rd)[0], IPTR(rcount)[0], rT[0]);
            rc = mpi4j_completed(rc, start, &r);
        } else
#endif
        if (s == -1) {
            rc = start ? MPI_Ialltoallw(MPI_IN_PLACE, IPTR(rcount), IPTR(rd), rT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM, &r)
                       : MPI_Alltoallw(MPI_IN_PLACE, IPTR(rcount), IPTR(rd), rT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM);
        } else {
            rc = start ? MPI_Ialltoallw(PTR(s), IPTR(sc), IPTR(sd), sT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM, &r)
                       : MPI_Alltoallw(PTR(s), IPTR(sc), IPTR(sd), sT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM);
        }
    }
    for (int i = 0; i < 2 * n; i++) {
        if (made[i] != MPI_DATATYPE_NULL) MPI_Type_free(&made[i]);
    }
    free(made);
    return done(env, out, rc, r);
}

/* The JNI entry points: the functions above, with the Java arrays of a blocking call pinned (glue.h). */

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_bcast(JNIEnv *env, jclass c, jlong comm, jlong buf,
                                                                   jlong count, jlong type, jint root,
                                                                   jboolean start, jobject sArr, jobject rArr,
                                                                   jlongArray out) {
    GATED;
    jlong none = 0;
    MPI4J_PINNED(none, buf, typed_bcast(env, c, comm, buf, count, type, root, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_blocks(JNIEnv *env, jclass c, jlong comm, jint kind,
                                                                    jlong s, jlong sc, jlong st, jlong rb,
                                                                    jlong rcount, jlong rt, jint root,
                                                                    jboolean start, jobject sArr, jobject rArr,
                                                                    jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, typed_blocks(env, c, comm, kind, s, sc, st, rb, rcount, rt, root, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_rootedv(JNIEnv *env, jclass c, jlong comm, jint kind,
                                                                     jlong s, jlong sc, jlong counts, jlong displs,
                                                                     jlong st, jlong rb, jlong rcount, jlong rt,
                                                                     jint root, jboolean start, jobject sArr,
                                                                     jobject rArr, jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, typed_rootedv(env, c, comm, kind, s, sc, counts, displs, st, rb, rcount, rt, root, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_allgatherv(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                        jlong sc, jlong st, jlong rb, jlong counts,
                                                                        jlong displs, jlong rt, jboolean start,
                                                                        jobject sArr, jobject rArr, jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, typed_allgatherv(env, c, comm, s, sc, st, rb, counts, displs, rt, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_alltoallv(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                       jlong sc, jlong sd, jlong st, jlong rb,
                                                                       jlong rcount, jlong rd, jlong rt,
                                                                       jboolean start, jobject sArr, jobject rArr,
                                                                       jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, typed_alltoallv(env, c, comm, s, sc, sd, st, rb, rcount, rd, rt, start, out));
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypedCollectives_alltoallw(JNIEnv *env, jclass c, jlong comm, jint n,
                                                                       jlong s, jlong sc, jlong sd, jlong stypes,
                                                                       jlong rb, jlong rcount, jlong rd,
                                                                       jlong rtypes, jboolean start, jobject sArr,
                                                                       jobject rArr, jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, typed_alltoallw(env, c, comm, n, s, sc, sd, stypes, rb, rcount, rd, rtypes, start, out));
}
