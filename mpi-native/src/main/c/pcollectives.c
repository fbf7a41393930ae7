/*
 * Persistent collectives of the mpi4j native provider (io.mpi4j.jni.JniPersistentCollectives):
 * MPI_Bcast_init and the other MPI-4 *_init collectives (MPI-4.1 §6.13), started with MPI_Start,
 * completed with MPI_Test/MPI_Wait and freed with MPI_Request_free like the persistent
 * point-to-point requests of persistent.c, whose start, test and free the Java side reuses.
 *
 * Where they come from depends on the library: MPICH 4 (MPI_VERSION 4) has the MPI-4 names; Open
 * MPI 4.1 implements MPI 3.1 and has them only as the MPIX_*_init extension of <mpi-ext.h>
 * (mpiext/pcollreq), with the same arguments. Where neither exists this file defines only
 * available(), which says so, and the API keeps emulating persistent collectives with the
 * nonblocking ones.
 *
 * Arguments are those of collectives.c (native addresses, -1 for MPI_IN_PLACE, Java datatype and
 * op codes); MPI keeps every pointer (buffers, counts, displacements, type arrays) until
 * MPI_Request_free, so the Java side owns that memory for the life of the request. out = {request,
 * mapped}: mapped is 0 when this file declines a call the library is known to get wrong, and the
 * Java side then keeps the API's emulation for it. The Java side also keeps the emulation for
 * every call on MPICH 4.0, whose MPI_*_init collectives are wrong (NativePersistentCollectives.usable).
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#if defined(OPEN_MPI) && OPEN_MPI
#include <mpi-ext.h>
#endif

#if MPI_VERSION >= 4
#define PCOLL 1
#define PINIT(name) MPI_##name##_init
#elif defined(OMPI_HAVE_MPI_EXT_PCOLLREQ) && OMPI_HAVE_MPI_EXT_PCOLLREQ
#define PCOLL 1
#define PINIT(name) MPIX_##name##_init
#else
#define PCOLL 0
#endif

JNIEXPORT jboolean JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_available(JNIEnv *env, jclass c) {
    GATED;
    return PCOLL ? JNI_TRUE : JNI_FALSE;
}

#if PCOLL


#define H2J(h) ((jlong)(intptr_t)(h))
#define COMM ((MPI_Comm)(intptr_t)(comm))
#define PTR(a) ((a) == -1 ? MPI_IN_PLACE : (void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))
#define T(code) mpi4j_type_of(code)
#define INIT MPI_Request r = MPI_REQUEST_NULL; int rc

static jint done(JNIEnv *env, jlongArray out, int rc, MPI_Request r, int mapped) {
    jlong v[2] = {rc == MPI_SUCCESS ? H2J(r) : 0, mapped};
    (*env)->SetLongArrayRegion(env, out, 0, 2, v);
    return rc;
}

#ifdef MPICH_NUMVERSION
/* MPICH 4.0.2's alltoall family on one process matches its internal self-message against a
 * pending MPI_ANY_TAG receive (see collectives.c): declined, the API's emulation runs instead
 * (through collectives.c's workaround). */
#define DECLINE_SINGLE_ALLTOALL() if (mpi4j_single(COMM)) return done(env, out, MPI_SUCCESS, MPI_REQUEST_NULL, 0)
#else
#define DECLINE_SINGLE_ALLTOALL()
#endif

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_barrier(JNIEnv *env, jclass c, jlong comm, jlongArray out) {
    GATED;
    INIT = PINIT(Barrier)(COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_bcast(JNIEnv *env, jclass c, jlong comm, jlong buf,
                                                                        jint count, jint type, jint root, jlongArray out) {
    GATED;
    INIT = PINIT(Bcast)(PTR(buf), count, T(type), root, COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_gather(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc,
                                                                         jint st, jlong rb, jint rcount, jint rt, jint root,
                                                                         jlongArray out) {
    GATED;
    INIT = PINIT(Gather)(PTR(s), sc, T(st), PTR(rb), rcount, T(rt), root, COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_gatherv(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc,
                                                                          jint st, jlong rb, jlong counts, jlong displs,
                                                                          jint rt, jint root, jlongArray out) {
    GATED;
    INIT = PINIT(Gatherv)(PTR(s), sc, T(st), PTR(rb), IPTR(counts), IPTR(displs), T(rt), root, COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_scatter(JNIEnv *env, jclass c, jlong comm, jlong s, jint sc,
                                                                          jint st, jlong rb, jint rcount, jint rt, jint root,
                                                                          jlongArray out) {
    GATED;
    INIT = PINIT(Scatter)(PTR(s), sc, T(st), PTR(rb), rcount, T(rt), root, COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_scatterv(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                           jlong counts, jlong displs, jint st, jlong rb,
                                                                           jint rcount, jint rt, jint root, jlongArray out) {
    GATED;
    INIT = PINIT(Scatterv)(PTR(s), IPTR(counts), IPTR(displs), T(st), PTR(rb), rcount, T(rt), root, COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_allgather(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                            jint sc, jint st, jlong rb, jint rcount, jint rt,
                                                                            jlongArray out) {
    GATED;
    INIT = PINIT(Allgather)(PTR(s), sc, T(st), PTR(rb), rcount, T(rt), COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_allgatherv(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                             jint sc, jint st, jlong rb, jlong counts,
                                                                             jlong displs, jint rt, jlongArray out) {
    GATED;
    /* On one process MPICH before 4.1 ignores displs[0] (see collectives.c): the block's own address
     * and displacement 0 instead, fixed for the life of the request (the displacement is too). */
    static const int zero[1] = {0};
    const int *d = IPTR(displs);
    if (s != -1 && mpi4j_single(COMM)) {
        MPI_Aint lb, ext;
        MPI_Type_get_extent(T(rt), &lb, &ext);
        rb = H2J((char *)(intptr_t)rb + (MPI_Aint)d[0] * ext);
        d = zero;
    }
    INIT = PINIT(Allgatherv)(PTR(s), sc, T(st), PTR(rb), IPTR(counts), d, T(rt), COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_alltoall(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                           jint sc, jint st, jlong rb, jint rcount, jint rt,
                                                                           jlongArray out) {
    GATED;
    DECLINE_SINGLE_ALLTOALL();
    INIT = PINIT(Alltoall)(PTR(s), sc, T(st), PTR(rb), rcount, T(rt), COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_alltoallv(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                            jlong sc, jlong sd, jint st, jlong rb,
                                                                            jlong rcount, jlong rd, jint rt, jlongArray out) {
    GATED;
    DECLINE_SINGLE_ALLTOALL();
    INIT = PINIT(Alltoallv)(PTR(s), IPTR(sc), IPTR(sd), T(st), PTR(rb), IPTR(rcount), IPTR(rd), T(rt), COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

/* As collectives.c: the type arrays arrive as 8-byte Java type codes and are translated in place
 * into MPI handles, in memory that lives as long as the request. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_alltoallw(JNIEnv *env, jclass c, jlong comm, jint n,
                                                                            jlong s, jlong sc, jlong sd, jlong stypes,
                                                                            jlong rb, jlong rcount, jlong rd, jlong rtypes,
                                                                            jlongArray out) {
    GATED;
    DECLINE_SINGLE_ALLTOALL();
    MPI_Datatype *sT = (MPI_Datatype *)(intptr_t)stypes, *rT = (MPI_Datatype *)(intptr_t)rtypes;
    for (int i = 0; i < n; i++) {
        if (s != -1) sT[i] = T((jint)((int64_t *)sT)[i]);
        rT[i] = T((jint)((int64_t *)rT)[i]);
    }
    INIT = PINIT(Alltoallw)(PTR(s), IPTR(sc), IPTR(sd), s == -1 ? rT : sT, PTR(rb), IPTR(rcount), IPTR(rd), rT, COMM,
                            MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

/* kind: 0 reduce, 1 allreduce, 2 scan, 3 exscan, 4 reduce_scatter_block (as collectives.c). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_reduce(JNIEnv *env, jclass c, jlong comm, jint kind,
                                                                         jlong s, jlong rb, jint count, jint type, jint op,
                                                                         jint root, jlongArray out) {
    GATED;
    MPI_Datatype t = T(type);
    MPI_Op o = mpi4j_op_for(op, t);
    INIT;
    switch (kind) {
        case 0: rc = PINIT(Reduce)(PTR(s), PTR(rb), count, t, o, root, COMM, MPI_INFO_NULL, &r); break;
        case 1: rc = PINIT(Allreduce)(PTR(s), PTR(rb), count, t, o, COMM, MPI_INFO_NULL, &r); break;
        case 2: rc = PINIT(Scan)(PTR(s), PTR(rb), count, t, o, COMM, MPI_INFO_NULL, &r); break;
        case 3: rc = PINIT(Exscan)(PTR(s), PTR(rb), count, t, o, COMM, MPI_INFO_NULL, &r); break;
        case 4: rc = PINIT(Reduce_scatter_block)(PTR(s), PTR(rb), count, t, o, COMM, MPI_INFO_NULL, &r); break;
        default: rc = MPI_ERR_ARG;
    }
    return done(env, out, rc, r, 1);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistentCollectives_reduceScatter(JNIEnv *env, jclass c, jlong comm, jlong s,
                                                                                jlong rb, jlong counts, jint type, jint op,
                                                                                jlongArray out) {
    GATED;
    MPI_Datatype t = T(type);
    INIT = PINIT(Reduce_scatter)(PTR(s), PTR(rb), IPTR(counts), t, mpi4j_op_for(op, t), COMM, MPI_INFO_NULL, &r);
    return done(env, out, rc, r, 1);
}

#endif /* PCOLL */
