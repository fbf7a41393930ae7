/*
 * Neighbourhood collectives of the mpi4j native provider (io.mpi4j.jni.NativeNeighborCollectives):
 * MPI_Neighbor_allgather(v) and MPI_Neighbor_alltoall(v/w), blocking or (start != 0) nonblocking
 * with the request in out[0], on a communicator the library built with a topology. Conventions of
 * collectives.c: buffers are native addresses, counts and displacements native int arrays (the w
 * form's byte displacements MPI_Aint, as MPI_Neighbor_alltoallw takes them) owned by the Java side
 * until the request completes, datatypes the Java side's codes.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>


#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define PTR(a) ((void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))
#define APTR(a) ((MPI_Aint *)(intptr_t)(a))

/* The type arrays of the w form: 64-bit codes at types, translated in place into MPI handles
 * (8 bytes each, as the Java side sized them), which live as long as the request. */
static MPI_Datatype *types_of(jlong types, int n) {
    MPI_Datatype *t = (MPI_Datatype *)(intptr_t)types;
    for (int i = 0; i < n; i++) t[i] = mpi4j_type_of((jint)((int64_t *)(intptr_t)types)[i]);
    return t;
}

/*
 * kind: 0 allgather (sc, st; rc, rt), 1 allgatherv (sc, st; rcounts, rdispls, rt), 2 alltoall
 * (equal blocks given as scounts, sdispls, st; rcounts, rdispls, rt), 3 alltoallv (scounts, sdispls, st; rcounts, rdispls, rt), 4 alltoallw
 * (scounts, sdispls as MPI_Aint, stypes; the same for receiving; outdeg and indeg size the type
 * arrays).
 */
static jint neighbor_call(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s, jint sc, jlong scounts,
                          jlong sdispls, jint st, jlong stypes, jint outdeg, jlong rb, jint rcount, jlong rcounts,
                          jlong rdispls, jint rt, jlong rtypes, jint indeg, jboolean start, jlongArray out) {
    MPI_Comm cm = J2COMM(comm);
    MPI_Request r = MPI_REQUEST_NULL;
    int rc;
    switch (kind) {
        case 0:
            rc = start ? MPI_Ineighbor_allgather(PTR(s), sc, mpi4j_type_of(st), PTR(rb), rcount, mpi4j_type_of(rt), cm, &r)
                       : MPI_Neighbor_allgather(PTR(s), sc, mpi4j_type_of(st), PTR(rb), rcount, mpi4j_type_of(rt), cm);
            break;
        case 1:
            rc = start ? MPI_Ineighbor_allgatherv(PTR(s), sc, mpi4j_type_of(st), PTR(rb), IPTR(rcounts), IPTR(rdispls),
                                                  mpi4j_type_of(rt), cm, &r)
                       : MPI_Neighbor_allgatherv(PTR(s), sc, mpi4j_type_of(st), PTR(rb), IPTR(rcounts), IPTR(rdispls),
                                                 mpi4j_type_of(rt), cm);
            break;
        case 2:
            /* MPI_Neighbor_alltoall as MPI_Neighbor_alltoallv with equal blocks (uniform counts and
             * displacements in scounts..rdispls, filled by the Java side): Open MPI 4.1's
             * MPI_Neighbor_alltoall refuses a send block size different from the receive block size
             * (MPI_ERR_TRUNCATE), which MPI-4.1 §8.6.3 allows (a rank without out-neighbours still
             * receives). */
            rc = start ? MPI_Ineighbor_alltoallv(PTR(s), IPTR(scounts), IPTR(sdispls), mpi4j_type_of(st), PTR(rb),
                                                 IPTR(rcounts), IPTR(rdispls), mpi4j_type_of(rt), cm, &r)
                       : MPI_Neighbor_alltoallv(PTR(s), IPTR(scounts), IPTR(sdispls), mpi4j_type_of(st), PTR(rb),
                                                IPTR(rcounts), IPTR(rdispls), mpi4j_type_of(rt), cm);
            break;
        case 3:
            rc = start ? MPI_Ineighbor_alltoallv(PTR(s), IPTR(scounts), IPTR(sdispls), mpi4j_type_of(st), PTR(rb),
                                                 IPTR(rcounts), IPTR(rdispls), mpi4j_type_of(rt), cm, &r)
                       : MPI_Neighbor_alltoallv(PTR(s), IPTR(scounts), IPTR(sdispls), mpi4j_type_of(st), PTR(rb),
                                                IPTR(rcounts), IPTR(rdispls), mpi4j_type_of(rt), cm);
            break;
        case 4: {
            MPI_Datatype *sT = types_of(stypes, outdeg);
            MPI_Datatype *rT = types_of(rtypes, indeg);
            rc = start ? MPI_Ineighbor_alltoallw(PTR(s), IPTR(scounts), APTR(sdispls), sT, PTR(rb), IPTR(rcounts),
                                                 APTR(rdispls), rT, cm, &r)
                       : MPI_Neighbor_alltoallw(PTR(s), IPTR(scounts), APTR(sdispls), sT, PTR(rb), IPTR(rcounts),
                                                APTR(rdispls), rT, cm);
            break;
        }
        default:
            rc = MPI_ERR_ARG;
    }
    jlong v[1] = {(jlong)(intptr_t)r};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}

/* The JNI entry point: neighbor_call with the Java arrays of a blocking call pinned (glue.h). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniNeighbors_neighbor(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s,
                                                               jint sc, jlong scounts, jlong sdispls, jint st,
                                                               jlong stypes, jint outdeg, jlong rb, jint rcount,
                                                               jlong rcounts, jlong rdispls, jint rt, jlong rtypes,
                                                               jint indeg, jboolean start, jobject sArr, jobject rArr,
                                                               jlongArray out) {
    GATED;
    MPI4J_PINNED(s, rb, neighbor_call(env, c, comm, kind, s, sc, scounts, sdispls, st, stypes, outdeg, rb, rcount, rcounts,
                                      rdispls, rt, rtypes, indeg, start, out));
}
