/*
 * Topology constructors of the mpi4j native provider (io.mpi4j.jni.JniTopology): MPI_Cart_create,
 * MPI_Graph_create and MPI_Dist_graph_create_adjacent, so that the library may reorder ranks when the program allows it
 * (reorder). The topology queries stay with the Java side, computed from the same arguments and
 * the rank the library chose; only the communicator comes from here.
 *
 * out = {communicator or 0, member}, as mpi4jni.c's constructors: member is 0 on the ranks the
 * library leaves out (MPI_COMM_NULL).
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <stdlib.h>

/* Open MPI's MPI_UNWEIGHTED is the pointer (int *)2, which GCC takes for an empty array that MPI
 * would read or write: the warnings about it are wrong here. */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wstringop-overflow"

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))

/* Whether a rank other than MPI_PROC_NULL appears twice in a[0..n). */
static int repeats(const int *a, int n) {
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if (a[i] == a[j] && a[i] != MPI_PROC_NULL) return 1;
        }
    }
    return 0;
}

/*
 * This process's in- and out-degree in n's topology, and whether any of its neighbour lists names a
 * process twice (a periodic dimension of size 1 or 2, a repeated edge). Open MPI 4.1's neighbourhood
 * collectives pair the messages of such repeated neighbours wrongly (MPI_Ineighbor_alltoall on a
 * periodic ring of 2, MPI_Neighbor_alltoallv with blocks of different sizes to the same process):
 * the Java side keeps the API's algorithm there.
 */
static int neighbourhood(MPI_Comm n, int *in, int *outdeg, int *repeated) {
    int status = MPI_UNDEFINED;
    int rc = MPI_Topo_test(n, &status);
    *in = *outdeg = 0;
    *repeated = 0;
    if (rc != MPI_SUCCESS) return rc;
    if (status == MPI_CART) {
        int ndims = 0;
        rc = MPI_Cartdim_get(n, &ndims);
        int list[2 * (ndims > 0 ? ndims : 1)];
        for (int d = 0; rc == MPI_SUCCESS && d < ndims; d++) {
            rc = MPI_Cart_shift(n, d, 1, &list[2 * d], &list[2 * d + 1]);
        }
        *in = *outdeg = 2 * ndims;
        *repeated = repeats(list, 2 * ndims);
    } else if (status == MPI_GRAPH) {
        int rank = 0, count = 0;
        rc = MPI_Comm_rank(n, &rank);
        if (rc == MPI_SUCCESS) rc = MPI_Graph_neighbors_count(n, rank, &count);
        int *list = malloc(sizeof(int) * (count > 0 ? count : 1));
        if (list == NULL) return MPI_ERR_NO_MEM;
        if (rc == MPI_SUCCESS) rc = MPI_Graph_neighbors(n, rank, count, list);
        *in = *outdeg = count;
        *repeated = rc == MPI_SUCCESS && repeats(list, count);
        free(list);
    } else if (status == MPI_DIST_GRAPH) {
        int weighted = 0;
        rc = MPI_Dist_graph_neighbors_count(n, in, outdeg, &weighted);
        int *src = malloc(sizeof(int) * (*in > 0 ? *in : 1));
        int *dst = malloc(sizeof(int) * (*outdeg > 0 ? *outdeg : 1));
        if (src == NULL || dst == NULL) {
            free(src);
            free(dst);
            return MPI_ERR_NO_MEM;
        }
        if (rc == MPI_SUCCESS) rc = MPI_Dist_graph_neighbors(n, *in, src, MPI_UNWEIGHTED, *outdeg, dst, MPI_UNWEIGHTED);
        *repeated = rc == MPI_SUCCESS && (repeats(src, *in) || repeats(dst, *outdeg));
        free(src);
        free(dst);
    }
    return rc;
}

/*
 * out = {communicator or 0, member, 1 if the library may run its neighbourhood collectives (no
 * process of the communicator has a repeated neighbour: agreed with an allreduce, so that every
 * rank decides alike), in-degree, out-degree}.
 */
static jint new_comm(JNIEnv *env, jlongArray out, int rc, MPI_Comm n) {
    int member = rc == MPI_SUCCESS && n != MPI_COMM_NULL;
    int in = 0, outdeg = 0, repeated = 0, anyRepeated = 1;
    if (member) {
        /* as every communicator of the glue: errors come back as codes, never abort */
        MPI_Comm_set_errhandler(n, MPI_ERRORS_RETURN);
        rc = neighbourhood(n, &in, &outdeg, &repeated);
        if (rc == MPI_SUCCESS) rc = MPI_Allreduce(&repeated, &anyRepeated, 1, MPI_INT, MPI_LOR, n);
        if (rc != MPI_SUCCESS) {
            MPI_Comm_free(&n);
            member = 0;
        }
    }
    jlong v[5] = {member ? H2J(n) : 0, member, member && !anyRepeated, in, outdeg};
    (*env)->SetLongArrayRegion(env, out, 0, 5, v);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTopology_cartCreate(JNIEnv *env, jclass c, jlong comm, jintArray dims,
                                                                jintArray periods, jboolean reorder, jlongArray out) {
    GATED;
    jsize nd = (*env)->GetArrayLength(env, dims);
    jint *d = (*env)->GetIntArrayElements(env, dims, NULL);
    jint *p = (*env)->GetIntArrayElements(env, periods, NULL);
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Cart_create(J2COMM(comm), nd, (int *)d, (int *)p, reorder ? 1 : 0, &n);
    (*env)->ReleaseIntArrayElements(env, periods, p, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, dims, d, JNI_ABORT);
    return new_comm(env, out, rc, n);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTopology_graphCreate(JNIEnv *env, jclass c, jlong comm, jintArray index,
                                                                 jintArray edges, jboolean reorder, jlongArray out) {
    GATED;
    jsize nnodes = (*env)->GetArrayLength(env, index);
    jint *ix = (*env)->GetIntArrayElements(env, index, NULL);
    jint *e = (*env)->GetIntArrayElements(env, edges, NULL);
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Graph_create(J2COMM(comm), nnodes, (int *)ix, (int *)e, reorder ? 1 : 0, &n);
    (*env)->ReleaseIntArrayElements(env, edges, e, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, index, ix, JNI_ABORT);
    return new_comm(env, out, rc, n);
}

/*
 * The graph goes to MPI unweighted: weights are only a hint to the library's placement, MPI calls
 * it erroneous for some processes to give weights and others not (MPI-4.1 §8.5.4), and the API
 * keeps and reports the program's weights itself.
 */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTopology_distGraphCreate(JNIEnv *env, jclass c, jlong comm, jintArray sources,
                                                                     jintArray destinations, jboolean reorder,
                                                                     jlongArray out) {
    GATED;
    jsize indegree = (*env)->GetArrayLength(env, sources);
    jsize outdegree = (*env)->GetArrayLength(env, destinations);
    jint *src = (*env)->GetIntArrayElements(env, sources, NULL);
    jint *dst = (*env)->GetIntArrayElements(env, destinations, NULL);
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Dist_graph_create_adjacent(J2COMM(comm), indegree, (int *)src, MPI_UNWEIGHTED, outdegree, (int *)dst,
                                            MPI_UNWEIGHTED, MPI_INFO_NULL, reorder ? 1 : 0, &n);
    (*env)->ReleaseIntArrayElements(env, destinations, dst, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, sources, src, JNI_ABORT);
    return new_comm(env, out, rc, n);
}
