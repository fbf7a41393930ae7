/*
 * Topology constructors of the mpi4j native provider (io.mpi4j.jni.JniTopology): MPI_Cart_create
 * and MPI_Graph_create, so that the library may reorder ranks when the program allows it
 * (reorder). The topology queries stay with the Java side, computed from the same arguments and
 * the rank the library chose; only the communicator comes from here.
 *
 * out = {communicator or 0, member}, as mpi4jni.c's constructors: member is 0 on the ranks the
 * library leaves out (MPI_COMM_NULL).
 */
#include <jni.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))

static jint new_comm(JNIEnv *env, jlongArray out, int rc, MPI_Comm n) {
    int member = rc == MPI_SUCCESS && n != MPI_COMM_NULL;
    /* as every communicator of the glue: errors come back as codes, never abort */
    if (member) MPI_Comm_set_errhandler(n, MPI_ERRORS_RETURN);
    jlong v[2] = {member ? H2J(n) : 0, member};
    (*env)->SetLongArrayRegion(env, out, 0, 2, v);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTopology_cartCreate(JNIEnv *env, jclass c, jlong comm, jintArray dims,
                                                                jintArray periods, jboolean reorder, jlongArray out) {
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
    jsize nnodes = (*env)->GetArrayLength(env, index);
    jint *ix = (*env)->GetIntArrayElements(env, index, NULL);
    jint *e = (*env)->GetIntArrayElements(env, edges, NULL);
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Graph_create(J2COMM(comm), nnodes, (int *)ix, (int *)e, reorder ? 1 : 0, &n);
    (*env)->ReleaseIntArrayElements(env, edges, e, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, index, ix, JNI_ABORT);
    return new_comm(env, out, rc, n);
}
